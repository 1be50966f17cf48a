package org.fusionj.core.registration;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;

/**
 * One pyramid level of the optimiser: inverse-compositional Gauss-Newton with Levenberg-Marquardt damping
 * (Baker and Matthews' formulation).
 *
 * <p>The linearisation is taken on the fixed volume F, so its gradient, the steepest-descent vectors
 * {@code sd = grad F . dW/dp} and the Gauss-Newton matrix {@code H = sum sd sd^T} are computed once per level. Only
 * voxels where grad F is not negligible carry information; for a lightly smoothed binary volume they form a thin
 * band around the surfaces, and every iteration visits that band only: sample the moving volume M at W(x),
 * accumulate {@code b = sum sd (M(W x) - F(x))}, solve {@code (H + lambda diag H) dq = b}, and update
 * {@code W <- W o inc(dq)^-1}. A step that raises the cost is undone and the damping raised.
 *
 * <p>How a band voxel's residual enters the sums is the {@link Metric}'s business (for NCC a gain and offset are
 * fitted in closed form at each iteration, so gain changes between energies cost nothing).
 *
 * <p>Band voxels are cut into fixed chunks and partial sums are added in chunk order: results do not depend on the
 * thread count.
 */
final class InverseCompositionalAligner {

    /** Band voxels per chunk of the parallel sums. */
    private static final int CHUNK = 1024;

    /** Outcome of one level. */
    record Outcome(AffineTransform3D transform, int iterations, double startCost, double finalCost, int bandVoxels) {
    }

    private final Volume moving;
    private final Metric metric;
    private final TransformModel type;
    private final double[] centre;
    private final double radius;
    private final RowBlocks blocks;
    private final CancellationToken cancel;

    // the band: voxel positions, fixed values, fixed gradients
    private final int count;
    private final int[] px;
    private final int[] py;
    private final int[] pz;
    private final float[] fv;
    private final float[] gx;
    private final float[] gy;
    private final float[] gz;
    private final double[] box;

    // per-level constants: H (k x k, from 12 x 12 via the basis); for NCC sum sd, sum sd F, sum F, sum F^2
    private final double[] basis;
    private final DMatrixRMaj hessian;
    /**
     * A 2-D image pair (both depth 1): every band voxel has z = 0 and no z gradient, so 6 of the 12 steepest-descent
     * entries are 0. The planar paths skip them (21 instead of 78 Hessian products per voxel) and sample bilinearly;
     * they add the same non-zero terms in the same order, so the results are the same as the general path's.
     */
    private final boolean planar;
    private Metric.BandSums bandSums;

    /**
     * @param fixed        fixed volume of this level (already smoothed)
     * @param moving       moving volume of this level (already smoothed)
     * @param region       voxels allowed in the band (non-zero), or null for all
     * @param search       box outside which the fixed gradient is 0 (see {@link Band#of}), or null
     * @param metric       which fixed voxels form the band and how their residuals enter the sums
     */
    InverseCompositionalAligner(Volume fixed, Volume moving, byte[] region, int[] search, Metric metric,
            TransformModel type, double[] centre, double radius, RowBlocks blocks, CancellationToken cancel) {
        this.moving = moving;
        this.metric = metric;
        this.type = type;
        this.centre = centre.clone();
        this.radius = radius;
        this.blocks = blocks;
        this.cancel = cancel;
        Band band = Band.of(fixed, region, search, metric.bandFraction(), blocks);

        this.count = band.count;
        this.px = band.px;
        this.py = band.py;
        this.pz = band.pz;
        this.fv = band.f;
        this.gx = band.gx;
        this.gy = band.gy;
        this.gz = band.gz;
        this.box = band.box;
        this.basis = type.basis();
        this.planar = fixed.nz() == 1 && moving.nz() == 1 && centre[2] == 0;
        this.hessian = projectedHessian();
    }

    int bandVoxels() {
        return count;
    }

    /** Indices of the steepest-descent entries that can be non-zero in a planar pair (x, y rows; x, y columns). */
    private static final int[] PLANAR = {0, 1, 3, 4, 9, 10};

    /** The 6 possibly non-zero steepest-descent entries of a planar band voxel into sd (the others stay 0). */
    private void steepestDescentPlanar(int i, double[] sd) {
        double ux = (px[i] - centre[0]) / radius;
        double uy = (py[i] - centre[1]) / radius;
        double a = gx[i];
        double b = gy[i];
        sd[0] = a * ux;
        sd[1] = a * uy;
        sd[3] = b * ux;
        sd[4] = b * uy;
        sd[9] = a;
        sd[10] = b;
    }

