// FusionJ example: 3-D registration of a spectro-tomography series to its highest energy.
// Here the series is simulated (three textured particles drifting from energy to energy, absorption rising
// across the Mn K edge); with your own data, open the hyperstack (energies as frames) instead.
//
// Argument (optional): "ANYTHING|OUTPUT_FOLDER" (the test suite passes the DyScO3 file first; it is not used).
// Without it, the macro asks for the output folder.
arg = getArgument();
if (arg == "") {
    out = getDirectory("Choose a folder for the results");
} else {
    parts = split(arg, "|");
    out = parts[1];
}
setBatchMode(true);

run("Simulate Spectro-Tomography Series...", "size=48 energies=4 noise=0.02 salt_pepper=0 seed=1");

// The energies travel with the image (its metadata), so 'energies' can stay blank.
run("Register Spectro-Tomography Series...", "series=[Simulated spectro-tomography series] energies=[] "
    + "energies_file=[] fixed_energy=highest transform=affine metric=mse smoothing=1 levels=3 iterations=30 "
    + "dilation=4 min_voxels=100 interpolation=linear init_neighbour save output=[" + out + "] overwrite");

table = "Registration results";
for (i = 0; i < Table.size(table); i++)
    print("energy " + d2s(Table.get("energy_eV", i, table), 1) + " eV: mse before "
        + d2s(Table.get("mse_before", i, table), 5) + ", mse after " + d2s(Table.get("mse_after", i, table), 5)
        + ", dice after " + d2s(Table.get("dice_after", i, table), 4));
