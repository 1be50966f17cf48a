// FusionJ example: fuse the bundled DyScO3 HAADF + X-EDS maps with the published tutorial parameters.
//
// Argument (optional): "NPZ|OUTPUT_FOLDER", e.g. from the command line
//   ImageJ -batch fuse_dysco3.ijm "/path/FusionJ/test-data/DyScO3/DyScO3_HAADF_EDX.npz|/tmp/fused"
// Without it, the macro asks for the data file and the output folder.
arg = getArgument();
if (arg == "") {
    npz = File.openDialog("Choose DyScO3_HAADF_EDX.npz (FusionJ test-data/DyScO3)");
    out = getDirectory("Choose a folder for the results");
} else {
    parts = split(arg, "|");
    npz = parts[0];
    out = parts[1];
}
setBatchMode(true);

// The HAADF image and one map per element, read from the NPZ archive.
run("Import Array...", "open=[" + npz + "] key=HAADF");
elements = newArray("Sc", "Dy", "O");
for (i = 0; i < elements.length; i++)
    run("Import Array...", "open=[" + npz + "] key=" + elements[i]);

run("Fuse Multi-Modal...", "haadf=HAADF map_1=Sc map_2=Dy map_3=O map_4=*None* map_5=*None* map_6=*None* "
    + "elements=Sc,Dy,O preset=tutorial gamma=1.60 weight_method=1 lambda_haadf=auto lambda_chem=0.0800 "
    + "lambda_tv=0.1500 n_iter=30 n_iter_tv=3 bkg=0.2400 threshold=0 regularize save output=[" + out + "] overwrite");

// The results are new windows: the fused maps (one channel per element), the model HAADF, the cost curves.
selectWindow("Fused maps of HAADF");
for (c = 1; c <= nSlices; c++) {
    setSlice(c);
    getStatistics(area, mean, min, max);
    print(getInfo("slice.label") + ": mean " + d2s(mean, 5) + ", max " + d2s(max, 5));
}
print("results saved to " + out);