    /** The 12 steepest-descent entries of band voxel i into sd. */
    private void steepestDescent(int i, double[] sd) {
        double ux = (px[i] - centre[0]) / radius;
        double uy = (py[i] - centre[1]) / radius;
        double uz = (pz[i] - centre[2]) / radius;
        double a = gx[i];
        double b = gy[i];
        double c = gz[i];
        sd[0] = a * ux;
        sd[1] = a * uy;
        sd[2] = a * uz;
        sd[3] = b * ux;
        sd[4] = b * uy;
        sd[5] = b * uz;
        sd[6] = c * ux;
        sd[7] = c * uy;
        sd[8] = c * uz;
        sd[9] = a;
        sd[10] = b;
        sd[11] = c;
    }

    private DMatrixRMaj projectedHessian() {
        int chunks = (count + CHUNK - 1) / CHUNK;
        int nb = RowBlocks.blockCount(chunks);
        // 78 upper-triangle entries + 12 sd + 12 sd F + sum F + sum F^2
        int len = 78 + 24 + 2;
        double[][] parts = new double[nb][len];
        blocks.forEach(chunks, (c0, c1) -> {
            double[] acc = parts[RowBlocks.blockIndex(c0)];
            double[] sd = new double[12];
            int[] upper = upperIndex();
            for (int i = c0 * CHUNK, end = Math.min(count, c1 * CHUNK); i < end; i++) {
                if (planar) {
                    steepestDescentPlanar(i, sd);
                    for (int r = 0; r < PLANAR.length; r++) {
                        double s = sd[PLANAR[r]];
                        for (int q = r; q < PLANAR.length; q++) {
                            acc[upper[12 * PLANAR[r] + PLANAR[q]]] += s * sd[PLANAR[q]];
                        }
                    }
                } else {
                    steepestDescent(i, sd);
                    int k = 0;
                    for (int r = 0; r < 12; r++) {
                        double s = sd[r];
                        for (int q = r; q < 12; q++) {
                            acc[k++] += s * sd[q];
                        }
                    }
                }
                double f = fv[i];
                for (int r = 0; r < 12; r++) {
                    acc[78 + r] += sd[r];
                    acc[90 + r] += sd[r] * f;
                }
                acc[102] += f;
                acc[103] += f * f;
            }
        });
        double[] s = combine(parts, len);
        double[] h12 = new double[144];
        int k = 0;
        for (int r = 0; r < 12; r++) {
            for (int q = r; q < 12; q++) {
                h12[12 * r + q] = s[k];
                h12[12 * q + r] = s[k];
                k++;
            }
        }
        bandSums = new Metric.BandSums(count, java.util.Arrays.copyOfRange(s, 78, 90),
                java.util.Arrays.copyOfRange(s, 90, 102), s[102], s[103]);
        int n = type.parameters();
        DMatrixRMaj b = new DMatrixRMaj(12, n, true, basis);
        DMatrixRMaj h = new DMatrixRMaj(12, 12, true, h12);
        DMatrixRMaj hb = new DMatrixRMaj(12, n);
        CommonOps_DDRM.mult(h, b, hb);
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(b, hb, out);
        return out;
    }

    /** Position of entry (r, q), r <= q, of the 12 x 12 upper triangle in row-major packed order. */
    private static int[] upperIndex() {
        int[] index = new int[144];
        int k = 0;
        for (int r = 0; r < 12; r++) {
            for (int q = r; q < 12; q++) {
                index[12 * r + q] = k++;
            }
        }
        return index;
    }

    /** Cost and projected right-hand side at transform w. */
    private record Evaluation(double cost, double[] rhs) {
    }

