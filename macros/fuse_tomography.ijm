// FusionJ example: fused multi-modal electron tomography (HAADF + one chemical tilt series per element).
// Here the data are simulated (Au, Ag, Cu nanoparticles of known chemistry, HAADF every 2 degrees, chemistry every
// 10 degrees, tilt angles in the slice labels); with your own data, open the HAADF stack and one stack per element
// (one image per tilt, tilt axis vertical) instead, and type the angles or leave them blank to use the labels.
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

run("Simulate Fused Tomography Data...", "size=32 elements=Au,Ag,Cu particles=10 shape=mixed radius_min=auto "
    + "radius_max=auto core_shell=0.60 haadf_angles=-70:70:2 chem_angles=-70:70:10 gamma=1.60 weight_method=1 "
    + "haadf_dose=1 chem_dose=1 haadf_background=0.0 chem_background=0.00 seed=20260301");
selectImage("True concentrations");
saveAs("Tiff", out + File.separator + "truth.tif");

run("Fused Multi-Modal Tomography...", "haadf=[HAADF tilt series] elements=Au,Ag,Cu map_1=[Au tilt series] "
    + "map_2=[Ag tilt series] map_3=[Cu tilt series] map_4=*None* map_5=*None* map_6=*None* haadf_angles=[] "
    + "chem_angles=[] method=fused gamma=1.60 weight_method=1 lambda_haadf=3.0000 lambda_chem=1.0000 "
    + "lambda_tv=0.0150 n_iter=20 n_iter_tv=5 bkg=0.1000 regularize projector=joseph depth=0 n_iter_init=20 "
    + "tv_coupling=joint tv_warm_start composition_tv=0.3000 "
    + "save output=[" + out + "] overwrite");

// the convergence plots open last and are the current image: select the volumes (one channel per element)
selectImage("volumes of HAADF tilt series");
print("volumes: " + getTitle() + ", " + nSlices + " images");
