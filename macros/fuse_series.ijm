// FusionJ example: fuse a series (a HAADF stack with a map stack per element) frame by frame with one parameter set.
// The series is cut from the bundled DyScO3 data: three 64 x 64 frames at three places, as a drifting scan would
// give them; with your own data, open the HAADF stack and one stack per element (or one hyperstack with a channel
// per element, given as map_1) instead.
//
// Argument (optional): "NPZ|OUTPUT_FOLDER", e.g. from the command line
//   ImageJ -batch fuse_series.ijm "/path/FusionJ/test-data/DyScO3/DyScO3_HAADF_EDX.npz|/tmp/fused-series"
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

keys = newArray("HAADF", "Sc", "Dy", "O");
x = newArray(0, 96, 160);
y = newArray(0, 64, 160);
for (k = 0; k < keys.length; k++) {
    run("Import Array...", "open=[" + npz + "] key=" + keys[k]);
    for (f = 0; f < x.length; f++) {
        selectWindow(keys[k]);
        makeRectangle(x[f], y[f], 64, 64);
        run("Duplicate...", "title=" + keys[k] + "_frame" + (f + 1));
    }
    run("Images to Stack", "name=[" + keys[k] + " series] title=" + keys[k] + "_frame use");
}
selectWindow("HAADF series");
run("Properties...", "channels=1 slices=1 frames=3 pixel_width=0.02 pixel_height=0.02 voxel_depth=1 unit=nm");

run("Fuse Multi-Modal...", "haadf=[HAADF series] map_1=[Sc series] map_2=[Dy series] map_3=[O series] "
    + "map_4=*None* map_5=*None* map_6=*None* elements=Sc,Dy,O preset=tutorial gamma=1.60 weight_method=1 "
    + "lambda_haadf=auto lambda_chem=0.0800 lambda_tv=0.1500 n_iter=30 n_iter_tv=3 bkg=0.2400 threshold=0 "
    + "regularize save output=[" + out + "] overwrite");

// The results: the fused maps as a hyperstack (a channel per element, a frame per frame) and the model HAADF.
selectWindow("Fused maps of HAADF series");
getDimensions(width, height, channels, slices, frames);
getPixelSize(unit, pw, ph);
print("fused maps: " + channels + " channels, " + frames + " frames, pixel " + pw + " " + unit);
for (f = 1; f <= frames; f++) {
    Stack.setFrame(f);
    Stack.setChannel(2);
    getStatistics(area, mean, min, max);
    print("frame " + f + " Dy: mean " + d2s(mean, 5) + ", max " + d2s(max, 5));
}
print("results saved to " + out);
