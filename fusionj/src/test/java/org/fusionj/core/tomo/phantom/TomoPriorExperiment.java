package org.fusionj.core.tomo.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.fusionj.core.fusion.phantom.PoissonSampler;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.JosephProjector;
import org.fusionj.core.tomo.TiltSeries;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionProblem;
import org.fusionj.core.tomo.TomoFusionSolver;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.core.tomo.TvCoupling;

/**
 * Experiment harness (not a test; run by hand with the test class path) for the composition prior of fused
 * tomography (docs/fusion-tomography.md, "A composition prior"): scores configurations on phantoms, split over
 * background, surface, interior and deep-interior voxels.
 *
 * <pre>java -cp ... org.fusionj.core.tomo.phantom.TomoPriorExperiment SIZE SHAPE SEED DOSE CONFIG...</pre>
 * SHAPE: mixed, spheres, ellipsoids, or gradient (alloy particles whose composition varies continuously, made here:
 * voxelised on a grid twice as fine, projected there with Joseph's projector and binned, so the reconstruction's
 * projector never made the data). CONFIG: comma-separated {@code joint=0.015}, {@code sep=0.01}, {@code kl=0.1},
 * {@code phases=6}, {@code pw=0.5}, {@code dw} (dose-weighted KL), {@code lh=3}, {@code it=50}, {@code sirt=10},
 * {@code tilts} (fuse tilts first). CONFIG {@code truthphases} instead lists the phantom's interior compositions.
 * Per run: NRMSE per element and mean, the error split over background / surface / interior / deep interior, and
 * two hybrids (the result's density with the true composition, and the reverse). {@code -Dphase.stats=true} adds
 * the fused composition per true interior composition, {@code -Dphase.segments=true} the score of the result with
 * each true segment given its mean fused composition. Figures: docs/fusion-tomography.md.
 */
public final class TomoPriorExperiment {

    private TomoPriorExperiment() {
    }

