package org.fusionj.core.dictionary;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressCounter;
import org.fusionj.core.progress.ProgressListener;

/**
 * Enhances an image with a dictionary: every patch (at the chosen stride) is normalised
 * ({@code (patch - mean) / s}), sparse-coded on the coding atoms, rebuilt as {@code D^T a * s + mean} with the
 * rebuild atoms and averaged into the output with its overlap weights.
 *
 * <p>Streaming: patches are cut, coded and added back one at a time into a sum and a weight image, so memory is
 * two images plus a few kilobytes per thread whatever the number of patches. Work is split into bands of
 * {@link RowBlocks#ROWS_PER_BLOCK} patch rows; even bands run first, then odd bands, so that bands running at the
 * same time never write the same pixel and every pixel receives its contributions in the same order: the result is
 * bit-identical for any number of threads.
 */
public final class PatchEnhancer {

    /** Largest patch size: two bands apart must not overlap (see the class comment). */
    public static final int MAX_PATCH_SIZE = RowBlocks.ROWS_PER_BLOCK;

    private final Dictionary dictionary;
    private final EnhanceParameters parameters;
    private final GramMatrix gram;
    /**
     * The coding atoms transposed: one array of k values per patch pixel, so the correlation loop runs over a whole
     * array without offset (which HotSpot vectorises).
     */
    private final double[][] codingTransposed;
    private final double[] patchWeights;

    public PatchEnhancer(Dictionary dictionary, EnhanceParameters parameters) {
        if (dictionary.patchSize() > MAX_PATCH_SIZE) {
            throw new InvalidInputException("patch size " + dictionary.patchSize() + " is above the largest "
                    + "supported, " + MAX_PATCH_SIZE);
        }
        this.dictionary = dictionary;
        this.parameters = parameters;
        this.gram = dictionary.codingGram();
        int k = dictionary.atomCount();
        int len = dictionary.patchLength();
        codingTransposed = new double[len][k];
        double[] atoms = dictionary.codingAtoms();
        for (int a = 0; a < k; a++) {
            for (int i = 0; i < len; i++) {
                codingTransposed[i][a] = atoms[a * len + i];
            }
        }
        patchWeights = parameters.weighting().weights(dictionary.patchSize());
    }

    public Dictionary dictionary() {
        return dictionary;
    }

    public EnhanceParameters parameters() {
        return parameters;
    }

    /** Number of patches {@link #enhance} codes for an image of this size. */
    public long patchCount(int width, int height) {
        int p = dictionary.patchSize();
        return (long) PatchGrid.corners(width, p, parameters.stride()).length
                * PatchGrid.corners(height, p, parameters.stride()).length;
    }

