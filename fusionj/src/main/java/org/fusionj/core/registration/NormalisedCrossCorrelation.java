package org.fusionj.core.registration;

import org.fusionj.core.parallel.RowBlocks;

/**
 * Normalised cross-correlation of the grey values (1 - NCC is minimised): invariant to gain and offset, needs no
 * threshold, and uses the texture inside the particles too. In the optimiser the residual of a band voxel is
 * {@code a M(W x) + c - F(x)} with gain a and offset c fitted in closed form at each iteration; minimising it over
 * the transform maximises the squared correlation over the band.
 */
final class NormalisedCrossCorrelation implements Metric {

    /** Band: |grad| above 5 % of the largest (grey values have gradients everywhere; keep the informative ones). */
    static final double BAND = 0.05;

    @Override
    public Volume pyramidInput(Volume grey, Volume binary, PreparedVolume.OtsuSplit split, RowBlocks blocks) {
        return grey;
    }

    @Override
    public double bandFraction() {
        return BAND;
    }

    /** Grey values have a gradient anywhere: search the whole volume. */
    @Override
    public int[] searchBox(int[] maskBox, int level, double smoothing) {
        return null;
    }

    @Override
    public int sumsLength() {
        return 15;
    }

    /** 12 sd M, then sum M, sum M^2, sum M F. */
    @Override
    public void accumulate(double[] acc, double[] sd, double moving, double fixed) {
        for (int r = 0; r < 12; r++) {
            acc[r] += sd[r] * moving;
        }
        acc[12] += moving;
        acc[13] += moving * moving;
        acc[14] += moving * fixed;
    }

    @Override
    public double finish(double[] s, BandSums band, double[] rhs12) {
        double n = band.count();
        double sm = s[12];
        double smm = s[13] - sm * sm / n;
        double smf = s[14] - sm * band.f() / n;
        double sff = band.ff() - band.f() * band.f() / n;
        double gain = smm > 0 ? smf / smm : 0;
        double offset = (band.f() - gain * sm) / n;
        double[] sd1 = band.sd();
        double[] sdF = band.sdF();
        for (int r = 0; r < 12; r++) {
            rhs12[r] = gain * s[r] + offset * sd1[r] - sdF[r];
        }
        return smm > 0 && sff > 0 ? 1 - smf * smf / (smm * sff) : 1;
    }

    /**
     * {@code f = 1 - S_mf / sqrt(S_mm S_ff)} with centred sums; {@code df/dm_k = -(f_k - mean f) / sqrt(S_mm S_ff)
     * + NCC (m_k - mean m) / S_mm}, chained with {@code dm_k/dT_ij = g_i x_j}.
     */
    @Override
    public MetricEvaluation.Value evaluate(Volume fixed, Volume moving, AffineTransform3D t, boolean withGradient,
            RowBlocks blocks) {
        int nx = fixed.nx();
        int ny = fixed.ny();
        int nz = fixed.nz();
        float[] f = fixed.data();
        int nb = RowBlocks.blockCount(nz);
        // pass 1: moments. [sm, sf, smm, sff, smf]
        double[][] parts = new double[nb][5];
        blocks.forEach(nz, (z0, z1) -> {
            double[] acc = parts[RowBlocks.blockIndex(z0)];
            double[] p = new double[3];
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        t.apply(x, y, z, p);
                        double m = Sampling.trilinear(moving.data(), moving.nx(), moving.ny(), moving.nz(), p[0],
                                p[1], p[2]);
                        double fv = f[x + nx * (y + ny * z)];
                        acc[0] += m;
                        acc[1] += fv;
                        acc[2] += m * m;
                        acc[3] += fv * fv;
                        acc[4] += m * fv;
                    }
                }
            }
        });
        double[] s = MetricEvaluation.combine(parts, 5);
        double n = fixed.voxels();
        double meanM = s[0] / n;
        double meanF = s[1] / n;
        double smm = s[2] - n * meanM * meanM;
        double sff = s[3] - n * meanF * meanF;
        double smf = s[4] - n * meanM * meanF;
        if (!(smm > 0) || !(sff > 0)) {
            return new MetricEvaluation.Value(1, withGradient ? new double[12] : null);
        }
        double root = Math.sqrt(smm * sff);
        double ncc = smf / root;
        if (!withGradient) {
            return new MetricEvaluation.Value(1 - ncc, null);
        }
        double[][] gparts = new double[nb][12];
        blocks.forEach(nz, (z0, z1) -> {
            double[] acc = gparts[RowBlocks.blockIndex(z0)];
            double[] p = new double[3];
            double[] g = new double[3];
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        t.apply(x, y, z, p);
                        double m = Sampling.trilinearWithGradient(moving.data(), moving.nx(), moving.ny(),
                                moving.nz(), p[0], p[1], p[2], g);
                        double fv = f[x + nx * (y + ny * z)];
                        double w = -(fv - meanF) / root + ncc * (m - meanM) / smm;
                        MetricEvaluation.accumulate(acc, w, g, x, y, z);
                    }
                }
            }
        });
        return new MetricEvaluation.Value(1 - ncc, MetricEvaluation.combine(gparts, 12));
    }
}