    public static void main(String[] args) {
        int size = Integer.parseInt(args[0]);
        String shape = args[1];
        long seed = Long.parseLong(args[2]);
        double dose = Double.parseDouble(args[3]);
        int threads = 2;
        TomoPhantomSpec base = TomoPhantomSpec.defaults(size);
        TomoPhantomSpec.Builder b = base.toBuilder().seed(seed).chemDose(base.chemDose() * dose);
        TomoPhantom phantom;
        if (shape.equals("gradient")) {
            phantom = gradient(b.shape(ParticleShape.MIXED).build(), threads);
        } else {
            phantom = TomoPhantom.generate(b.shape(ParticleShape.valueOf(shape.toUpperCase(Locale.ROOT))).build(),
                    threads);
        }
        Regions regions = Regions.of(phantom, size);
        if (args[4].equals("truthphases")) { // the compositions of the interior voxels, each element over its maximum
            java.util.TreeMap<String, Integer> hist = new java.util.TreeMap<>();
            List<float[]> t = phantom.truth();
            float[] sc = new float[t.size()];
            for (int e = 0; e < sc.length; e++) {
                for (float val : t.get(e)) {
                    sc[e] = Math.max(sc[e], val);
                }
            }
            for (int v = 0; v < t.get(0).length; v++) {
                if (regions.kind()[v] < 2) {
                    continue;
                }
                double sum = 0;
                for (int e = 0; e < sc.length; e++) {
                    sum += t.get(e)[v] / sc[e];
                }
                StringBuilder k = new StringBuilder();
                for (int e = 0; e < sc.length; e++) {
                    k.append(String.format(Locale.ROOT, " %.2f", t.get(e)[v] / sc[e] / sum));
                }
                hist.merge(k.toString(), 1, Integer::sum);
            }
            hist.forEach((k, c) -> {
                if (c > 20) {
                    System.out.println(k + " : " + c);
                }
            });
            System.out.println("scales " + java.util.Arrays.toString(sc));
            return;
        }
        TomoFusionSolver solver = new TomoFusionSolver(threads);
        for (int i = 4; i < args.length; i++) {
            TomoFusionParameters p = parse(args[i]);
            long t0 = System.nanoTime();
            List<float[]> vol = solver.solve(phantom.problem(), p).volumes();
            double sec = (System.nanoTime() - t0) / 1e9;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d %s seed %d dose %.2f | %-28s | ",
                    size, shape, seed, dose, args[i]));
            line.append(score(phantom, regions, vol)).append(String.format(Locale.ROOT, " | %.0f s", sec));
            System.out.println(line);
            if (Boolean.getBoolean("phase.segments")) {
                System.out.println(String.format(Locale.ROOT, "  true segments, their mean fused composition: %.3f",
                        segmentMeans(phantom.truth(), vol)));
            }
            if (Boolean.getBoolean("phase.stats")) {
                phaseStats(phantom.truth(), vol, regions);
            }
        }
    }

    /**
     * NRMSE per element and mean, the error split over background / surface / interior / deep interior, and the two
     * hybrids of {@link #compositionDensity}, as one line.
     */
    static String score(TomoPhantom phantom, Regions regions, List<float[]> vol) {
        double[] s = TomoScore.nrmse(phantom, vol);
        StringBuilder line = new StringBuilder();
        for (double v : s) {
            line.append(String.format(Locale.ROOT, "%.3f ", v));
        }
        line.append(String.format(Locale.ROOT, "| mean %.3f |", TomoScore.mean(s)));
        double[] split = new double[4];
        for (int e = 0; e < s.length; e++) {
            double[] r = regions.split(vol.get(e), phantom.truth().get(e));
            for (int k = 0; k < 4; k++) {
                split[k] += r[k] / s.length;
            }
        }
        line.append(String.format(Locale.ROOT, " bg/surf/int/deep %.3f %.3f %.3f %.3f |", split[0],
                split[1], split[2], split[3]));
        double[] cd = compositionDensity(phantom.truth(), vol);
        line.append(String.format(Locale.ROOT, " exact comp %.3f, exact density %.3f", cd[0], cd[1]));
        return line.toString();
    }

    /**
     * Mean NRMSE over the elements when every voxel holding material (true summed concentration above 0.5) takes
     * the mean fused composition of its true segment (the voxels of the same true composition, to 0.05), at its own
     * fused summed concentration: what a perfect segmentation into phases would give with compositions estimated from
     * the result.
     */
    static double segmentMeans(List<float[]> truth, List<float[]> est) {
        int ne = truth.size();
        int n = truth.get(0).length;
        float[][] cal = new float[ne][];
        for (int e = 0; e < ne; e++) {
            cal[e] = org.fusionj.core.fusion.phantom.PhantomScore.calibrate(est.get(e), truth.get(e));
        }
        String[] key = new String[n];
        java.util.HashMap<String, double[]> acc = new java.util.HashMap<>();
        for (int v = 0; v < n; v++) {
            double st = 0;
            double se = 0;
            for (int e = 0; e < ne; e++) {
                st += truth.get(e)[v];
                se += Math.max(0, cal[e][v]);
            }
            if (st <= 0.5 || se <= 0) {
                continue;
            }
            StringBuilder k = new StringBuilder();
            for (int e = 0; e < ne; e++) {
                k.append(Math.round(20 * truth.get(e)[v] / st)).append(',');
            }
            key[v] = k.toString();
            double[] a = acc.computeIfAbsent(key[v], q -> new double[ne + 1]);
            for (int e = 0; e < ne; e++) {
                a[e] += Math.max(0, cal[e][v]);
            }
            a[ne] += se;
        }
        double mean = 0;
        for (int e = 0; e < ne; e++) {
            double err = 0;
            double sig = 0;
            for (int v = 0; v < n; v++) {
                double t = truth.get(e)[v];
                double val = cal[e][v];
                if (key[v] != null) {
                    double[] a = acc.get(key[v]);
                    double se = 0;
                    for (int q = 0; q < ne; q++) {
                        se += Math.max(0, cal[q][v]);
                    }
                    val = se * a[e] / a[ne];
                }
                err += (val - t) * (val - t);
                sig += t * t;
            }
            mean += Math.sqrt(err / sig) / ne;
        }
        return mean;
    }

    /** Per true interior composition: voxel count, the calibrated estimate's mean composition and its SD. */
    static void phaseStats(List<float[]> truth, List<float[]> est, Regions regions) {
        int ne = truth.size();
        float[][] cal = new float[ne][];
        for (int e = 0; e < ne; e++) {
            cal[e] = org.fusionj.core.fusion.phantom.PhantomScore.calibrate(est.get(e), truth.get(e));
        }
        java.util.TreeMap<String, double[]> acc = new java.util.TreeMap<>();
        for (int v = 0; v < truth.get(0).length; v++) {
            if (regions.kind()[v] < 2) {
                continue;
            }
            double st = 0;
            double se = 0;
            for (int e = 0; e < ne; e++) {
                st += truth.get(e)[v];
                se += Math.max(0, cal[e][v]);
            }
            StringBuilder k = new StringBuilder();
            for (int e = 0; e < ne; e++) {
                k.append(String.format(Locale.ROOT, " %.2f", truth.get(e)[v] / st));
            }
            double[] a = acc.computeIfAbsent(k.toString(), q -> new double[1 + 2 * ne + 1]);
            a[0]++;
            for (int e = 0; e < ne; e++) {
                double f = se > 0 ? Math.max(0, cal[e][v]) / se : 0;
                a[1 + e] += f;
                a[1 + ne + e] += f * f;
            }
            a[1 + 2 * ne] += se;
        }
        acc.forEach((k, a) -> {
            if (a[0] < 20) {
                return;
            }
            StringBuilder sb = new StringBuilder("  true" + k + " n " + (int) a[0] + " est mean");
            for (int e = 0; e < ne; e++) {
                sb.append(String.format(Locale.ROOT, " %.2f", a[1 + e] / a[0]));
            }
            sb.append(" sd");
            for (int e = 0; e < ne; e++) {
                double m = a[1 + e] / a[0];
                sb.append(String.format(Locale.ROOT, " %.2f", Math.sqrt(Math.max(0, a[1 + ne + e] / a[0] - m * m))));
            }
            sb.append(String.format(Locale.ROOT, " density %.2f", a[1 + 2 * ne] / a[0]));
            System.out.println(sb);
        });
    }

    /**
     * Mean NRMSE over the elements of two hybrids of the calibrated estimate: its summed concentration with the
     * true composition, and the true summed concentration with its composition (voxels with material only; the
     * rest as estimated). Shows whether the error is in how much material a voxel holds or in what it is.
     */
    static double[] compositionDensity(List<float[]> truth, List<float[]> est) {
        int ne = truth.size();
        int n = truth.get(0).length;
        float[][] cal = new float[ne][];
        for (int e = 0; e < ne; e++) {
            cal[e] = org.fusionj.core.fusion.phantom.PhantomScore.calibrate(est.get(e), truth.get(e));
        }
        double[] errA = new double[ne];
        double[] errB = new double[ne];
        double[] sig = new double[ne];
        for (int v = 0; v < n; v++) {
            double st = 0;
            double se = 0;
            for (int e = 0; e < ne; e++) {
                st += truth.get(e)[v];
                se += Math.max(0, cal[e][v]);
            }
            for (int e = 0; e < ne; e++) {
                double t = truth.get(e)[v];
                double a;
                double b;
                if (st > 1e-6 && se > 1e-6) {
                    a = se * t / st;
                    b = st * Math.max(0, cal[e][v]) / se;
                } else {
                    a = cal[e][v];
                    b = cal[e][v];
                }
                errA[e] += (a - t) * (a - t);
                errB[e] += (b - t) * (b - t);
                sig[e] += t * t;
            }
        }
        double ma = 0;
        double mb = 0;
        for (int e = 0; e < ne; e++) {
            ma += Math.sqrt(errA[e] / sig[e]) / ne;
            mb += Math.sqrt(errB[e] / sig[e]) / ne;
        }
        return new double[] {ma, mb};
    }

    static TomoFusionParameters parse(String config) {
        TomoFusionParameters.Builder p = TomoFusionParameters.builder();
        for (String part : config.split(",")) {
            String[] kv = part.split("=");
            String k = kv[0];
            double v = kv.length > 1 ? Double.parseDouble(kv[1]) : 0;
            switch (k) {
                case "joint" -> p.tvCoupling(TvCoupling.JOINT).lambdaTv(v);
                case "sep" -> p.tvCoupling(TvCoupling.SEPARATE).lambdaTv(v);
                case "kl" -> p.method(TomoMethod.CHEMICAL_KL).lambdaTv(v);
                case "sirt" -> p.method(TomoMethod.CHEMICAL_SIRT).iterations((int) v);
                case "tilts" -> p.method(TomoMethod.FUSE_TILTS_FIRST);
                case "phases" -> p.phases((int) v);
                case "pw" -> p.phaseWeight(v);
                case "dw" -> p.doseWeightedKl(true);
                case "ctv" -> p.compositionTv(v);
                case "ctvf" -> p.compositionTvFinal(v);
                case "ctvg" -> p.compositionTvGuide(v);
                case "edge" -> p.tvEdgeGuide(v);
                case "dir" -> p.tvDirectional(v);
                case "lt" -> p.lambdaTv(v);
                case "lh" -> p.lambdaHaadf(v);
                case "it" -> p.iterations((int) v);
                default -> throw new IllegalArgumentException(k);
            }
        }
        return p.build();
    }

    /**
     * Error split: {@code ||cal - truth||} over background (no material at or next to the voxel), surface (the
     * rest but interior), interior (filled, its six neighbours filled) and deep interior (interior eroded twice
     * more), each over {@code ||truth||} of the whole volume (the squares of the first three add up to NRMSE^2).
     */
    record Regions(byte[] kind) {
        static Regions of(TomoPhantom ph, int size) {
            int n = ph.truth().get(0).length;
            float[] total = new float[n];
            for (float[] t : ph.truth()) {
                for (int i = 0; i < n; i++) {
                    total[i] += t[i];
                }
            }
            int w = size;
            int d = size;
            int h = n / (w * d);
            boolean[] filled = new boolean[n];
            boolean[] any = new boolean[n];
            for (int i = 0; i < n; i++) {
                filled[i] = total[i] >= 0.999f;
                any[i] = total[i] > 0;
            }
            boolean[] interior = erode(filled, w, d, h);
            boolean[] deep = erode(erode(interior, w, d, h), w, d, h);
            boolean[] anyDilated = dilate(any, w, d, h);
            byte[] kind = new byte[n];
            for (int i = 0; i < n; i++) {
                kind[i] = (byte) (deep[i] ? 3 : interior[i] ? 2 : anyDilated[i] ? 1 : 0);
            }
            return new Regions(kind);
        }

        double[] split(float[] est, float[] truth) {
            float[] cal = org.fusionj.core.fusion.phantom.PhantomScore.calibrate(est, truth);
            double[] err = new double[4];
            double sig = 0;
            for (int i = 0; i < truth.length; i++) {
                double dd = cal[i] - truth[i];
                err[kind[i]] += dd * dd;
                sig += (double) truth[i] * truth[i];
            }
            // interior includes deep
            return new double[] {Math.sqrt(err[0] / sig), Math.sqrt(err[1] / sig),
                Math.sqrt((err[2] + err[3]) / sig), Math.sqrt(err[3] / sig)};
        }

        private static boolean[] erode(boolean[] m, int w, int d, int h) {
            boolean[] o = new boolean[m.length];
            for (int y = 0; y < h; y++) {
                for (int z = 0; z < d; z++) {
                    for (int x = 0; x < w; x++) {
                        int v = (y * d + z) * w + x;
                        o[v] = m[v] && x > 0 && x < w - 1 && z > 0 && z < d - 1 && y > 0 && y < h - 1
                                && m[v - 1] && m[v + 1] && m[v - w] && m[v + w] && m[v - w * d] && m[v + w * d];
                    }
                }
            }
            return o;
        }

        private static boolean[] dilate(boolean[] m, int w, int d, int h) {
            boolean[] inv = new boolean[m.length];
            for (int i = 0; i < m.length; i++) {
                inv[i] = !m[i];
            }
            boolean[] e = erode(inv, w, d, h);
            for (int i = 0; i < m.length; i++) {
                e[i] = !e[i];
            }
            return e;
        }
    }

    // ---- A phantom with continuous composition gradients ----

    /**
     * The spec's particles (places and shapes), each an alloy whose composition varies continuously: particle i
     * mixes two elements along a random direction (fraction 0.05 to 0.95 across it), every third one mixes three
     * elements radially (an element enriched at the centre, another at the surface).
     */
    static TomoPhantom gradient(TomoPhantomSpec spec, int threads) {
        List<Particle> particles = TomoPhantom.place(spec);
        int ne = spec.elementCount();
        int w = spec.width();
        int h = spec.height();
        int d = spec.depth();
        int fw = 2 * w;
        int fd = 2 * d;
        int fh = 2 * h;
        SplittableRandom rng = new SplittableRandom(spec.seed() * 31 + 7);
        double[][] dir = new double[particles.size()][3];
        for (double[] u : dir) {
            double a = rng.nextDouble() * 2 - 1;
            double phi = rng.nextDouble() * 2 * Math.PI;
            double s = Math.sqrt(1 - a * a);
            u[0] = s * Math.cos(phi);
            u[1] = s * Math.sin(phi);
            u[2] = a;
        }
        float[][] fine = new float[ne][fw * fd * fh];
        float[] fineHaadf = new float[fw * fd * fh];
        double[] wts = spec.weights();
        double cx = (w - 1) / 2.0;
        double cz = (d - 1) / 2.0;
        int n = 2;
        double[] comp = new double[ne];
        for (int pi = 0; pi < particles.size(); pi++) {
            Particle p = particles.get(pi);
            int ea = pi % ne;
            int eb = (pi + 1) % ne;
            int ec = (pi + 2) % ne;
            boolean radial = pi % 3 == 2 && ne >= 3;
            int x0 = Math.max(0, (int) Math.floor(2 * (p.x() + cx - p.radius() - 1)));
            int x1 = Math.min(fw - 1, (int) Math.ceil(2 * (p.x() + cx + p.radius() + 1)) + 1);
            int z0 = Math.max(0, (int) Math.floor(2 * (p.z() + cz - p.radius() - 1)));
            int z1 = Math.min(fd - 1, (int) Math.ceil(2 * (p.z() + cz + p.radius() + 1)) + 1);
            int y0 = Math.max(0, (int) Math.floor(2 * (p.y() - p.radius() - 1)));
            int y1 = Math.min(fh - 1, (int) Math.ceil(2 * (p.y() + p.radius() + 1)) + 1);
            for (int yy = y0; yy <= y1; yy++) {
                for (int zz = z0; zz <= z1; zz++) {
                    for (int xx = x0; xx <= x1; xx++) {
                        int fv = (yy * fd + zz) * fw + xx;
                        for (int a = 0; a < n; a++) {
                            for (int bb = 0; bb < n; bb++) {
                                for (int c = 0; c < n; c++) {
                                    double px = xx / 2.0 - 0.5 + (a + 0.5) / (2 * n) - cx;
                                    double py = yy / 2.0 - 0.5 + (bb + 0.5) / (2 * n);
                                    double pz = zz / 2.0 - 0.5 + (c + 0.5) / (2 * n) - cz;
                                    double r2 = p.normalisedRadius2(px, py, pz);
                                    if (r2 > 1) {
                                        continue;
                                    }
                                    java.util.Arrays.fill(comp, 0);
                                    if (radial) {
                                        double rho = Math.sqrt(r2);
                                        comp[ea] = 0.9 - 0.8 * rho;
                                        comp[eb] = 0.05 + 0.8 * rho;
                                        comp[ec] = 0.05;
                                    } else {
                                        double t = ((px - p.x()) * dir[pi][0] + (py - p.y()) * dir[pi][1]
                                                + (pz - p.z()) * dir[pi][2]) / p.radius();
                                        t = Math.max(-1, Math.min(1, t));
                                        comp[ea] = 0.5 + 0.45 * t;
                                        comp[eb] = 1 - comp[ea];
                                    }
                                    double inv = 1.0 / (n * n * n);
                                    for (int e = 0; e < ne; e++) {
                                        fine[e][fv] += (float) (comp[e] * inv);
                                    }
                                    fineHaadf[fv] += (float) (TomoPhantom.model(comp, wts, spec.gamma()) * inv);
                                }
                            }
                        }
                    }
                }
            }
        }
        List<float[]> truth = new ArrayList<>();
        for (int e = 0; e < ne; e++) {
            float[] t = new float[w * d * h];
            float[] f = fine[e];
            for (int y = 0; y < h; y++) {
                for (int z = 0; z < d; z++) {
                    for (int x = 0; x < w; x++) {
                        double s = 0;
                        for (int k = 0; k < 8; k++) {
                            s += f[((2 * y + (k >> 2)) * fd + 2 * z + ((k >> 1) & 1)) * fw + 2 * x + (k & 1)];
                        }
                        t[(y * d + z) * w + x] = (float) (s / 8);
                    }
                }
            }
            truth.add(t);
        }
        try (RowBlocks blocks = new RowBlocks(threads)) {
            double[] ha = spec.haadfAngles();
            float[] expectedHaadf = project(fineHaadf, fw, fd, fh, ha, spec.haadfDose(), spec.haadfBackground(),
                    blocks);
            float[] haadf = sample(expectedHaadf, spec.seed(), 0);
            List<ElementTiltSeries> els = new ArrayList<>();
            for (int e = 0; e < ne; e++) {
                float[] ex = project(fine[e], fw, fd, fh, spec.chemAngles(), spec.chemDose(), spec.chemBackground(),
                        blocks);
                String sym = spec.symbols().get(e);
                els.add(ElementTiltSeries.of(sym, new TiltSeries("gradient " + sym, w, h, spec.chemAngles(),
                        sample(ex, spec.seed(), e + 1))));
            }
            TomoFusionProblem problem = new TomoFusionProblem(new TiltSeries("gradient HAADF", w, h, ha, haadf),
                    els);
            return new TomoPhantom(spec, particles.size(), List.copyOf(truth), expectedHaadf, problem);
        }
    }

    /** Joseph projection on the fine grid, binned 2 x 2 (detector bins, rows) to the coarse detector. */
    private static float[] project(float[] fine, int fw, int fd, int fh, double[] angles, double dose, double bkg,
                                   RowBlocks blocks) {
        int w = fw / 2;
        int h = fh / 2;
        int na = angles.length;
        JosephProjector proj = new JosephProjector(fw, fd, angles);
        float[] out = new float[na * w * h];
        blocks.forEach(h, 1, (r0, r1) -> {
            float[] sino = new float[proj.sinogramSize()];
            for (int y = r0; y < r1; y++) {
                for (int k = 0; k < 2; k++) {
                    proj.project(fine, (2 * y + k) * fw * fd, sino);
                    for (int a = 0; a < na; a++) {
                        for (int t = 0; t < w; t++) {
                            out[(a * h + y) * w + t] += (sino[a * fw + 2 * t] + sino[a * fw + 2 * t + 1]) / 8f;
                        }
                    }
                }
            }
        });
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (dose * out[i] + bkg);
        }
        return out;
    }

    private static float[] sample(float[] expected, long seed, int series) {
        SplittableRandom rng = new SplittableRandom(seed * 1000 + series);
        float[] out = new float[expected.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = PoissonSampler.sample(rng, expected[i]);
        }
        return out;
    }
}
