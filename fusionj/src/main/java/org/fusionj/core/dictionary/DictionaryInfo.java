package org.fusionj.core.dictionary;

/**
 * How a dictionary was learnt; stored with it so that a result can be traced and repeated, and so that an image
 * in other units is refused rather than silently mis-scaled.
 *
 * @param mode       plain or coupled
 * @param psfSigma   coupled: the Gaussian PSF sigma (pixels) used to simulate the TXM patches; NaN for plain
 * @param noiseSigma coupled: the noise level (image units) added to the simulated patches; NaN for plain
 * @param seed       random seed of patch sampling, initialisation and atom replacement
 * @param alpha      lasso penalty used while learning
 * @param steps      number of mini-batch steps
 * @param batchSize  patches per mini-batch
 * @param bitDepth   bit depth of the training images (8, 16 or 32), or 0 when unknown
 * @param pixelSize  pixel width of the training images, or NaN when uncalibrated
 * @param pixelUnit  unit of {@code pixelSize} ("" when uncalibrated)
 */
public record DictionaryInfo(DictionaryMode mode, double psfSigma, double noiseSigma, long seed, double alpha,
        int steps, int batchSize, int bitDepth, double pixelSize, String pixelUnit) {

    public DictionaryInfo {
        if (mode == null) {
            throw new org.fusionj.core.InvalidInputException("the dictionary's mode is missing");
        }
        if (pixelUnit == null) {
            pixelUnit = "";
        }
    }

    /** The same record with the training images' bit depth and calibration. */
    public DictionaryInfo withSource(int depth, double size, String unit) {
        return new DictionaryInfo(mode, psfSigma, noiseSigma, seed, alpha, steps, batchSize, depth, size, unit);
    }

    public boolean calibrated() {
        return pixelSize > 0 && Double.isFinite(pixelSize);
    }
}
