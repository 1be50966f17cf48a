package org.fusionj.core.dictionary;

/**
 * How a dictionary was learnt; stored with it so that a result can be traced and repeated.
 *
 * @param mode       plain or coupled
 * @param psfSigma   coupled: the Gaussian PSF sigma (pixels) used to simulate the TXM patches; NaN for plain
 * @param noiseSigma coupled: the noise level (image units) added to the simulated patches; NaN for plain
 * @param seed       random seed of patch sampling, initialisation and atom replacement
 * @param alpha      lasso penalty used while learning
 * @param steps      number of mini-batch steps
 * @param batchSize  patches per mini-batch
 */
public record DictionaryInfo(DictionaryMode mode, double psfSigma, double noiseSigma, long seed, double alpha,
        int steps, int batchSize) {

    public DictionaryInfo {
        if (mode == null) {
            throw new org.fusionj.core.InvalidInputException("the dictionary's mode is missing");
        }
    }
}
