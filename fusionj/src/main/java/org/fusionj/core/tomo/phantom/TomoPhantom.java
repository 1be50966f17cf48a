package org.fusionj.core.tomo.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.fusionj.core.fusion.phantom.FusionPhantom;
import org.fusionj.core.fusion.phantom.PoissonSampler;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.TiltSeries;
import org.fusionj.core.tomo.TomoFusionProblem;

/**
 * A synthetic nanoparticle specimen of known 3-D chemistry and its noisy tilt series, for tests, demos and
 * benchmarks (see {@link TomoPhantomSpec} for what is generated and every knob).
 *
 * <p>Deterministic: particles come from one generator seeded by the spec's seed; each image row draws its noise
 * from its own generator seeded from (seed, series, image, row). The data depend on the spec alone, never on the
 * number of threads. Arrays are shared, not copied: do not modify them.
 *
 * @param spec          what was generated
 * @param particleCount particles actually placed (fewer than asked when they did not fit)
 * @param truth         true concentration of each element, layout of the solvers' volumes,
 *                      {@code (y * depth + z) * width + x}
 * @param expectedHaadf the noise-free HAADF tilt series (expected counts)
 * @param problem       the noisy HAADF and chemical tilt series
 */
public record TomoPhantom(TomoPhantomSpec spec, int particleCount, List<float[]> truth, float[] expectedHaadf,
                          TomoFusionProblem problem) {

    private static final long TAG_NOISE = 0x544f_4d4f_4e53_0000L;
    /** Rays per detector pixel along each direction. */
    static final int RAYS = 3;
    /** Samples per voxel along each direction on voxels cut by a surface. */
    static final int VOXEL_SAMPLES = 4;
    /** Smallest gap between two particles' bounding spheres, voxels (no voxel is cut by two particles). */
    static final double GAP = 2;

    public List<String> symbols() {
        return spec.symbols();
    }

    public int elementCount() {
        return spec.elementCount();
    }

    /** Generates the phantom with all available processors. */
    public static TomoPhantom generate(TomoPhantomSpec spec) {
        return generate(spec, Runtime.getRuntime().availableProcessors());
    }

    /** Generates the phantom with {@code threads} threads (the data do not depend on it). */
    public static TomoPhantom generate(TomoPhantomSpec spec, int threads) {
        List<Particle> particles = place(spec);
        try (RowBlocks blocks = new RowBlocks(threads)) {
            List<float[]> truth = voxelise(spec, particles, blocks);
            int ne = spec.elementCount();
            double[] w = spec.weights();
            double[] haadfCore = new double[particles.size()];
            double[] haadfShell = new double[particles.size()];
            for (int i = 0; i < particles.size(); i++) {
                haadfCore[i] = model(particles.get(i).core(), w, spec.gamma());
                haadfShell[i] = model(particles.get(i).shell(), w, spec.gamma());
            }
            double[] haadfAngles = spec.haadfAngles();
            float[] expectedHaadf = project(spec, particles, haadfAngles, blocks, (p, i) -> i == 0 ? haadfCore[p]
                    : haadfShell[p], spec.haadfDose(), spec.haadfBackground());
            float[] haadf = sample(spec, expectedHaadf, 0, blocks);
            List<ElementTiltSeries> elements = new ArrayList<>();
            for (int e = 0; e < ne; e++) {
                int el = e;
                float[] expected = project(spec, particles, spec.chemAngles(), blocks,
                        (p, i) -> i == 0 ? particles.get(p).core()[el] : particles.get(p).shell()[el],
                        spec.chemDose(), spec.chemBackground());
                float[] noisy = sample(spec, expected, e + 1, blocks);
                String symbol = spec.symbols().get(e);
                elements.add(ElementTiltSeries.of(symbol, new TiltSeries("phantom " + symbol, spec.width(),
                        spec.height(), spec.chemAngles(), noisy)));
            }
            TomoFusionProblem problem = new TomoFusionProblem(new TiltSeries("phantom HAADF", spec.width(),
                    spec.height(), haadfAngles, haadf), elements);
            return new TomoPhantom(spec, particles.size(), List.copyOf(truth), expectedHaadf, problem);
        }
    }

    /** {@code sum_e w_e c_e^gamma}. */
    static double model(double[] c, double[] w, double gamma) {
        double m = 0;
        for (int e = 0; e < c.length; e++) {
            if (c[e] > 0) {
                m += w[e] * Math.pow(c[e], gamma);
            }
        }
        return m;
    }

    // ---- Particles ----

    /** Places the particles one after another (rejection sampling against the earlier ones). */
    static List<Particle> place(TomoPhantomSpec spec) {
        SplittableRandom rng = new SplittableRandom(spec.seed());
        int ne = spec.elementCount();
        List<Particle> out = new ArrayList<>();
        double half = Math.min(spec.width(), spec.depth()) / 2.0 - 1;
        for (int i = 0; i < spec.particles(); i++) {
            double r = spec.radiusMin() + (spec.radiusMax() - spec.radiusMin()) * rng.nextDouble();
            r = Math.min(r, half - 0.5);
            boolean ellipsoid = switch (spec.shape()) {
                case SPHERES -> false;
                case ELLIPSOIDS -> true;
                case MIXED -> rng.nextBoolean();
            };
            double[] axes = ellipsoid ? new double[] {r, r * (0.6 + 0.4 * rng.nextDouble()),
                r * (0.6 + 0.4 * rng.nextDouble())} : new double[] {r, r, r};
            double[] rot = ellipsoid ? randomRotation(rng) : new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
            double[][] comp = composition(i, ne, spec.coreShellFraction(), rng);
            double coreFactor = comp[0] == null ? 0 : 0.45 + 0.25 * rng.nextDouble();
            double[] a = new double[9];
            // A = diag(1/axes) R^T: row k of A is column k of R divided by axes[k].
            for (int k = 0; k < 3; k++) {
                for (int j = 0; j < 3; j++) {
                    a[3 * k + j] = rot[3 * j + k] / axes[k];
                }
            }
            double minAxis = Math.min(axes[0], Math.min(axes[1], axes[2]));
            double[] centre = findCentre(spec, out, r, half, rng);
            if (centre == null) {
                continue;
            }
            double[] core = comp[0] == null ? new double[ne] : comp[0];
            out.add(new Particle(centre[0], centre[1], centre[2], a, r, minAxis, coreFactor, core, comp[1],
                    comp[0] != null));
        }
        return out;
    }

    private static double[] findCentre(TomoPhantomSpec spec, List<Particle> placed, double r, double half,
                                       SplittableRandom rng) {
        double yLo = Math.min(r + 1, (spec.height() - 1) / 2.0);
        double yHi = Math.max(spec.height() - 2 - r, (spec.height() - 1) / 2.0);
        for (int attempt = 0; attempt < 2000; attempt++) {
            double x = (2 * rng.nextDouble() - 1) * (half - r);
            double z = (2 * rng.nextDouble() - 1) * (half - r);
            double y = yLo + (yHi - yLo) * rng.nextDouble();
            // Inside the cylinder that every tilt keeps on the detector, and inside the slab.
            if (Math.hypot(x, z) + r > half) {
                continue;
            }
            boolean free = true;
            for (Particle p : placed) {
                double d = Math.sqrt((p.x() - x) * (p.x() - x) + (p.y() - y) * (p.y() - y) + (p.z() - z) * (p.z()
                        - z));
                if (d < p.radius() + r + GAP) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return new double[] {x, y, z};
            }
        }
        return null;
    }

    /**
     * {core, shell} concentrations of particle i (core null for a homogeneous particle). The first particles are
     * core-shell with cores running through the elements, so every element is pure somewhere.
     */
    private static double[][] composition(int i, int ne, double coreShellFraction, SplittableRandom rng) {
        double[] core = new double[ne];
        double[] shell = new double[ne];
        if (ne == 1) {
            shell[0] = 1;
            return new double[][] {null, shell};
        }
        if (i < ne) {
            core[i] = 1;
            shell[(i + 1) % ne] = 1;
            return new double[][] {core, shell};
        }
        if (rng.nextDouble() < coreShellFraction) {
            int a = rng.nextInt(ne);
            int b = (a + 1 + rng.nextInt(ne - 1)) % ne;
            core[a] = 1;
            if (rng.nextBoolean() || ne < 3) {
                shell[b] = 1;
            } else {
                int c = (b + 1 + rng.nextInt(ne - 1)) % ne;
                double f = 0.5 + 0.4 * rng.nextDouble();
                shell[b] = f;
                shell[c] += 1 - f;
            }
            return new double[][] {core, shell};
        }
        int a = rng.nextInt(ne);
        int b = (a + 1 + rng.nextInt(ne - 1)) % ne;
        if (ne >= 3 && rng.nextDouble() < 0.3) {
            double u = 0.2 + rng.nextDouble();
            double v = 0.2 + rng.nextDouble();
            double t = 0.2 + rng.nextDouble();
            int c = (b + 1 + rng.nextInt(ne - 1)) % ne;
            if (c == a) {
                c = (c + 1) % ne == b ? (c + 2) % ne : (c + 1) % ne;
            }
            double sum = u + v + t;
            shell[a] = u / sum;
            shell[b] = v / sum;
            shell[c] += t / sum;
        } else {
            double f = 0.25 + 0.5 * rng.nextDouble();
            shell[a] = f;
            shell[b] = 1 - f;
        }
        return new double[][] {null, shell};
    }

    /** A uniformly random rotation matrix (row-major), from a random unit quaternion (Shoemake). */
    private static double[] randomRotation(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = 2 * Math.PI * rng.nextDouble();
        double u3 = 2 * Math.PI * rng.nextDouble();
        double a = Math.sqrt(1 - u1);
        double b = Math.sqrt(u1);
        double qw = a * Math.sin(u2);
        double qx = a * Math.cos(u2);
        double qy = b * Math.sin(u3);
        double qz = b * Math.cos(u3);
        return new double[] {
            1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw),
            2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw),
            2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy)};
    }

    // ---- Truth ----

    /** The concentrations averaged over each voxel, slices in parallel. */
    private static List<float[]> voxelise(TomoPhantomSpec spec, List<Particle> particles, RowBlocks blocks) {
        int w = spec.width();
        int h = spec.height();
        int d = spec.depth();
        int ne = spec.elementCount();
        List<float[]> truth = new ArrayList<>();
        for (int e = 0; e < ne; e++) {
            truth.add(new float[w * h * d]);
        }
        double cx = (w - 1) / 2.0;
        double cz = (d - 1) / 2.0;
        blocks.forEach(h, 1, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (Particle p : particles) {
                    if (Math.abs(y - p.y()) > p.radius() + 1) {
                        continue;
                    }
                    voxeliseSlice(p, y, w, d, cx, cz, truth);
                }
            }
        });
        return truth;
    }

    private static void voxeliseSlice(Particle p, int y, int w, int d, double cx, double cz, List<float[]> truth) {
        double margin = Math.sqrt(3) / 2 / p.minAxis();
        double coreMargin = p.coreFactor() > 0 ? margin / p.coreFactor() : 0;
        int x0 = Math.max(0, (int) Math.floor(p.x() + cx - p.radius() - 1));
        int x1 = Math.min(w - 1, (int) Math.ceil(p.x() + cx + p.radius() + 1));
        int z0 = Math.max(0, (int) Math.floor(p.z() + cz - p.radius() - 1));
        int z1 = Math.min(d - 1, (int) Math.ceil(p.z() + cz + p.radius() + 1));
        double k2 = p.coreFactor() * p.coreFactor();
        for (int z = z0; z <= z1; z++) {
            for (int x = x0; x <= x1; x++) {
                double px = x - cx;
                double pz = z - cz;
                double rho = Math.sqrt(p.normalisedRadius2(px, y, pz));
                if (rho > 1 + margin) {
                    continue;
                }
                double outer;
                double inner;
                boolean outerSure = rho < 1 - margin;
                boolean coreSure = p.coreFactor() == 0 || rho < p.coreFactor() * (1 - coreMargin)
                        || rho > p.coreFactor() * (1 + coreMargin);
                if (outerSure && coreSure) {
                    outer = 1;
                    inner = p.coreFactor() > 0 && rho < p.coreFactor() ? 1 : 0;
                } else {
                    int in = 0;
                    int inCore = 0;
                    int n = VOXEL_SAMPLES;
                    for (int a = 0; a < n; a++) {
                        for (int b = 0; b < n; b++) {
                            for (int c = 0; c < n; c++) {
                                double r2 = p.normalisedRadius2(px + (a + 0.5) / n - 0.5, y + (b + 0.5) / n - 0.5,
                                        pz + (c + 0.5) / n - 0.5);
                                if (r2 <= 1) {
                                    in++;
                                    if (r2 <= k2) {
                                        inCore++;
                                    }
                                }
                            }
                        }
                    }
                    double all = n * n * n;
                    outer = in / all;
                    inner = inCore / all;
                }
                int v = (y * d + z) * w + x;
                for (int e = 0; e < truth.size(); e++) {
                    double c = inner * p.core()[e] + (outer - inner) * p.shell()[e];
                    if (c > 0) {
                        truth.get(e)[v] += (float) c;
                    }
                }
            }
        }
    }

    // ---- Tilt series ----

    /** What a particle's region (0 core, 1 the rest) contributes per unit of path length. */
    @FunctionalInterface
    interface RegionValue {
        double value(int particle, int region);
    }

    /**
     * Expected counts {@code dose * P(value) + background} of a tilt series, analytically: per detector pixel the
     * mean over {@value #RAYS} x {@value #RAYS} rays of the chords through each particle. Angles in parallel.
     */
    private static float[] project(TomoPhantomSpec spec, List<Particle> particles, double[] angles, RowBlocks blocks,
                                   RegionValue value, double dose, double background) {
        int w = spec.width();
        int h = spec.height();
        int image = w * h;
        float[] out = new float[angles.length * image];
        double cu = (w - 1) / 2.0;
        blocks.forEach(angles.length, 1, (a0, a1) -> {
            double[] chords = new double[2];
            double[] sum = new double[image];
            for (int a = a0; a < a1; a++) {
                java.util.Arrays.fill(sum, 0);
                double th = Math.toRadians(angles[a]);
                double cos = Math.cos(th);
                double sin = Math.sin(th);
                for (int pi = 0; pi < particles.size(); pi++) {
                    Particle p = particles.get(pi);
                    double core = value.value(pi, 0);
                    double shell = value.value(pi, 1);
                    if (core == 0 && shell == 0) {
                        continue;
                    }
                    double uc = p.x() * cos + p.z() * sin;
                    int t0 = Math.max(0, (int) Math.floor(uc + cu - p.radius() - 1));
                    int t1 = Math.min(w - 1, (int) Math.ceil(uc + cu + p.radius() + 1));
                    int yy0 = Math.max(0, (int) Math.floor(p.y() - p.radius() - 1));
                    int yy1 = Math.min(h - 1, (int) Math.ceil(p.y() + p.radius() + 1));
                    for (int y = yy0; y <= yy1; y++) {
                        for (int t = t0; t <= t1; t++) {
                            double acc = 0;
                            for (int i = 0; i < RAYS; i++) {
                                double u = t - cu + (i + 0.5) / RAYS - 0.5;
                                for (int j = 0; j < RAYS; j++) {
                                    double ry = y + (j + 0.5) / RAYS - 0.5;
                                    p.chords(u * cos, ry, u * sin, -sin, 0, cos, chords);
                                    acc += chords[1] * core + (chords[0] - chords[1]) * shell;
                                }
                            }
                            sum[y * w + t] += acc / (RAYS * RAYS);
                        }
                    }
                }
                int base = a * image;
                for (int i = 0; i < image; i++) {
                    out[base + i] = (float) (dose * sum[i] + background);
                }
            }
        });
        return out;
    }

    /** Poisson counts of {@code expected}; row (image a, row y) of series {@code series} has its own generator. */
    private static float[] sample(TomoPhantomSpec spec, float[] expected, int series, RowBlocks blocks) {
        int w = spec.width();
        int h = spec.height();
        int images = expected.length / (w * h);
        float[] out = new float[expected.length];
        blocks.forEach(images * h, 64, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                SplittableRandom rng = new SplittableRandom(FusionPhantom.hash(spec.seed(), TAG_NOISE, series,
                        r / h, r % h));
                int base = r * w;
                for (int t = 0; t < w; t++) {
                    out[base + t] = PoissonSampler.sample(rng, expected[base + t]);
                }
            }
        });
        return out;
    }
}
