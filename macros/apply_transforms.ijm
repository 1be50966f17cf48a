// FusionJ example: register one series, then warp other data with the saved transforms.json (Apply Transforms):
// another channel or the raw volumes (linear) and a label image (nearest neighbour: labels stay labels).
// Here the series is simulated and the "other data" are derived from it; with your own data, open the other
// channel or label image (same number of energies, or one volume with index=N) instead.
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
if (!endsWith(out, File.separator))
    out = out + File.separator;
setBatchMode(true);

run("Simulate Spectro-Tomography Series...", "size=32 energies=3 noise=0.02 salt_pepper=0 seed=1");
series = getTitle();

// 1. Register: saves registered.tif and transforms.json (and the table and MSE figures) into the folder.
run("Register Spectro-Tomography Series...", "series=[" + series + "] energies=[] energies_file=[] "
    + "fixed_energy=highest transform=rigid metric=mse smoothing=1 levels=2 iterations=30 interpolation=linear "
    + "init_neighbour save output=[" + out + "] overwrite");

// 2. The same transforms onto other data of the same length: here the series itself, so the result must equal
//    registered.tif (another channel or the raw data of a binned copy is warped the same way).
run("Apply Transforms...", "input=[" + series + "] transforms=[" + out + "transforms.json] interpolation=linear "
    + "index=-1 save output=[" + out + "applied.tif] overwrite");

// 3. A label image (8-bit, 0 and 255 here) with nearest neighbour: it stays 8-bit and keeps its label values.
selectImage(series);
run("Duplicate...", "title=labels duplicate");
run("Macro...", "code=v=(v>0.3)*2 stack");
setMinAndMax(0, 2);
run("8-bit");
run("Apply Transforms...", "input=labels transforms=[" + out + "transforms.json] interpolation=nearest index=-1 "
    + "save output=[" + out + "labels_registered.tif] overwrite");
print("applied the transforms to " + series + " and to its labels");
