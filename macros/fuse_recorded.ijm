// FusionJ example: the line the macro recorder wrote for "Plugins > FusionJ > Fuse Multi-Modal..." after the
// DyScO3 images were fused with the tutorial preset and saved (only the output folder is now a variable).
// Argument (optional): "NPZ|OUTPUT_FOLDER" as for fuse_dysco3.ijm; without it the macro asks.
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
run("Import Array...", "open=[" + npz + "] key=HAADF");
run("Import Array...", "open=[" + npz + "] key=Sc");
run("Import Array...", "open=[" + npz + "] key=Dy");
run("Import Array...", "open=[" + npz + "] key=O");

// Recorded:
run("Fuse Multi-Modal...", "haadf=HAADF map_1=Sc map_2=Dy map_3=O map_4=*None* map_5=*None* map_6=*None* elements=Sc,Dy,O preset=tutorial gamma=1.60 weight_method=1 lambda_haadf=auto lambda_chem=0.0800 lambda_tv=0.1500 n_iter=30 n_iter_tv=3 bkg=0.2400 threshold=0.000 regularize save output=[" + out + "]");

selectWindow("Fused maps of HAADF");
Stack.setChannel(2);
getStatistics(area, mean);
print("Dy: mean " + d2s(mean, 5));
