package org.fusionj.core.tomo;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;

/**
 * The joint non-negative 3-D TV proximal step of {@link JointTv3D} (same problem, same dual step
 * {@code 1/(12 lambda)}, same projection of all elements' duals of a voxel together, same images) by the
 * non-accelerated dual projected gradient (GP: Beck and Teboulle, IEEE Trans. Image Process. 18, 2419, 2009, the
 * method FGP accelerates; Chambolle's projection algorithm, J. Math. Imaging Vis. 20, 89, 2004, in its projected
 * form) with the duals kept from one call to the next (warm start) instead of FGP's momentum from zero duals.
 *
 * <p>Why: FGP needs two dual sets, the duals {@code p} and the momentum point {@code r}: six fields per element. GP
 * needs {@code p} only, updated in place (a voxel's new duals depend on its old ones and on the image's
 * differences, never on a neighbour's duals): three fields per element. Between two outer iterations of the
 * reconstruction the volumes change little, so the duals of the last step are a good start and a few GP
 * iterations per call continue the last solve, where FGP starts over. The joint TV step of the defaults since
 * 2026-12-07 (evening): {@link TomoFusionParameters#warmTv()}, the schema's {@code tv_warm_start};
 * docs/fusion-tomography.md, "A joint TV step with three dual fields per element", has its figures.
 *
 * <p>Every voxel is computed by the same float operations whatever the blocks of slices, so the result is
 * bit-identical for any number of threads. An instance is not thread-safe.
 */
final class WarmJointTv3D {

    private float[][] px = new float[0][];
    private float[][] py = new float[0][];
    private float[][] pz = new float[0][];
    private final ThreadLocal<float[][]> rows = new ThreadLocal<>();

    /**
     * As {@link JointTv3D#apply(float[][], float[][], float[], int, int, int, double, int, RowBlocks,
     * CancellationToken)}: writes the proximal volumes of {@code input} into {@code output} and returns their joint
     * TV (with the guide's gradient when there is a guide). The duals start from those of the last call with the
     * same sizes (zero at the first call).
     */
    double apply(float[][] input, float[][] output, float[] guide, int width, int rows, int slices, double lambda,
                 int iterations, RowBlocks blocks, CancellationToken cancel) {
        float[][] channels = JointTv3D.channels(input, output, guide, width, rows, slices, lambda, iterations,
                blocks);
        int nc = channels.length;
        int n = width * rows * slices;
        if (px.length != nc || px[0].length != n) {
            px = new float[nc][n];
            py = new float[nc][n];
            pz = new float[nc][n];
        }
        float lam = (float) lambda;
        float step = 1f / (12f * lam);
        int per = JointTv3D.SLICES_PER_BLOCK;
        for (int k = 0; k < iterations; k++) {
            cancel.throwIfCancelled();
            blocks.forEach(slices, per, (s0, s1) -> JointTv3D.image(input, px, py, pz, output, width, rows, slices,
                    lam, s0, s1));
            blocks.forEach(slices, per, (s0, s1) -> duals(channels, width, rows, s0, s1, step));
        }
        blocks.forEach(slices, per, (s0, s1) -> JointTv3D.image(input, px, py, pz, output, width, rows, slices, lam,
                s0, s1));
        return JointTv3D.jointTv(channels, width, rows, slices, blocks);
    }

    /** Drops the duals (the next call starts from zero). */
    void reset() {
        px = new float[0][];
        py = new float[0][];
        pz = new float[0][];
    }

    /**
     * {@code p <- P(p + step grad u)} on slices [s0, s1), in place, every channel's duals of a voxel projected
     * together onto the unit ball (backward differences, as {@link JointTv3D}).
     */
    private void duals(float[][] u, int w, int rows, int s0, int s1, float step) {
        int nc = u.length;
        int plane = w * rows;
        float[][] buf = rowBuffer(w);
        float[] norm = buf[0];
        for (int s = s0; s < s1; s++) {
            for (int r = 0; r < rows; r++) {
                int row = s * plane + r * w;
                java.util.Arrays.fill(norm, 0f);
                for (int e = 0; e < nc; e++) {
                    float[] ue = u[e];
                    float[] ax = px[e];
                    float[] ay = py[e];
                    float[] az = pz[e];
                    for (int x = 0; x < w; x++) {
                        int i = row + x;
                        float uv = ue[i];
                        float gx = x > 0 ? uv - ue[i - 1] : 0f;
                        float gy = r > 0 ? uv - ue[i - w] : 0f;
                        float gz = s > 0 ? uv - ue[i - plane] : 0f;
                        float vx = ax[i] + step * gx;
                        float vy = ay[i] + step * gy;
                        float vz = az[i] + step * gz;
                        ax[i] = vx;
                        ay[i] = vy;
                        az[i] = vz;
                        norm[x] += vx * vx + vy * vy + vz * vz;
                    }
                }
                for (int x = 0; x < w; x++) {
                    float excess = (float) Math.sqrt(norm[x]) - 1f;
                    norm[x] = 1f / (1f + (excess + Math.abs(excess)) * 0.5f);
                }
                for (int e = 0; e < nc; e++) {
                    float[] ax = px[e];
                    float[] ay = py[e];
                    float[] az = pz[e];
                    for (int x = 0; x < w; x++) {
                        int i = row + x;
                        float inv = norm[x];
                        ax[i] *= inv;
                        ay[i] *= inv;
                        az[i] *= inv;
                    }
                }
            }
        }
    }

    private float[][] rowBuffer(int w) {
        float[][] b = rows.get();
        if (b == null || b[0].length != w) {
            b = new float[][] {new float[w]};
            rows.set(b);
        }
        return b;
    }
}
