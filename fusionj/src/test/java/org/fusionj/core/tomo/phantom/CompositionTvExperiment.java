package org.fusionj.core.tomo.phantom;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.tomo.CompositionEdgeGuide;
import org.fusionj.core.tomo.CompositionTv;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoFusionSolver;

/**
 * Experiment harness (not a test; run by hand with the test class path) for the edge-preserving composition
 * regulariser ({@link CompositionTv}) as a post-processing of a fused result (docs/fusion-tomography.md, "A
 * composition (phase) prior"): one solve saved to a raw file, then many regulariser settings scored in seconds.
 *
 * <pre>java -cp ... org.fusionj.core.tomo.phantom.CompositionTvExperiment solve SIZE SHAPE SEED DOSE FILE [CONFIG]
 * java -cp ... org.fusionj.core.tomo.phantom.CompositionTvExperiment post SIZE SHAPE SEED DOSE FILE VARIANT...</pre>
 * {@code solve} reconstructs with {@code CONFIG} (as {@link TomoPriorExperiment}, default {@code joint=0.015}) and
 * writes the volumes (scaled, as the solver returns them), the HAADF weights and gamma to {@code FILE}. {@code post}
 * rebuilds the phantom, reads {@code FILE} and scores the plain result and, per VARIANT {@code mu[:dense[:it]]}, the
 * result with its composition regularised (TV weight {@code mu}, density threshold {@code dense}, default 0.3,
 * {@code it} primal-dual iterations, default 200); {@code mu:dense:it:b:rw:eps} adds {@code b} Bregman steps and
 * {@code rw} reweighting rounds of scale {@code eps} (default 0.05); {@code mu} 0 skips the TV. Then options
 * {@code key=value}, also separated by colons: {@code g=h} TV weights from the HAADF model
 * ({@link CompositionEdgeGuide}) with {@code k=} kappa (default 0.1), {@code bw=R} the Bregman add-back times those
 * weights' minimum over a (2R+1)^3 cube, {@code tvw=0} the TV weights off; {@code gf=r,eps[,mask]} a guided filter of
 * the composition first; {@code oracle=1} the truth as guide. Lines as {@link TomoPriorExperiment}'s.
 */
public final class CompositionTvExperiment {

