// FusionJ example: edge-energy maps and per-particle statistics of a spectro-tomography series.
// Here the series is simulated (three particles whose Mn K edge shifts by 5 eV across the volume, SNR 50);
// with your own data, open the registered hyperstack (energies as frames) instead.
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

run("Simulate XANES Series...", "width=48 height=48 depth=24 particles=3 snr=50 seed=1");

// The energies travel with the image (its metadata), so 'energies' can stay blank.
run("XANES Edge Map...", "series=[Simulated XANES series] energies=[] energies_file=[] edge=[Mn K] e0=6549 "
    + "pre_edge=[] post_edge=[] post_order=1 jump_threshold=5 edge_window=[] white_line_window=[] "
    + "methods=half_height,max_derivative edge_jump mask=*None* references=[] sum_to_one particles connectivity=26 "
    + "min_voxels=10 bin_width=0.25 save output=[" + out + "] overwrite");

selectWindow("half_height of Simulated XANES series");
getStatistics(area, mean, min, max);
print("half-height edge energy: " + d2s(min, 2) + " to " + d2s(max, 2) + " eV");
table = "XANES particles";
print("particles: " + Table.size(table));
for (i = 0; i < Table.size(table); i++)
    print("particle " + Table.get("particle", i, table) + ": peak " + d2s(Table.get("peak_eV", i, table), 2)
        + " eV, FWHM " + d2s(Table.get("fwhm_eV", i, table), 2) + " eV");
