package org.fusionj.core.xanes;

import java.util.List;

import org.fusionj.core.InvalidInputException;

/**
 * Linear-combination fitting of normalised spectra with 2 to 4 references: minimise
 * {@code || sum_i f_i r_i - y ||^2} over the fit window subject to {@code f_i >= 0} and optionally
 * {@code sum_i f_i = 1}.
 *
 * <p>Method: exact enumeration of active sets. The optimum of this convex problem is the unconstrained (or, with
 * the sum constraint, equality-constrained) least-squares solution on its own support, and that solution is
 * feasible; every feasible subset solution is a feasible point. So the optimum is the feasible subset solution of
 * least residual. With m &lt;= 4 references there are at most 15 subsets, each a k x k solve whose inverse depends
 * only on the references and is computed once here; per voxel the work is m dot products over the window plus a
 * few dozen multiply-adds, with no iteration, no tolerance and a deterministic result (ties go to the subset with
 * the smaller bit mask). We write it ourselves because nothing on our class path solves it (the JDK, ImgLib2 and
 * ImageJ have no non-negative least squares; EJML is not a dependency) and we found no NNLS on Maven Central worth
 * a dependency for a 2-to-4-variable problem: a general quadratic-programming library or a Lawson-Hanson port
 * iterates with tolerances and allocates per call, where this enumeration is exact, allocation-free and
 * reproducible to the bit.
 *
 * <p>Fractions are of the normalised references: with references of equal edge jump they are fractions of the
 * absorbing element in each state.
 */
public final class LinearCombinationFit {

    private final List<String> names;
    private final boolean sumToOne;
    private final int m;
    private final int fitFrom;
    private final int fitTo;
    /** Normalised references on all series energies, [reference][energy]. */
    private final double[][] refs;
    /** The references over the fit window, [reference][window index]. */
    private final double[][] a;
    private final double[][] g;
    private final int subsets;
    private final int[][] members;
    /** Per subset s, its member indices padded with 0 to 4 entries, at [4 s .. 4 s + 4). */
    private final int[] padIdx;
    /** Per subset s, the inverse of its Gram block padded with zeros to 4 x 4, row-major at [16 s ..). */
    private final double[] padInv;
    /** Per subset s, its Gram block padded with zeros to 4 x 4. */
    private final double[] padGram;
    /** Per subset s, {@code G_s^-1 1} padded with zeros to 4 entries. */
    private final double[] padU;
    /** Per subset s, {@code 1 / (1 . G_s^-1 1)}. */
    private final double[] padRecipDen;

