package org.fusionj.core.fusion.phantom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.fusion.ElementMap;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.core.parallel.RowBlocks;

/**
 * A synthetic specimen of known chemistry for tests, demos and benchmarks: the true concentration of every element
 * at every pixel, the noisy elemental maps and the HAADF image a microscope would record from it, and the
 * {@link FusionProblem} built from those two, ready for the solver.
 *
 * <p>How it is made (see {@link PhantomSpec} for every knob):
 * <ol>
 *   <li>Truth. The field of view is cut into Voronoi grains (seeds on a jittered grid of pitch
 *       {@code grainSize}); each grain has its own lattice orientation and origin and its own composition. Each
 *       element owns one sublattice of Gaussian columns; a grain fills the sublattice of element e with e at a
 *       random occupancy and may put some of another element f on it (antisites), so the maps differ from grain
 *       to grain and are not copies of each other. Columns are vacant with a small probability, and each element
 *       of each column is scaled by a random factor. Concentrations are clipped to [0, 1].</li>
 *   <li>HAADF. {@code haadfDose * (sum_e w_e c_e^gamma + haadfBackground)} with the weights of the spec's method
 *       (default method 1, {@code Z / mean Z}, gamma 1.6), then Poisson-sampled: high counts, high SNR.</li>
 *   <li>Maps. {@code mapDose * c_e + mapBackground}, Poisson-sampled: a few counts at full concentration, so very
 *       noisy.</li>
 * </ol>
 *
 * <p>Deterministic: every column and grain draws from a hash of (seed, identity), and every image row draws its
 * noise from its own {@link SplittableRandom} seeded from (seed, image, row). The pixels depend on the spec alone,
 * not on the number of threads.
 *
 * <p>Arrays are shared, not copied: do not modify them.
 *
 * @param spec           what was generated
 * @param symbols        element symbols, in map order
 * @param atomicNumbers  Z of each element
 * @param weights        the HAADF forward-model weights used
 * @param truth          true concentration of each element, in [0, 1], row-major
 * @param noisyMaps      the Poisson-sampled elemental maps (counts)
 * @param expectedHaadf  the noise-free HAADF (expected counts)
 * @param haadf          the Poisson-sampled HAADF (counts)
 * @param problem        the noisy HAADF and maps as a fusion problem
 */
