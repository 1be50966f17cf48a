package org.fusionj.core.registration;

import org.fusionj.core.parallel.RowBlocks;

/**
 * Mean squared error between the Otsu-binarised volumes (the paper's metric): binarising each volume with its own
 * threshold removes the gain change between energies. The optimiser compares soft masks
 * ({@link PreparedVolume#softMask}: the grey values scaled so that Otsu's class means are 0 and 1, clamped), which
 * keep where an edge crosses a voxel; the hard masks (which snap edges to the voxel grid and biased the fit by a few
 * hundredths of a voxel) still give the reported MSE and Dice. The residual of a band voxel is {@code M(W x) - F(x)}.
 */
final class BinarisedMse implements Metric {

    /** Band: |grad| above 2 % of the largest (a smoothed mask has a clean, narrow gradient shell). */
    static final double BAND = 0.02;

    @Override
    public Volume pyramidInput(Volume grey, Volume binary, PreparedVolume.OtsuSplit split, RowBlocks blocks) {
        return PreparedVolume.softMask(grey, split, blocks);
    }

    @Override
    public double bandFraction() {
        return BAND;
    }

    /**
     * The smoothed mask's gradient vanishes farther than the kernel reach (3 sigma, plus the pyramid's block
     * averaging) from the mask's bounding box: the band is looked for only inside that box on each level.
     */
    @Override
    public int[] searchBox(int[] box, int level, double smoothing) {
        double s = 1 << level;
        int grow = (int) Math.ceil(3 * smoothing) + 2;
        int[] out = new int[6];
        for (int i = 0; i < 6; i += 2) {
            out[i] = (int) Math.floor((box[i] - (s - 1) / 2) / s) - grow;
            out[i + 1] = (int) Math.ceil((box[i + 1] - (s - 1) / 2) / s) + grow;
        }
        return out;
    }

    @Override
    public int sumsLength() {
        return 13;
    }

    /** 12 sd e, then sum e^2. */
    @Override
    public void accumulate(double[] acc, double[] sd, double moving, double fixed) {
        double e = moving - fixed;
        for (int r = 0; r < 12; r++) {
            acc[r] += sd[r] * e;
        }
        acc[12] += e * e;
    }

    @Override
    public double finish(double[] s, BandSums band, double[] rhs12) {
        System.arraycopy(s, 0, rhs12, 0, 12);
        return s[12] / Math.max(1, band.count());
    }

    /** {@code f = mean((M(T x) - F(x))^2)}, {@code df/dT_ij = 2/N sum e g_i x_j} (x_3 = 1). */
    @Override
    public MetricEvaluation.Value evaluate(Volume fixed, Volume moving, AffineTransform3D t, boolean withGradient,
            RowBlocks blocks) {
        int nx = fixed.nx();
        int ny = fixed.ny();
        int nz = fixed.nz();
        float[] f = fixed.data();
        int nb = RowBlocks.blockCount(nz);
        double[][] parts = new double[nb][13];
        blocks.forEach(nz, (z0, z1) -> {
            double[] acc = parts[RowBlocks.blockIndex(z0)];
            double[] p = new double[3];
            double[] g = new double[3];
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        t.apply(x, y, z, p);
                        double m = Sampling.trilinearWithGradient(moving.data(), moving.nx(), moving.ny(),
                                moving.nz(), p[0], p[1], p[2], g);
                        double e = m - f[x + nx * (y + ny * z)];
                        acc[12] += e * e;
                        if (withGradient) {
                            MetricEvaluation.accumulate(acc, e, g, x, y, z);
                        }
                    }
                }
            }
        });
        double[] sum = MetricEvaluation.combine(parts, 13);
        double n = fixed.voxels();
        double[] grad = null;
        if (withGradient) {
            grad = new double[12];
            for (int i = 0; i < 12; i++) {
                grad[i] = 2 * sum[i] / n;
            }
        }
        return new MetricEvaluation.Value(sum[12] / n, grad);
    }
}
