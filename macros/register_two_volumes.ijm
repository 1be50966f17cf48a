// FusionJ example: one 3-D volume registered to another (here two energies of a simulated series, split into
// two stacks), with normalised cross-correlation on the grey values (no threshold needed).
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

run("Simulate Spectro-Tomography Series...", "size=48 energies=2 noise=0.02 salt_pepper=0 seed=3");
series = getTitle();
run("Duplicate...", "title=fixed duplicate frames=2");
selectWindow(series);
run("Duplicate...", "title=moving duplicate frames=1");

run("Register Two Volumes...", "fixed=fixed moving=moving transform=affine metric=ncc smoothing=1 levels=3 "
    + "iterations=30 dilation=4 min_voxels=100 interpolation=cubic save output=[" + out + "] overwrite");

table = "Registration results";
print("mse before " + d2s(Table.get("mse_before", 0, table), 5) + ", mse after "
    + d2s(Table.get("mse_after", 0, table), 5) + ", centre shift " + d2s(Table.get("shift_x", 0, table), 3) + " "
    + d2s(Table.get("shift_y", 0, table), 3) + " " + d2s(Table.get("shift_z", 0, table), 3) + " voxels");