public record FusionPhantom(PhantomSpec spec, List<String> symbols, int[] atomicNumbers, double[] weights,
                            List<float[]> truth, List<float[]> noisyMaps, float[] expectedHaadf, ImagePlane haadf,
                            FusionProblem problem) {

    private static final long TAG_GRAIN = 0x6752_4149_4e00_0000L;
    private static final long TAG_COLUMN = 0x434f_4c55_4d4e_0000L;
    private static final long TAG_NOISE = 0x4e4f_4953_4500_0000L;
    /** Particles: the core's radius as a fraction of the particle's. */
    private static final double CORE_FRACTION = 0.6;
    /** Particles: width of soft edges (faceted particles, Janus boundaries), in pixels. */
    private static final double EDGE_PX = 0.8;

    public int width() {
        return spec.width();
    }

    public int height() {
        return spec.height();
    }

    public int elementCount() {
        return symbols.size();
    }

    /** The true concentration of element {@code e} as an image. */
    public ImagePlane truthPlane(int e) {
        return new ImagePlane("truth " + symbols.get(e), width(), height(), truth.get(e));
    }

    /** Expected counts of element {@code e}'s map at pixel {@code p}. */
    public double expectedMapCounts(int e, int p) {
        return spec.mapDose() * truth.get(e)[p] + spec.mapBackground();
    }

    /** Generates the phantom on all available processors. */
    public static FusionPhantom generate(PhantomSpec spec) {
        return generate(spec, Runtime.getRuntime().availableProcessors());
    }

    /** Generates the phantom with {@code threads} worker threads (the pixels do not depend on it). */
    public static FusionPhantom generate(PhantomSpec spec, int threads) {
        return new Generator(spec).run(threads);
    }

    /** One generation. */
    private static final class Generator {
        private final PhantomSpec spec;
        private final int width;
        private final int height;
        private final int nElements;
        private final double[] weights;
        private final double period;
        private final double invTwoSigma2;
        private final double cutoff2;
        private final double[][] basis;
        /** Inverse of the basis (columns) in lattice units: fractional = inverse * real / period. */
        private final double[][] inverse;
        /** How far (in fractional units along either axis) a column can lie and still be within the cutoff. */
        private final double reach;
        /** Per grain cell, particles only: radius (px), aspect, shape, kind, core row, shell row, Janus axis. */
        private final double[] radius;
        private final int[] shape;
        private final int[] kind;
        private final int[] coreRow;
        private final int[] shellRow;
        private final double grainPitch;
        private final int cellsX;
        private final int cellsY;
        /** Per grain cell (index (cy + 1) * cellsX + (cx + 1)): seed position, lattice cos and sin. */
        private final double[] seedX;
        private final double[] seedY;
        private final double[] cos;
        private final double[] sin;
        /** Per grain cell: composition[cell][sublattice * nElements + element]. */
        private final double[][] composition;
        private final float[][] truth;
        private final float[][] noisy;
        private final float[] expectedHaadf;
        private final float[] haadf;

        Generator(PhantomSpec spec) {
            this.spec = spec;
            this.width = spec.width();
            this.height = spec.height();
            this.nElements = spec.elementCount();
            this.weights = spec.weights();
            this.period = spec.latticePeriod();
            double sigma = spec.columnSigma();
            this.invTwoSigma2 = 1 / (2 * sigma * sigma);
            double cutoff = spec.columnShape().cutoff() * sigma;
            this.cutoff2 = cutoff * cutoff;
            this.basis = spec.structure().basis;
            if (basis != null) {
                double det = basis[0][0] * basis[1][1] - basis[1][0] * basis[0][1];
                this.inverse = new double[][] {{basis[1][1] / det, -basis[1][0] / det},
                    {-basis[0][1] / det, basis[0][0] / det}};
                double rowNorm = Math.max(Math.abs(inverse[0][0]) + Math.abs(inverse[0][1]),
                        Math.abs(inverse[1][0]) + Math.abs(inverse[1][1]));
                this.reach = rowNorm * cutoff / period;
            } else {
                this.inverse = null;
                this.reach = 0;
            }
            this.grainPitch = spec.grainSize();
            this.cellsX = (int) Math.ceil(width / grainPitch) + 2;
            this.cellsY = (int) Math.ceil(height / grainPitch) + 2;
            int cells = cellsX * cellsY;
            this.seedX = new double[cells];
            this.seedY = new double[cells];
            this.cos = new double[cells];
            this.sin = new double[cells];
            this.composition = new double[cells][];
            this.radius = new double[cells];
            this.shape = new int[cells];
            this.kind = new int[cells];
            this.coreRow = new int[cells];
            this.shellRow = new int[cells];
            for (int cy = -1; cy < cellsY - 1; cy++) {
                for (int cx = -1; cx < cellsX - 1; cx++) {
                    initGrain(cx, cy);
                }
            }
            int n = width * height;
            this.truth = new float[nElements][n];
            this.noisy = new float[nElements][n];
            this.expectedHaadf = new float[n];
            this.haadf = new float[n];
        }

        private int cellIndex(int cx, int cy) {
            return (cy + 1) * cellsX + (cx + 1);
        }

        private void initGrain(int cx, int cy) {
            long seed = spec.seed();
            int i = cellIndex(cx, cy);
            seedX[i] = (cx + unit(hash(seed, TAG_GRAIN, cx, cy, 0))) * grainPitch;
            seedY[i] = (cy + unit(hash(seed, TAG_GRAIN, cx, cy, 1))) * grainPitch;
            double angle = 0.5 * Math.PI * unit(hash(seed, TAG_GRAIN, cx, cy, 2));
            cos[i] = Math.cos(angle);
            sin[i] = Math.sin(angle);
            double[] comp = new double[nElements * nElements];
            int draw = 3;
            for (int s = 0; s < nElements; s++) {
                double antisites = 0;
                for (int e = 0; e < nElements; e++) {
                    double present = unit(hash(seed, TAG_GRAIN, cx, cy, draw++));
                    double amount = unit(hash(seed, TAG_GRAIN, cx, cy, draw++));
                    if (e != s && present < spec.antisiteProbability()) {
                        comp[s * nElements + e] = spec.antisiteMax() * amount;
                        antisites += comp[s * nElements + e];
                    }
                }
                if (antisites > 1) {
                    for (int e = 0; e < nElements; e++) {
                        comp[s * nElements + e] /= antisites;
                    }
                    antisites = 1;
                }
                double primary = spec.primaryMin()
                        + (1 - spec.primaryMin()) * unit(hash(seed, TAG_GRAIN, cx, cy, draw++));
                comp[s * nElements + s] = Math.max(0, Math.min(primary, 1 - antisites));
            }
            composition[i] = comp;
            if (!spec.structure().isLattice()) {
                // Draws after the composition's, so that lattices and particles share the composition draws.
                boolean present = unit(hash(seed, TAG_GRAIN, cx, cy, draw++)) < 0.85;
                radius[i] = present ? grainPitch * (0.22 + 0.2 * unit(hash(seed, TAG_GRAIN, cx, cy, draw++))) : 0;
                shape[i] = (int) (3 * unit(hash(seed, TAG_GRAIN, cx, cy, draw++)));
                kind[i] = nElements < 2 ? 0 : (int) (3 * unit(hash(seed, TAG_GRAIN, cx, cy, draw++)));
                coreRow[i] = (int) (nElements * unit(hash(seed, TAG_GRAIN, cx, cy, draw++)));
                shellRow[i] = nElements < 2 ? coreRow[i]
                        : (coreRow[i] + 1 + (int) ((nElements - 1) * unit(hash(seed, TAG_GRAIN, cx, cy, draw++))))
                        % nElements;
            }
        }

        FusionPhantom run(int threads) {
            try (RowBlocks blocks = new RowBlocks(threads)) {
                blocks.forEach(height, this::rows);
            }
            List<String> symbols = spec.symbols();
            List<ElementMap> maps = new ArrayList<>(nElements);
            for (int e = 0; e < nElements; e++) {
                maps.add(ElementMap.of(symbols.get(e),
                        new ImagePlane("phantom " + symbols.get(e), width, height, noisy[e])));
            }
            ImagePlane haadfPlane = new ImagePlane("phantom HAADF", width, height, haadf);
            FusionProblem problem = new FusionProblem(haadfPlane, maps);
            return new FusionPhantom(spec, symbols, spec.atomicNumbers(), weights, List.of(truth), List.of(noisy),
                    expectedHaadf, haadfPlane, problem);
        }

        private void rows(int start, int end) {
            double[] c = new double[nElements];
            SplittableRandom[] rng = new SplittableRandom[nElements + 1];
            double gamma = spec.gamma();
            double haadfDose = spec.haadfDose();
            double haadfBackground = spec.haadfBackground();
            double mapDose = spec.mapDose();
            double mapBackground = spec.mapBackground();
            for (int y = start; y < end; y++) {
                for (int stream = 0; stream <= nElements; stream++) {
                    rng[stream] = new SplittableRandom(hash(spec.seed(), TAG_NOISE, stream, y, 0));
                }
                for (int x = 0, p = y * width; x < width; x++, p++) {
                    concentrations(x, y, c);
                    double model = haadfBackground;
                    for (int e = 0; e < nElements; e++) {
                        float ce = (float) c[e];
                        truth[e][p] = ce;
                        if (ce > 0) {
                            model += weights[e] * Math.pow(ce, gamma);
                        }
                        noisy[e][p] = PoissonSampler.sample(rng[e + 1], mapDose * ce + mapBackground);
                    }
                    double expected = haadfDose * model;
                    expectedHaadf[p] = (float) expected;
                    haadf[p] = PoissonSampler.sample(rng[0], expected);
                }
            }
        }

        /** The true concentrations at pixel (x, y), clipped to [0, 1]. */
        private void concentrations(int x, int y, double[] c) {
            Arrays.fill(c, 0);
            if (basis != null) {
                int g = nearestGrain(x, y);
                columns(g, rotatedX(g, x, y), rotatedY(g, x, y), c);
            } else {
                // Particles may reach beyond their Voronoi cell: every particle of the cells around adds.
                int cx = (int) Math.floor(x / grainPitch);
                int cy = (int) Math.floor(y / grainPitch);
                for (int j = Math.max(-1, cy - 1); j <= Math.min(cellsY - 2, cy + 1); j++) {
                    for (int i = Math.max(-1, cx - 1); i <= Math.min(cellsX - 2, cx + 1); i++) {
                        int g = cellIndex(i, j);
                        particle(g, rotatedX(g, x, y), rotatedY(g, x, y), c);
                    }
                }
            }
            for (int e = 0; e < nElements; e++) {
                c[e] = Math.min(1, c[e]);
            }
        }

        /** The x offset of pixel (x, y) from grain g's seed, in the grain's rotated frame. */
        private double rotatedX(int g, int x, int y) {
            return cos[g] * (x - seedX[g]) + sin[g] * (y - seedY[g]);
        }

        /** The y offset of pixel (x, y) from grain g's seed, in the grain's rotated frame. */
        private double rotatedY(int g, int x, int y) {
            return -sin[g] * (x - seedX[g]) + cos[g] * (y - seedY[g]);
        }

        /** Adds every column of grain g within the cutoff of the point (rx, ry) of the grain's frame. */
        private void columns(int g, double rx, double ry, double[] c) {
            double u = (inverse[0][0] * rx + inverse[0][1] * ry) / period;
            double v = (inverse[1][0] * rx + inverse[1][1] * ry) / period;
            double[] comp = composition[g];
            ColumnShape columnShape = spec.columnShape();
            boolean gaussian = columnShape == ColumnShape.GAUSSIAN;
            double[][][] sites = spec.structure().sites;
            for (int s = 0; s < nElements; s++) {
                for (int k = 0; k < sites[s].length; k++) {
                    double fu = u - sites[s][k][0];
                    double fv = v - sites[s][k][1];
                    for (long iu = (long) Math.ceil(fu - reach); iu <= (long) Math.floor(fu + reach); iu++) {
                        for (long iv = (long) Math.ceil(fv - reach); iv <= (long) Math.floor(fv + reach); iv++) {
                            double du = fu - iu;
                            double dv = fv - iv;
                            double px = (basis[0][0] * du + basis[1][0] * dv) * period;
                            double py = (basis[0][1] * du + basis[1][1] * dv) * period;
                            double d2 = px * px + py * py;
                            if (d2 >= cutoff2) {
                                continue;
                            }
                            long column = hash(spec.seed(), TAG_COLUMN + g, s * 8L + k, iu, iv);
                            if (unit(column) < spec.vacancyProbability()) {
                                continue;
                            }
                            double profile = gaussian ? Math.exp(-d2 * invTwoSigma2)
                                    : columnShape.profile(2 * d2 * invTwoSigma2);
                            for (int e = 0; e < nElements; e++) {
                                double amount = comp[s * nElements + e];
                                if (amount > 0) {
                                    long draw = mix64(column + 0x9e3779b97f4a7c15L * (e + 1));
                                    double jitter = 1 - spec.occupancyJitter() * unit(draw);
                                    c[e] += profile * amount * jitter;
                                }
                            }
                        }
                    }
                }
            }
        }

        /**
         * Adds the particle of grain g at the point (rx, ry) of its frame: relative projected thickness of a sphere
         * (round), of a prism with soft faces (faceted) or of an elongated ellipsoid (rod); a solid alloy, a core of
         * one composition in a shell of another, or two halves (Janus) of two compositions.
         */
        private void particle(int g, double rx, double ry, double[] c) {
            double r = radius[g];
            if (r <= 0) {
                return;
            }
            double t;
            double core;
            switch (shape[g]) {
                case 1 -> { // faceted: square prism seen down its axis, constant thickness
                    double m = Math.max(Math.abs(rx), Math.abs(ry));
                    t = logistic((0.85 * r - m) / EDGE_PX);
                    core = CORE_FRACTION * logistic((CORE_FRACTION * 0.85 * r - m) / EDGE_PX);
                }
                case 2 -> { // rod: ellipsoid 1.7 r by 0.6 r
                    double q = (rx * rx) / (2.89 * r * r) + (ry * ry) / (0.36 * r * r);
                    t = Math.sqrt(Math.max(0, 1 - q));
                    core = Math.sqrt(Math.max(0, CORE_FRACTION * CORE_FRACTION - q));
                }
                default -> { // round: sphere
                    double q = (rx * rx + ry * ry) / (r * r);
                    t = Math.sqrt(Math.max(0, 1 - q));
                    core = Math.sqrt(Math.max(0, CORE_FRACTION * CORE_FRACTION - q));
                }
            }
            if (t <= 0) {
                return;
            }
            double[] comp = composition[g];
            int a = coreRow[g];
            int b = shellRow[g];
            double wa;
            double wb;
            switch (kind[g]) {
                case 1 -> { // core-shell
                    wa = core;
                    wb = t - core;
                }
                case 2 -> { // Janus: halves split along the frame's y axis
                    double side = logistic(rx / EDGE_PX);
                    wa = t * side;
                    wb = t * (1 - side);
                }
                default -> { // solid alloy
                    wa = t;
                    wb = 0;
                }
            }
            for (int e = 0; e < nElements; e++) {
                c[e] += wa * comp[a * nElements + e] + wb * comp[b * nElements + e];
            }
        }

        private int nearestGrain(int x, int y) {
            int cx = (int) Math.floor(x / grainPitch);
            int cy = (int) Math.floor(y / grainPitch);
            int best = -1;
            double bestD2 = Double.POSITIVE_INFINITY;
            for (int j = Math.max(-1, cy - 1); j <= Math.min(cellsY - 2, cy + 1); j++) {
                for (int i = Math.max(-1, cx - 1); i <= Math.min(cellsX - 2, cx + 1); i++) {
                    int g = cellIndex(i, j);
                    double ddx = x - seedX[g];
                    double ddy = y - seedY[g];
                    double d2 = ddx * ddx + ddy * ddy;
                    if (d2 < bestD2) {
                        bestD2 = d2;
                        best = g;
                    }
                }
            }
            return best;
        }
    }

    /** {@code 1 / (1 + exp(-z))}. */
    static double logistic(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** SplitMix64's finaliser: a bijective 64-bit mix. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A hash of five integers (order matters). */
    public static long hash(long a, long b, long c, long d, long e) {
        long h = mix64(a ^ 0x9e3779b97f4a7c15L);
        h = mix64(h ^ b);
        h = mix64(h + c);
        h = mix64(h ^ d * 0xff51afd7ed558ccdL);
        return mix64(h + e * 0xc4ceb9fe1a85ec53L);
    }

    /** A uniform in [0, 1) from a hash. */
    public static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }
}