    private Evaluation evaluate(AffineTransform3D w) {
        int chunks = (count + CHUNK - 1) / CHUNK;
        int nb = RowBlocks.blockCount(chunks);
        int len = metric.sumsLength();
        double[][] parts = new double[nb][len];
        double[] m = w.rows3x4();
        float[] v = moving.data();
        int mx = moving.nx();
        int my = moving.ny();
        int mz = moving.nz();
        blocks.forEach(chunks, (c0, c1) -> {
            double[] acc = parts[RowBlocks.blockIndex(c0)];
            double[] sd = new double[12];
            if (planar) {
                // z = 0 and m[2] z = 0: the same positions and, through bilinear, the same samples
                for (int i = c0 * CHUNK, end = Math.min(count, c1 * CHUNK); i < end; i++) {
                    double x = px[i];
                    double y = py[i];
                    double sx = m[0] * x + m[1] * y + m[3];
                    double sy = m[4] * x + m[5] * y + m[7];
                    double mv = Sampling.bilinear(v, mx, my, sx, sy);
                    steepestDescentPlanar(i, sd);
                    metric.accumulate(acc, sd, mv, fv[i]);
                }
                return;
            }
            for (int i = c0 * CHUNK, end = Math.min(count, c1 * CHUNK); i < end; i++) {
                double x = px[i];
                double y = py[i];
                double z = pz[i];
                double sx = m[0] * x + m[1] * y + m[2] * z + m[3];
                double sy = m[4] * x + m[5] * y + m[6] * z + m[7];
                double sz = m[8] * x + m[9] * y + m[10] * z + m[11];
                double mv = Sampling.trilinear(v, mx, my, mz, sx, sy, sz);
                steepestDescent(i, sd);
                metric.accumulate(acc, sd, mv, fv[i]);
            }
        });
        double[] s = combine(parts, len);
        double[] b12 = new double[12];
        double cost = metric.finish(s, bandSums, b12);
        int k = type.parameters();
        double[] rhs = new double[k];
        for (int c = 0; c < k; c++) {
            double sum = 0;
            for (int r = 0; r < 12; r++) {
                sum += basis[r * k + c] * b12[r];
            }
            rhs[c] = sum;
        }
        return new Evaluation(cost, rhs);
    }

    /**
     * Iterates from {@code start} until a step moves no band voxel by more than {@code minStep} voxels, or
     * {@code maxIterations} evaluations.
     */
    Outcome align(AffineTransform3D start, int maxIterations, double minStep) {
        if (count < 4 * type.parameters()) {
            return new Outcome(start, 0, Double.NaN, Double.NaN, count);
        }
        AffineTransform3D w = start;
        Evaluation current = evaluate(w);
        double startCost = current.cost;
        double lambda = 1e-4;
        int it = 0;
        while (it < maxIterations) {
            cancel.throwIfCancelled();
            double[] dq = solve(current.rhs, lambda);
            if (dq == null) {
                break;
            }
            AffineTransform3D inc = type.increment(dq, centre, radius);
            AffineTransform3D trial = w.after(inc.inverse());
            double step = stepSize(inc);
            Evaluation next = evaluate(trial);
            it++;
            if (next.cost <= current.cost) {
                w = trial;
                current = next;
                lambda = Math.max(lambda / 10, 1e-7);
                if (step < minStep) {
                    break;
                }
            } else {
                lambda *= 10;
                if (step < minStep || lambda > 1e4) {
                    break;
                }
            }
        }
        return new Outcome(w, it, startCost, current.cost, count);
    }

    private double[] solve(double[] rhs, double lambda) {
        int k = rhs.length;
        DMatrixRMaj a = hessian.copy();
        for (int i = 0; i < k; i++) {
            a.set(i, i, a.get(i, i) * (1 + lambda));
        }
        DMatrixRMaj x = new DMatrixRMaj(k, 1);
        if (!CommonOps_DDRM.solve(a, new DMatrixRMaj(k, 1, true, rhs), x)) {
            return null;
        }
        double[] out = x.getData();
        for (double d : out) {
            if (!Double.isFinite(d)) {
                return null;
            }
        }
        return out;
    }

    /** Largest displacement the increment causes over the band's bounding box. */
    private double stepSize(AffineTransform3D inc) {
        double worst = 0;
        double[] p = new double[3];
        for (int c = 0; c < 8; c++) {
            double x = box[(c & 1) == 0 ? 0 : 1];
            double y = box[(c & 2) == 0 ? 2 : 3];
            double z = box[(c & 4) == 0 ? 4 : 5];
            inc.apply(x, y, z, p);
            double dx = p[0] - x;
            double dy = p[1] - y;
            double dz = p[2] - z;
            worst = Math.max(worst, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        return worst;
    }

    static double[] combine(double[][] parts, int len) {
        double[] sum = new double[len];
        for (double[] p : parts) {
            for (int i = 0; i < len; i++) {
                sum[i] += p[i];
            }
        }
        return sum;
    }
}
