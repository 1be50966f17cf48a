// FusionJ example: learn a coupled dictionary from a STEM image and enhance a TXM image with it.
// The images are the 128 x 128 synthetic crops in FusionJ's test-data/dictionary folder (the TXM one is the
// STEM-like structure blurred with a 2-pixel Gaussian PSF plus noise); with your own data, open your STEM and
// TXM images instead, at the same pixel size.
//
// Argument (optional): "DyScO3_FILE|OUTPUT_FOLDER" as the test suite passes it (the test-data folder is found
// beside the DyScO3 file). Without it, the macro asks for the test-data/dictionary folder and an output folder.
arg = getArgument();
if (arg == "") {
    data = getDirectory("Choose FusionJ's test-data/dictionary folder");
    out = getDirectory("Choose a folder for the results");
} else {
    parts = split(arg, "|");
    data = File.getParent(File.getParent(parts[0])) + File.separator + "dictionary" + File.separator;
    out = parts[1];
}
if (!endsWith(out, File.separator)) out = out + File.separator;
setBatchMode(true);
open(data + "stem_crop128.tif");
open(data + "txm_crop128.tif");

// Coupled mode: pairs simulated from the STEM image with a 2-pixel PSF; the noise is estimated from the TXM.
run("Learn Dictionary...", "stem=stem_crop128.tif all_slices mode=coupled patch=8 atoms=128 alpha=1 steps=60 "
    + "batch=128 training_patches=5000 seed=1 txm=txm_crop128.tif psf_sigma=2 noise=auto save "
    + "output=[" + out + "dictionary.tif] overwrite");
dictionary = getTitle();

// OMP with 2 atoms per patch, every patch; the result opens as a new window with the TXM's calibration.
run("Enhance with Dictionary...", "txm=txm_crop128.tif dictionary=" + dictionary + " dictionary_file=[] "
    + "coder=omp alpha=auto sparsity=2 error_target=none stride=1 weighting=uniform save "
    + "output=[" + out + "enhanced.tif] overwrite");
enhanced = getTitle();

// How much closer to the noise-free, unblurred truth did it get?
open(data + "txm_gt_crop128.tif");
truth = getTitle();
print("PSNR input: " + d2s(psnr(truth, "txm_crop128.tif"), 2) + " dB");
print("PSNR enhanced: " + d2s(psnr(truth, enhanced), 2) + " dB");

function psnr(a, b) {
    imageCalculator("Subtract create 32-bit", a, b);
    run("Square");
    getStatistics(area, mse);
    close();
    return 10 * log(1 / mse) / log(10);
}