    private LinearCombinationFit(double[] energies, XanesNormalisation normalisation, double e0, LcfParameters p) {
        this.names = p.names();
        this.sumToOne = p.sumToOne();
        this.m = p.references().size();
        int[] w = XanesNormalisation.windowIndices(energies, e0, p.fitWindow(), "LCF fit window");
        fitFrom = w[0];
        fitTo = w[1];
        int nFit = fitTo - fitFrom;
        if (nFit < m + 1) {
            throw new InvalidInputException("the LCF fit window " + p.fitWindow().describe(e0) + " holds " + nFit
                    + (nFit == 1 ? " energy" : " energies") + "; fitting " + m + " references needs at least "
                    + (m + 1) + " (widen the fit window)");
        }
        refs = new double[m][];
        for (int i = 0; i < m; i++) {
            ReferenceSpectrum r = p.references().get(i).shifted(p.shiftsEv()[i]);
            double[] onSeries = r.interpolate(energies);
            if (p.normaliseReferences()) {
                XanesNormalisation.Fit f = normalisation.fit(onSeries);
                if (!(f.edgeJump() > 0)) {
                    throw new InvalidInputException("reference '" + r.name() + "' has no positive edge jump with "
                            + "these windows (jump = " + f.edgeJump() + " at e0 = " + EnergySeries.fmt(e0)
                            + " eV); check e0, the windows, or that it is an absorption spectrum");
                }
                onSeries = normalisation.normalise(onSeries);
            }
            refs[i] = onSeries;
        }
        a = new double[m][nFit];
        for (int i = 0; i < m; i++) {
            System.arraycopy(refs[i], fitFrom, a[i], 0, nFit);
        }
        g = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < nFit; k++) {
                    s += a[i][k] * a[j][k];
                }
                g[i][j] = s;
            }
        }
        int bad = SmallMatrices.firstDependentColumn(g, 1e-10);
        if (bad >= 0) {
            StringBuilder before = new StringBuilder();
            for (int i = 0; i < bad; i++) {
                before.append(i == 0 ? "'" : ", '").append(names.get(i)).append('\'');
            }
            throw new InvalidInputException("reference '" + names.get(bad) + "' is "
                    + (bad == 0 ? "zero" : "(nearly) a linear combination of " + before)
                    + " over the LCF fit window " + p.fitWindow().describe(e0)
                    + "; the fit cannot tell them apart (drop it or widen the window)");
        }
        subsets = 1 << m;
        members = new int[subsets][];
        padIdx = new int[subsets * 4];
        padInv = new double[subsets * 16];
        padGram = new double[subsets * 16];
        padU = new double[subsets * 4];
        padRecipDen = new double[subsets];
        for (int s = 1; s < subsets; s++) {
            int k = Integer.bitCount(s);
            int[] idx = new int[k];
            for (int i = 0, c = 0; i < m; i++) {
                if ((s & (1 << i)) != 0) {
                    idx[c++] = i;
                }
            }
            double[][] gs = new double[k][k];
            for (int x = 0; x < k; x++) {
                for (int y = 0; y < k; y++) {
                    gs[x][y] = g[idx[x]][idx[y]];
                }
            }
            double[][] inv = SmallMatrices.invert(gs, 1e-14);
            if (inv == null) {
                throw new IllegalStateException("positive definite normal matrix reported singular");
            }
            double[] u = new double[k];
            double d = 0;
            for (int x = 0; x < k; x++) {
                for (int y = 0; y < k; y++) {
                    u[x] += inv[x][y];
                }
                d += u[x];
            }
            members[s] = idx;
            for (int x = 0; x < k; x++) {
                padIdx[4 * s + x] = idx[x];
                padU[4 * s + x] = u[x];
                for (int y = 0; y < k; y++) {
                    padInv[16 * s + 4 * x + y] = inv[x][y];
                    padGram[16 * s + 4 * x + y] = gs[x][y];
                }
            }
            padRecipDen[s] = 1.0 / d;
        }
    }

    /**
     * Prepares the fit for spectra sampled at {@code energiesEv}, normalised with {@code params}' windows.
     *
     * @throws InvalidInputException when {@code params} has no LCF part, a reference does not cover the energies,
     *                               the fit window holds too few energies, or references are linearly dependent
     */
    public static LinearCombinationFit prepare(double[] energiesEv, XanesParameters params) {
        if (params.lcf() == null) {
            throw new InvalidInputException("no linear-combination fitting requested (no reference spectra)");
        }
        return prepare(energiesEv, XanesNormalisation.of(energiesEv, params), params);
    }

    static LinearCombinationFit prepare(double[] energies, XanesNormalisation normalisation, XanesParameters p) {
        return new LinearCombinationFit(energies, normalisation, p.e0Ev(), p.lcf());
    }

    /**
     * One fit.
     *
     * @param fractions one per reference, in order, &gt;= 0
     * @param rms       root-mean-square residual over the fit window
     */
    public record Result(double[] fractions, double rms) {
    }

    /** Number of energies in the fit window. */
    public int fitPoints() {
        return fitTo - fitFrom;
    }

    /** Fits one normalised spectrum (one value per series energy). */
    public Result fit(double[] normalised) {
        if (normalised == null || normalised.length != refs[0].length) {
            throw new InvalidInputException("a spectrum needs one value per energy (" + refs[0].length + ")");
        }
        double[] f = new double[m];
        double rms = fitInto(normalised, f, new double[2 * m]);
        return new Result(f, rms);
    }

    /**
     * Per-voxel path of {@link #fit}: fits {@code y[fitFrom .. fitTo)}, writes the fractions to {@code f[0..m)}
     * and returns the RMS residual. {@code scratch} holds at least 2m doubles.
     */
    double fitInto(double[] y, double[] f, double[] scratch) {
        int nFit = fitTo - fitFrom;
        double yy = 0;
        for (int i = 0; i < m; i++) {
            scratch[i] = 0;
        }
        for (int k = 0; k < nFit; k++) {
            double v = y[fitFrom + k];
            yy += v * v;
            for (int i = 0; i < m; i++) {
                scratch[i] += a[i][k] * v;
            }
        }
        return rms(solve(scratch, yy, f, scratch, m));
    }

    /** The RMS residual over the fit window from a residual sum of squares (clamped at 0 against rounding). */
    double rms(double residualSumOfSquares) {
        return Math.sqrt(Math.max(0, residualSumOfSquares) / (fitTo - fitFrom));
    }

    /** The references over the fit window: {@code row(i)[k]} is reference i at series index fitFrom + k. */
    double[] row(int i) {
        return a[i];
    }

    /**
     * The active-set enumeration from the normal-equation data of one spectrum: {@code b = A^T y} (m values) and
     * {@code yy = y . y}. Writes the fractions to {@code f[0..m)} and returns the residual sum of squares
     * {@code yy - 2 f.b + f.G.f}. {@code cand} holds at least {@code candOffset + m} doubles (it may be
     * {@code b}'s array with {@code candOffset = m}).
     */
    double solve(double[] b, double yy, double[] f, double[] cand, int candOffset) {
        double best = sumToOne ? Double.POSITIVE_INFINITY : yy;
        int bestSubset = 0;
        double f0 = 0;
        double f1 = 0;
        double f2 = 0;
        double f3 = 0;
        for (int s = 1; s < subsets; s++) {
            // padded 4 x 4 blocks: entries beyond the subset's size are 0, so fixed-size loops need no branches
            int o4 = s * 4;
            int o16 = s * 16;
            double b0 = b[padIdx[o4]];
            double b1 = b[padIdx[o4 + 1]];
            double b2 = b[padIdx[o4 + 2]];
            double b3 = b[padIdx[o4 + 3]];
            double[] iv = padInv;
            double c0 = iv[o16] * b0 + iv[o16 + 1] * b1 + iv[o16 + 2] * b2 + iv[o16 + 3] * b3;
            double c1 = iv[o16 + 4] * b0 + iv[o16 + 5] * b1 + iv[o16 + 6] * b2 + iv[o16 + 7] * b3;
            double c2 = iv[o16 + 8] * b0 + iv[o16 + 9] * b1 + iv[o16 + 10] * b2 + iv[o16 + 11] * b3;
            double c3 = iv[o16 + 12] * b0 + iv[o16 + 13] * b1 + iv[o16 + 14] * b2 + iv[o16 + 15] * b3;
            if (sumToOne) {
                double lambda = (c0 + c1 + c2 + c3 - 1) * padRecipDen[s];
                c0 -= lambda * padU[o4];
                c1 -= lambda * padU[o4 + 1];
                c2 -= lambda * padU[o4 + 2];
                c3 -= lambda * padU[o4 + 3];
            }
            if (c0 < 0 || c1 < 0 || c2 < 0 || c3 < 0) {
                continue;
            }
            double[] g4 = padGram;
            double g0 = g4[o16] * c0 + g4[o16 + 1] * c1 + g4[o16 + 2] * c2 + g4[o16 + 3] * c3;
            double g1 = g4[o16 + 4] * c0 + g4[o16 + 5] * c1 + g4[o16 + 6] * c2 + g4[o16 + 7] * c3;
            double g2 = g4[o16 + 8] * c0 + g4[o16 + 9] * c1 + g4[o16 + 10] * c2 + g4[o16 + 11] * c3;
            double g3 = g4[o16 + 12] * c0 + g4[o16 + 13] * c1 + g4[o16 + 14] * c2 + g4[o16 + 15] * c3;
            double res = yy + c0 * (g0 - 2 * b0) + c1 * (g1 - 2 * b1) + c2 * (g2 - 2 * b2) + c3 * (g3 - 2 * b3);
            if (res < best) {
                best = res;
                bestSubset = s;
                f0 = c0;
                f1 = c1;
                f2 = c2;
                f3 = c3;
            }
        }
        for (int i = 0; i < m; i++) {
            f[i] = 0;
        }
        if (bestSubset > 0) {
            int[] idx = members[bestSubset];
            double[] c = {f0, f1, f2, f3};
            for (int x = 0; x < idx.length; x++) {
                f[idx[x]] = c[x];
            }
        }
        return best;
    }

    /**
     * The enumeration for a tile of voxels at once, subset by subset over contiguous voxels (the coefficients of a
     * subset are loop constants, so the loop runs without indirection), with exactly the arithmetic of
     * {@link #solve}. Input: {@code b[r * stride + k]} and {@code yy[k]} for k in [0, count). Output: the winning
     * subset's padded candidates in {@code c[x * stride + k]} (x = 0..3), the subset in {@code win[k]} (0: all
     * fractions 0) and the residual sum of squares in {@code best[k]}; {@link #fractionsOf} expands them.
     */
    void solveTile(double[] b, double[] yy, int count, int stride, double[] c, int[] win, double[] best) {
        for (int k = 0; k < count; k++) {
            best[k] = sumToOne ? Double.POSITIVE_INFINITY : yy[k];
            win[k] = 0;
        }
        for (int s = 1; s < subsets; s++) {
            int o4 = s * 4;
            int o16 = s * 16;
            int r0 = padIdx[o4] * stride;
            int r1 = padIdx[o4 + 1] * stride;
            int r2 = padIdx[o4 + 2] * stride;
            int r3 = padIdx[o4 + 3] * stride;
            double[] iv = padInv;
            double i00 = iv[o16];
            double i01 = iv[o16 + 1];
            double i02 = iv[o16 + 2];
            double i03 = iv[o16 + 3];
            double i10 = iv[o16 + 4];
            double i11 = iv[o16 + 5];
            double i12 = iv[o16 + 6];
            double i13 = iv[o16 + 7];
            double i20 = iv[o16 + 8];
            double i21 = iv[o16 + 9];
            double i22 = iv[o16 + 10];
            double i23 = iv[o16 + 11];
            double i30 = iv[o16 + 12];
            double i31 = iv[o16 + 13];
            double i32 = iv[o16 + 14];
            double i33 = iv[o16 + 15];
            double[] g4 = padGram;
            double g00 = g4[o16];
            double g01 = g4[o16 + 1];
            double g02 = g4[o16 + 2];
            double g03 = g4[o16 + 3];
            double g10 = g4[o16 + 4];
            double g11 = g4[o16 + 5];
            double g12 = g4[o16 + 6];
            double g13 = g4[o16 + 7];
            double g20 = g4[o16 + 8];
            double g21 = g4[o16 + 9];
            double g22 = g4[o16 + 10];
            double g23 = g4[o16 + 11];
            double g30 = g4[o16 + 12];
            double g31 = g4[o16 + 13];
            double g32 = g4[o16 + 14];
            double g33 = g4[o16 + 15];
            double u0 = padU[o4];
            double u1 = padU[o4 + 1];
            double u2 = padU[o4 + 2];
            double u3 = padU[o4 + 3];
            double rd = padRecipDen[s];
            boolean one = sumToOne;
            for (int k = 0; k < count; k++) {
                double b0 = b[r0 + k];
                double b1 = b[r1 + k];
                double b2 = b[r2 + k];
                double b3 = b[r3 + k];
                double c0 = i00 * b0 + i01 * b1 + i02 * b2 + i03 * b3;
                double c1 = i10 * b0 + i11 * b1 + i12 * b2 + i13 * b3;
                double c2 = i20 * b0 + i21 * b1 + i22 * b2 + i23 * b3;
                double c3 = i30 * b0 + i31 * b1 + i32 * b2 + i33 * b3;
                if (one) {
                    double lambda = (c0 + c1 + c2 + c3 - 1) * rd;
                    c0 -= lambda * u0;
                    c1 -= lambda * u1;
                    c2 -= lambda * u2;
                    c3 -= lambda * u3;
                }
                double h0 = g00 * c0 + g01 * c1 + g02 * c2 + g03 * c3;
                double h1 = g10 * c0 + g11 * c1 + g12 * c2 + g13 * c3;
                double h2 = g20 * c0 + g21 * c1 + g22 * c2 + g23 * c3;
                double h3 = g30 * c0 + g31 * c1 + g32 * c2 + g33 * c3;
                double res = yy[k] + c0 * (h0 - 2 * b0) + c1 * (h1 - 2 * b1) + c2 * (h2 - 2 * b2)
                        + c3 * (h3 - 2 * b3);
                if (c0 >= 0 && c1 >= 0 && c2 >= 0 && c3 >= 0 && res < best[k]) {
                    best[k] = res;
                    win[k] = s;
                    c[k] = c0;
                    c[stride + k] = c1;
                    c[2 * stride + k] = c2;
                    c[3 * stride + k] = c3;
                }
            }
        }
    }

    /** Expands voxel k's result of {@link #solveTile} into fractions {@code f[0..m)}. */
    void fractionsOf(double[] c, int[] win, int stride, int k, double[] f) {
        for (int i = 0; i < m; i++) {
            f[i] = 0;
        }
        int s = win[k];
        if (s > 0) {
            int[] idx = members[s];
            for (int x = 0; x < idx.length; x++) {
                f[idx[x]] = c[x * stride + k];
            }
        }
    }

    /** Reference names, in fraction order. */
    public List<String> names() {
        return names;
    }

    public int referenceCount() {
        return m;
    }

    /** First series index of the fit window. */
    public int fitFrom() {
        return fitFrom;
    }

    /** One past the last series index of the fit window. */
    public int fitTo() {
        return fitTo;
    }

    /** The references as fitted (normalised if requested), on the series energies: [reference][energy], a copy. */
    public double[][] referencesOnSeries() {
        double[][] out = new double[m][];
        for (int i = 0; i < m; i++) {
            out[i] = refs[i].clone();
        }
        return out;
    }
}