    /**
     * The enhanced image (same size as the input).
     *
     * @throws InvalidInputException when the image is smaller than a patch or has NaN/infinite pixels
     */
    public float[] enhance(ImagePlane image, int threads, ProgressListener progress, CancellationToken cancel) {
        image.requireFinite();
        int p = dictionary.patchSize();
        int w = image.width();
        int[] cx = PatchGrid.corners(w, p, parameters.stride());
        int[] cy = PatchGrid.corners(image.height(), p, parameters.stride());
        double[] sum = new double[image.size()];
        double[] weight = new double[image.size()];
        int band = RowBlocks.ROWS_PER_BLOCK;
        int bands = (cy.length + band - 1) / band;
        ProgressCounter rowsDone = new ProgressCounter(progress, cy.length, "patch row");
        try (RowBlocks pool = new RowBlocks(threads)) {
            for (int phase = 0; phase < 2; phase++) {
                int inPhase = (bands - phase + 1) / 2;
                int phaseIndex = phase;
                pool.forEach(inPhase * band, (start, end) -> {
                    int b = 2 * (start / band) + phaseIndex;
                    Workspace ws = new Workspace();
                    for (int r = b * band; r < Math.min(cy.length, (b + 1) * band); r++) {
                        cancel.throwIfCancelled();
                        ws.codeRow(image.pixels(), w, cx, cy[r], sum, weight);
                        rowsDone.add(1);
                    }
                });
            }
        }
        float[] out = new float[image.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sum[i] / weight[i]);
        }
        return out;
    }

    /**
     * The code of the patch whose top-left corner is (x, y), written into {@code code}; for inspection and tests.
     */
    public void codePatch(ImagePlane image, int x, int y, SparseCode code) {
        int p = dictionary.patchSize();
        if (x < 0 || y < 0 || x + p > image.width() || y + p > image.height()) {
            throw new InvalidInputException("patch corner (" + x + ", " + y + ") is outside " + image.sizeText());
        }
        Workspace ws = new Workspace();
        ws.codePatch(image.pixels(), image.width(), x, y);
        code.clear();
        for (int i = 0; i < ws.code.count(); i++) {
            code.add(ws.code.atom(i), ws.code.value(i));
        }
    }

    /**
     * One thread's buffers and coder. Correlations {@code D y} are computed for {@link #GROUP} patches of a row
     * at a time, so that the transposed atoms are read once per group instead of once per patch (the product
     * dominates OMP's cost).
     */
    private final class Workspace {
        static final int GROUP = 4;
        final int p = dictionary.patchSize();
        final int len = p * p;
        final int k = dictionary.atomCount();
        final double scale = dictionary.scale();
        final double[][] patch = new double[GROUP][len];
        final double[][] corr = new double[GROUP][k];
        final double[] means = new double[GROUP];
        final double[] squaredNorms = new double[GROUP];
        final double[] rebuilt = new double[len];
        final SparseCoder coder = parameters.coder().newCoder(gram, len, scale);
        final SparseCode code = new SparseCode(coder.maxAtoms());

        /** Codes, rebuilds and accumulates the patches with corners (cx[i], y0). */
        void codeRow(float[] pixels, int width, int[] cx, int y0, double[] sum, double[] weight) {
            for (int first = 0; first < cx.length; first += GROUP) {
                int n = Math.min(GROUP, cx.length - first);
                for (int g = 0; g < n; g++) {
                    normalise(pixels, width, cx[first + g], y0, g);
                }
                correlate(n);
                for (int g = 0; g < n; g++) {
                    coder.code(corr[g], squaredNorms[g], code);
                    addRebuilt(sum, weight, width, cx[first + g], y0, means[g]);
                }
            }
        }

        /** Codes one patch into {@link #code}. */
        void codePatch(float[] pixels, int width, int x0, int y0) {
            normalise(pixels, width, x0, y0, 0);
            correlate(1);
            coder.code(corr[0], squaredNorms[0], code);
        }

        private void normalise(float[] pixels, int width, int x0, int y0, int g) {
            double[] y = patch[g];
            double s = 0;
            for (int dy = 0; dy < p; dy++) {
                int row = (y0 + dy) * width + x0;
                for (int dx = 0; dx < p; dx++) {
                    double v = pixels[row + dx];
                    y[dy * p + dx] = v;
                    s += v;
                }
            }
            double mean = s / len;
            double sq = 0;
            for (int i = 0; i < len; i++) {
                double v = (y[i] - mean) / scale;
                y[i] = v;
                sq += v * v;
            }
            means[g] = mean;
            squaredNorms[g] = sq;
        }

        private void correlate(int n) {
            for (int g = 0; g < n; g++) {
                java.util.Arrays.fill(corr[g], 0);
            }
            if (n == GROUP) {
                double[] c0 = corr[0];
                double[] c1 = corr[1];
                double[] c2 = corr[2];
                double[] c3 = corr[3];
                for (int i = 0; i < len; i++) {
                    double v0 = patch[0][i];
                    double v1 = patch[1][i];
                    double v2 = patch[2][i];
                    double v3 = patch[3][i];
                    double[] row = codingTransposed[i];
                    for (int j = 0; j < k; j++) {
                        double d = row[j];
                        c0[j] += d * v0;
                        c1[j] += d * v1;
                        c2[j] += d * v2;
                        c3[j] += d * v3;
                    }
                }
                return;
            }
            for (int g = 0; g < n; g++) {
                double[] c = corr[g];
                double[] y = patch[g];
                for (int i = 0; i < len; i++) {
                    double v = y[i];
                    double[] row = codingTransposed[i];
                    for (int j = 0; j < k; j++) {
                        c[j] += row[j] * v;
                    }
                }
            }
        }

        private void addRebuilt(double[] sum, double[] weight, int width, int x0, int y0, double mean) {
            java.util.Arrays.fill(rebuilt, 0);
            double[] atoms = dictionary.rebuildAtoms();
            for (int n = 0; n < code.count(); n++) {
                double a = code.value(n);
                int off = code.atom(n) * len;
                for (int i = 0; i < len; i++) {
                    rebuilt[i] += a * atoms[off + i];
                }
            }
            for (int dy = 0; dy < p; dy++) {
                int row = (y0 + dy) * width + x0;
                for (int dx = 0; dx < p; dx++) {
                    int i = dy * p + dx;
                    double wgt = patchWeights[i];
                    sum[row + dx] += (rebuilt[i] * scale + mean) * wgt;
                    weight[row + dx] += wgt;
                }
            }
        }
    }
}