    private CompositionTvExperiment() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        int size = Integer.parseInt(args[1]);
        String shape = args[2];
        long seed = Long.parseLong(args[3]);
        double dose = Double.parseDouble(args[4]);
        Path file = Path.of(args[5]);
        int threads = 2;
        TomoPhantom phantom = phantom(size, shape, seed, dose, threads);
        TomoPriorExperiment.Regions regions = TomoPriorExperiment.Regions.of(phantom, size);
        String head = String.format(Locale.ROOT, "%d %s seed %d dose %.2f", size, shape, seed, dose);
        if (mode.equals("solve")) {
            String config = args.length > 6 ? args[6] : "joint=0.015";
            long t0 = System.nanoTime();
            TomoFusionResult r = new TomoFusionSolver(threads).solve(phantom.problem(),
                    TomoPriorExperiment.parse(config));
            double sec = (System.nanoTime() - t0) / 1e9;
            write(file, r.volumes(), r.weights(), TomoPriorExperiment.parse(config).gamma());
            System.out.println(String.format(Locale.ROOT, "%s | %-20s | ", head, config)
                    + TomoPriorExperiment.score(phantom, regions, r.volumes())
                    + String.format(Locale.ROOT, " | %.0f s", sec));
            return;
        }
        Saved saved = read(file, phantom.truth().size());
        System.out.println(String.format(Locale.ROOT, "%s | %-20s | ", head, "plain")
                + TomoPriorExperiment.score(phantom, regions, saved.volumes));
        if (Boolean.getBoolean("deep.stats")) {
            deepStats(phantom.truth(), saved.volumes, regions, size, size, saved.volumes.get(0).length / (size * size));
        }
        if (Boolean.getBoolean("phase.stats")) {
            TomoPriorExperiment.phaseStats(phantom.truth(), saved.volumes, regions);
        }
        if (Boolean.getBoolean("density.stats")) {
            densityStats(phantom.truth(), saved, regions);
        }
        int w = size;
        int d = size;
        int h = saved.volumes.get(0).length / (w * d);
        try (RowBlocks blocks = new RowBlocks(threads)) {
            for (int i = 6; i < args.length; i++) {
                String[] all = args[i].split(":");
                List<String> pos = new ArrayList<>();
                java.util.Map<String, String> opt = new java.util.HashMap<>();
                for (String t : all) {
                    int eq = t.indexOf('=');
                    if (eq < 0) {
                        pos.add(t);
                    } else {
                        opt.put(t.substring(0, eq), t.substring(eq + 1));
                    }
                }
                String[] p = pos.toArray(new String[0]);
                double mu = Double.parseDouble(p[0]);
                float dense = p.length > 1 ? Float.parseFloat(p[1]) : CompositionTv.DENSE;
                int it = p.length > 2 ? Integer.parseInt(p[2]) : 200;
                int bregman = p.length > 3 ? Integer.parseInt(p[3]) : 0;
                int rounds = p.length > 4 ? Integer.parseInt(p[4]) : 0;
                double eps = p.length > 5 ? Double.parseDouble(p[5]) : 0.05;
                float[][] x = new float[saved.volumes.size()][];
                for (int e = 0; e < x.length; e++) {
                    x[e] = saved.volumes.get(e).clone();
                }
                long t0 = System.nanoTime();
                CompositionTv ctv = new CompositionTv(saved.weights, saved.gamma);
                ctv.bregmanSteps(bregman);
                ctv.reweight(rounds, eps);
                String guide = "";
                float[][] guideVolumes = x;
                if (opt.containsKey("oracle")) {
                    // the truth as guide: what a perfect HAADF guide could give
                    guideVolumes = phantom.truth().toArray(new float[0][]);
                    guide += " ORACLE";
                }
                if (opt.containsKey("gf")) {
                    String[] g = opt.get("gf").split(",");
                    int rad = Integer.parseInt(g[0]);
                    double geps = Double.parseDouble(g[1]);
                    float gmask = g.length > 2 ? Float.parseFloat(g[2]) : dense;
                    guidedFilter(x, guideVolumes, saved.weights, saved.gamma, rad, geps, gmask, w, d, h);
                    guide += " gf r " + rad + " eps " + g[1] + " mask " + gmask;
                }
                guide += guide(ctv, guideVolumes, saved, opt, w, d, h, blocks);
                if (mu > 0) {
                    ctv.apply(x, w, d, h, mu, dense, it, blocks, CancellationToken.NEVER);
                }
                double sec = (System.nanoTime() - t0) / 1e9;
                System.out.println(String.format(Locale.ROOT, "%s | ctv mu %-6s dense %.2f it %3d b %d rw %d eps %.3f%s | ",
                        head, p[0], dense, it, bregman, rounds, eps, guide) + TomoPriorExperiment.score(phantom, regions, List.of(x))
                        + String.format(Locale.ROOT, " | %.1f s", sec));
                if (Boolean.getBoolean("deep.stats")) {
                    deepStats(phantom.truth(), List.of(x), regions, w, d, h);
                }
            }
        }
    }

    /**
     * Guide option of a variant: {@code g=h} TV weights from the HAADF model ({@link CompositionEdgeGuide}) with
     * {@code k=} kappa (default 0.1). Returns a label.
     */
    static String guide(CompositionTv ctv, float[][] x, Saved saved, java.util.Map<String, String> opt, int w, int d,
                        int h, RowBlocks blocks) {
        if (!opt.containsKey("g")) {
            return "";
        }
        double kappa = Double.parseDouble(opt.getOrDefault("k", "0.1"));
        float[] g = CompositionEdgeGuide.weights(x, saved.weights, saved.gamma, kappa, w, d, h, blocks);
        String label = String.format(Locale.ROOT, " guide h kappa %s", opt.getOrDefault("k", "0.1"));
        if (opt.containsKey("bw")) {
            // Bregman steps add back nothing within bw voxels of a HAADF edge (the guide weights eroded)
            int radius = Integer.parseInt(opt.get("bw"));
            ctv.bregmanWeights(erode(g, radius, w, d, h));
            label += " bregman weights r " + radius;
        }
        if (!opt.getOrDefault("tvw", "1").equals("0")) {
            ctv.tvWeights(g);
        } else {
            label += " (TV weights off)";
        }
        return label;
    }

    /**
     * Guided filter (He, Sun and Tang, IEEE TPAMI 35, 1397, 2013) of the composition with the HAADF model
     * {@code q = sum_e w_e x_e^gamma} as guide, over the voxels whose summed concentration is at least {@code mask}:
     * in every (2r+1)^3 window each element's fraction is fitted as {@code a q + b} (ridge {@code eps} on a), and each
     * voxel takes the mean of its windows' fits at its own q, so the composition jumps where the guide does. Each
     * masked voxel is then rebuilt at its own HAADF model, as {@link CompositionTv} does. Single-threaded.
     */
    static void guidedFilter(float[][] x, float[][] gx, float[] wt, double gamma, int r, double eps, float mask, int w,
                             int d, int h) {
        int ne = x.length;
        int n = x[0].length;
        double[] m = new double[n];
        double[] q = new double[n];
        double[][] f = new double[ne][n];
        for (int v = 0; v < n; v++) {
            double s = 0;
            double hv = 0;
            for (int e = 0; e < ne; e++) {
                double xe = Math.max(0, x[e][v]);
                s += xe;
                hv += wt[e] * Math.pow(Math.max(0, gx[e][v]), gamma);
            }
            if (s >= mask && s > 0) {
                m[v] = 1;
                q[v] = hv;
                for (int e = 0; e < ne; e++) {
                    f[e][v] = Math.max(0, x[e][v]) / s;
                }
            }
        }
        double[] cnt = box(m, r, w, d, h);
        double[] mq = mean(mul(m, q), cnt, r, w, d, h);
        double[] mqq = mean(mul(m, mul(q, q)), cnt, r, w, d, h);
        double[][] out = new double[ne][];
        for (int e = 0; e < ne; e++) {
            double[] mf = mean(mul(m, f[e]), cnt, r, w, d, h);
            double[] mqf = mean(mul(m, mul(q, f[e])), cnt, r, w, d, h);
            double[] a = new double[n];
            double[] b = new double[n];
            for (int v = 0; v < n; v++) {
                if (cnt[v] > 0) {
                    a[v] = (mqf[v] - mq[v] * mf[v]) / (mqq[v] - mq[v] * mq[v] + eps);
                    b[v] = mf[v] - a[v] * mq[v];
                }
            }
            double[] ma = mean(mul(m, a), cnt, r, w, d, h);
            double[] mb = mean(mul(m, b), cnt, r, w, d, h);
            out[e] = new double[n];
            for (int v = 0; v < n; v++) {
                out[e][v] = Math.max(0, ma[v] * q[v] + mb[v]);
            }
        }
        for (int v = 0; v < n; v++) {
            if (m[v] == 0) {
                continue;
            }
            double su = 0;
            for (int e = 0; e < ne; e++) {
                su += out[e][v];
            }
            if (!(su > 0)) {
                continue;
            }
            double h0 = 0;
            double h1 = 0;
            for (int e = 0; e < ne; e++) {
                h0 += wt[e] * Math.pow(Math.max(0, x[e][v]), gamma);
                h1 += wt[e] * Math.pow(out[e][v] / su, gamma);
            }
            if (!(h0 > 0) || !(h1 > 0)) {
                continue;
            }
            double t = Math.pow(h0 / h1, 1 / gamma);
            for (int e = 0; e < ne; e++) {
                x[e][v] = (float) (t * out[e][v] / su);
            }
        }
    }

    /** Deep voxels: quantiles of the summed concentration of the result and the truth; the HAADF models' fit. */
    static void densityStats(List<float[]> truth, Saved saved, TomoPriorExperiment.Regions regions) {
        byte[] kind = regions.kind();
        List<Double> sf = new ArrayList<>();
        List<Double> st = new ArrayList<>();
        double sxy = 0, sxx = 0, sx = 0, sy = 0, syy = 0;
        int c = 0;
        for (int v = 0; v < kind.length; v++) {
            if (kind[v] != 3) {
                continue;
            }
            double a = 0, b = 0, ha = 0, hb = 0;
            for (int e = 0; e < truth.size(); e++) {
                a += saved.volumes.get(e)[v];
                b += truth.get(e)[v];
                ha += saved.weights[e] * Math.pow(Math.max(0, saved.volumes.get(e)[v]), saved.gamma);
                hb += saved.weights[e] * Math.pow(truth.get(e)[v], saved.gamma);
            }
            sf.add(a);
            st.add(b);
            sx += ha; sy += hb; sxx += ha * ha; syy += hb * hb; sxy += ha * hb;
            c++;
        }
        java.util.Collections.sort(sf);
        java.util.Collections.sort(st);
        double cov = sxy / c - sx / c * sy / c;
        double vx = sxx / c - sx / c * sx / c;
        double vy = syy / c - sy / c * sy / c;
        double slope = cov / vx;
        double res = vy - cov * cov / vx;
        System.out.println(String.format(Locale.ROOT, "  deep density result q10/50/90 %.3f %.3f %.3f, truth %.3f %.3f %.3f;"
                + " HAADF model: truth SD %.3f, fit of result (slope %.3f) residual RMS %.3f",
                sf.get(c / 10), sf.get(c / 2), sf.get(9 * c / 10), st.get(c / 10), st.get(c / 2), st.get(9 * c / 10),
                Math.sqrt(vy), slope, Math.sqrt(res)));
    }

    /** Minimum over the (2r+1)^3 cube (separable). */
    static float[] erode(float[] a, int r, int w, int d, int h) {
        int[] strides = {1, w, w * d};
        int[] sizes = {w, d, h};
        float[] cur = a;
        for (int axis = 0; axis < 3; axis++) {
            float[] next = new float[cur.length];
            int stride = strides[axis];
            int size = sizes[axis];
            for (int v = 0; v < cur.length; v++) {
                int pos = (v / stride) % size;
                float m = cur[v];
                for (int k = Math.max(0, pos - r); k <= Math.min(size - 1, pos + r); k++) {
                    m = Math.min(m, cur[v + (k - pos) * stride]);
                }
                next[v] = m;
            }
            cur = next;
        }
        return cur;
    }

    private static double[] mul(double[] a, double[] b) {
        double[] o = new double[a.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = a[i] * b[i];
        }
        return o;
    }

    private static double[] mean(double[] a, double[] cnt, int r, int w, int d, int h) {
        double[] s = box(a, r, w, d, h);
        for (int i = 0; i < s.length; i++) {
            s[i] = cnt[i] > 0 ? s[i] / cnt[i] : 0;
        }
        return s;
    }

    /** Sum over the (2r+1)^3 window, truncated at the borders (separable running sums). */
    private static double[] box(double[] a, int r, int w, int d, int h) {
        int[] strides = {1, w, w * d};
        int[] sizes = {w, d, h};
        double[] cur = a;
        for (int axis = 0; axis < 3; axis++) {
            double[] next = new double[cur.length];
            int stride = strides[axis];
            int size = sizes[axis];
            double[] pre = new double[size + 1];
            for (int base = 0; base < cur.length; base++) {
                if ((base / stride) % size != 0) {
                    continue;
                }
                for (int i = 0; i < size; i++) {
                    pre[i + 1] = pre[i] + cur[base + i * stride];
                }
                for (int i = 0; i < size; i++) {
                    next[base + i * stride] = pre[Math.min(size, i + r + 1)] - pre[Math.max(0, i - r)];
                }
            }
            cur = next;
        }
        return cur;
    }

    /**
     * Is the composition error of the deep interior smoothable noise? Per element, over the deep voxels: the RMS
     * of the calibrated composition's error {@code d_v}, of its local mean {@code m_v} (over the deep voxels in the
     * 7 x 7 x 7 cube round v, i.e. what no smoothing at that scale can remove) and of {@code d_v - m_v} (what it
     * can).
     */
    static void deepStats(List<float[]> truth, List<float[]> est, TomoPriorExperiment.Regions regions, int w, int d,
                          int h) {
        int ne = truth.size();
        int n = truth.get(0).length;
        float[][] cal = new float[ne][];
        for (int e = 0; e < ne; e++) {
            cal[e] = org.fusionj.core.fusion.phantom.PhantomScore.calibrate(est.get(e), truth.get(e));
        }
        byte[] kind = regions.kind();
        float[][] err = new float[ne][n];
        for (int v = 0; v < n; v++) {
            if (kind[v] != 3) {
                continue;
            }
            double st = 0;
            double se = 0;
            for (int e = 0; e < ne; e++) {
                st += truth.get(e)[v];
                se += Math.max(0, cal[e][v]);
            }
            for (int e = 0; e < ne; e++) {
                err[e][v] = (float) ((se > 0 ? Math.max(0, cal[e][v]) / se : 0) - truth.get(e)[v] / st);
            }
        }
        // a deep voxel is "near" a composition interface when a deep voxel of another true composition (to 0.05)
        // is in its 7^3 cube
        int r = 3;
        boolean[] near = new boolean[n];
        int[] key = new int[n];
        for (int v = 0; v < n; v++) {
            if (kind[v] == 3) {
                double st = 0;
                for (int e = 0; e < ne; e++) {
                    st += truth.get(e)[v];
                }
                int k = 0;
                for (int e = 0; e < ne; e++) {
                    k = k * 21 + (int) Math.round(20 * truth.get(e)[v] / st);
                }
                key[v] = k;
            }
        }
        StringBuilder sb = new StringBuilder("  deep composition error, RMS per element: all / 7^3 local mean / rest;"
                + " far from (near) a composition interface:");
        double[][] acc = new double[ne][5];
        int[] counts = new int[2];
        for (int y = 0; y < h; y++) {
            for (int z = 0; z < d; z++) {
                for (int x = 0; x < w; x++) {
                    int v = (y * d + z) * w + x;
                    if (kind[v] != 3) {
                        continue;
                    }
                    double[] s = new double[ne];
                    int c = 0;
                    for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                        for (int zz = Math.max(0, z - r); zz <= Math.min(d - 1, z + r); zz++) {
                            for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                                int q = (yy * d + zz) * w + xx;
                                if (kind[q] == 3) {
                                    for (int e = 0; e < ne; e++) {
                                        s[e] += err[e][q];
                                    }
                                    c++;
                                    near[v] |= key[q] != key[v];
                                }
                            }
                        }
                    }
                    counts[near[v] ? 1 : 0]++;
                    for (int e = 0; e < ne; e++) {
                        double m = s[e] / c;
                        double dv = err[e][v];
                        acc[e][0] += dv * dv;
                        acc[e][1] += m * m;
                        acc[e][2] += (dv - m) * (dv - m);
                        acc[e][near[v] ? 4 : 3] += dv * dv;
                    }
                }
            }
        }
        int count = counts[0] + counts[1];
        for (int e = 0; e < ne; e++) {
            sb.append(String.format(Locale.ROOT, "  %.3f / %.3f / %.3f; %.3f (%.3f)", Math.sqrt(acc[e][0] / count),
                    Math.sqrt(acc[e][1] / count), Math.sqrt(acc[e][2] / count),
                    Math.sqrt(acc[e][3] / Math.max(1, counts[0])), Math.sqrt(acc[e][4] / Math.max(1, counts[1]))));
        }
        sb.append(String.format(Locale.ROOT, " | deep voxels far %d, near %d", counts[0], counts[1]));
        System.out.println(sb);
    }

    static TomoPhantom phantom(int size, String shape, long seed, double dose, int threads) {
        TomoPhantomSpec base = TomoPhantomSpec.defaults(size);
        TomoPhantomSpec.Builder b = base.toBuilder().seed(seed).chemDose(base.chemDose() * dose);
        if (shape.equals("gradient")) {
            return TomoPriorExperiment.gradient(b.shape(ParticleShape.MIXED).build(), threads);
        }
        return TomoPhantom.generate(b.shape(ParticleShape.valueOf(shape.toUpperCase(Locale.ROOT))).build(), threads);
    }

    record Saved(List<float[]> volumes, float[] weights, double gamma) {
    }

    static void write(Path file, List<float[]> volumes, double[] weights, double gamma) {
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                Files.newOutputStream(file)))) {
            out.writeInt(volumes.size());
            out.writeInt(volumes.get(0).length);
            out.writeDouble(gamma);
            for (double wt : weights) {
                out.writeDouble(wt);
            }
            ByteBuffer buf = ByteBuffer.allocate(volumes.get(0).length * 4).order(ByteOrder.BIG_ENDIAN);
            for (float[] v : volumes) {
                buf.clear();
                buf.asFloatBuffer().put(v);
                out.write(buf.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Saved read(Path file, int expectedElements) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int ne = in.readInt();
            int n = in.readInt();
            if (ne != expectedElements) {
                throw new IOException(file + ": " + ne + " volumes, expected " + expectedElements);
            }
            double gamma = in.readDouble();
            float[] w = new float[ne];
            for (int e = 0; e < ne; e++) {
                w[e] = (float) in.readDouble();
            }
            List<float[]> vols = new ArrayList<>();
            byte[] bytes = new byte[n * 4];
            for (int e = 0; e < ne; e++) {
                in.readFully(bytes);
                float[] v = new float[n];
                ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(v);
                vols.add(v);
            }
            return new Saved(vols, w, gamma);
        }
    }
}
