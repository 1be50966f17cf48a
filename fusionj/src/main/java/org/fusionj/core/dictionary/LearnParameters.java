package org.fusionj.core.dictionary;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;

/**
 * Everything the dictionary learner needs besides the images. Front-end parameter names in brackets.
 *
 * @param mode             plain or coupled [{@code mode}]
 * @param patchSize        p, patches are p x p, 2 to 32 [{@code patch}]
 * @param atoms            k, number of atoms, &gt;= 1; fewer than p^2 is allowed in plain mode but is not
 *                         over-complete (a warning) [{@code atoms}]
 * @param alpha            lasso penalty of the coding step, in normalised units, &gt; 0 [{@code alpha}]
 * @param steps            mini-batch steps [{@code steps}]
 * @param batchSize        patches per mini-batch [{@code batch}]
 * @param trainingPatches  random patches drawn from the STEM images once, cycled through in shuffled order
 *                         [{@code training_patches}]
 * @param seed             seed of every random choice: same seed and steps, same dictionary [{@code seed}]
 * @param psfSigma         coupled: Gaussian PSF sigma in pixels, or NaN to estimate it from the TXM image
 *                         [{@code psf_sigma}]
 * @param noiseSigma       coupled: noise level added to the simulated TXM patches (image units), or NaN to
 *                         estimate it from the TXM image [{@code noise}]
 */
public record LearnParameters(DictionaryMode mode, int patchSize, int atoms, double alpha, int steps, int batchSize,
        int trainingPatches, long seed, double psfSigma, double noiseSigma) {

    public static final int MAX_PATCH_SIZE = PatchEnhancer.MAX_PATCH_SIZE;

    public LearnParameters {
        if (mode == null) {
            throw new InvalidInputException("mode is missing (plain or coupled)");
        }
        if (patchSize < 2 || patchSize > MAX_PATCH_SIZE) {
            throw new InvalidInputException("patch size must be 2 to " + MAX_PATCH_SIZE + " pixels, got "
                    + patchSize);
        }
        Require.atLeastOne("the number of atoms", atoms);
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new InvalidInputException("alpha (the lasso penalty) must be a number > 0, got " + alpha);
        }
        Require.atLeastOne("steps", steps);
        Require.atLeastOne("batch size", batchSize);
        if (trainingPatches < atoms) {
            throw new InvalidInputException("training patches (" + trainingPatches + ") must be at least the "
                    + "number of atoms (" + atoms + "): atoms start as random training patches");
        }
        if (!Double.isNaN(psfSigma) && (!(psfSigma > 0) || Double.isInfinite(psfSigma))) {
            throw new InvalidInputException("psf_sigma must be a number of pixels > 0 (or empty to estimate it), "
                    + "got " + psfSigma);
        }
        if (!Double.isNaN(noiseSigma) && (!(noiseSigma >= 0) || Double.isInfinite(noiseSigma))) {
            throw new InvalidInputException("noise must be a number >= 0 (or empty to estimate it), got "
                    + noiseSigma);
        }
    }

    /** The reference settings: plain, 8 x 8, 256 atoms, alpha 1, 237 steps of 256 from 20000 patches, seed 0. */
    public static LearnParameters defaults() {
        return new LearnParameters(DictionaryMode.PLAIN, 8, 256, 1, 237, 256, 20000, 0, Double.NaN, Double.NaN);
    }

    /** Whether the dictionary has fewer atoms than patch pixels (allowed in plain mode, but worth a warning). */
    public boolean undercomplete() {
        return atoms < patchSize * patchSize;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** Changes a few values; {@link #build()} validates the whole. */
    public static final class Builder {
        private DictionaryMode mode;
        private int patchSize;
        private int atoms;
        private double alpha;
        private int steps;
        private int batchSize;
        private int trainingPatches;
        private long seed;
        private double psfSigma;
        private double noiseSigma;

        private Builder(LearnParameters p) {
            mode = p.mode;
            patchSize = p.patchSize;
            atoms = p.atoms;
            alpha = p.alpha;
            steps = p.steps;
            batchSize = p.batchSize;
            trainingPatches = p.trainingPatches;
            seed = p.seed;
            psfSigma = p.psfSigma;
            noiseSigma = p.noiseSigma;
        }

        public Builder mode(DictionaryMode v) {
            mode = v;
            return this;
        }

        public Builder patchSize(int v) {
            patchSize = v;
            return this;
        }

        public Builder atoms(int v) {
            atoms = v;
            return this;
        }

        public Builder alpha(double v) {
            alpha = v;
            return this;
        }

        public Builder steps(int v) {
            steps = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder trainingPatches(int v) {
            trainingPatches = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder psfSigma(double v) {
            psfSigma = v;
            return this;
        }

        public Builder noiseSigma(double v) {
            noiseSigma = v;
            return this;
        }

        public LearnParameters build() {
            return new LearnParameters(mode, patchSize, atoms, alpha, steps, batchSize, trainingPatches, seed,
                    psfSigma, noiseSigma);
        }
    }
}
