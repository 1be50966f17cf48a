package org.fusionj.core.xanes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.parallel.VolumeChunks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;

/**
 * Synthetic spectro-tomography series with known answers, for tests, demos and benchmarks.
 *
 * <p>The model of a chemical state with edge centre {@code c} and white-line height {@code h}, as a function of
 * the energy E in eV:
 * <pre>
 *   mu(E) = b(E) + step(E) * (1 - {@value #POST_DECAY_PER_EV} * (E - c))
 *          + h * exp(-(E - c - {@value #WHITE_LINE_OFFSET_EV})^2 / (2 * {@value #WHITE_LINE_SIGMA_EV}^2))
 *   step(E) = 1/2 + atan((E - c) / {@value #EDGE_HALF_WIDTH_EV}) / pi
 *   b(E) = {@value #PRE_EDGE_LEVEL} + {@value #PRE_EDGE_SLOPE_PER_EV} * (E - e0)
 * </pre>
 * an arctan edge of step 1 with a slowly decaying post-edge, a Gaussian white line above it, and a sloping pre-edge
 * background. With these values the normalised spectrum rises from 0.2 to 1.0 over about 6.6 eV, crosses 0.5
 * close to {@code c}, peaks at about 1.5 some 8 eV above the edge, and its derivative has a single maximum (about
 * 0.45 eV above {@code c}): close to Mn oxides at the Mn K edge. The <em>reduced</em> state has {@code c = e0},
 * {@code h = } {@value #REDUCED_WHITE_LINE}; the
 * <em>oxidised</em> state {@code c = e0 + edgeShiftEv}, {@code h = } {@value #OXIDISED_WHITE_LINE}. Voxels hold
 * the reduced state shifted smoothly across the volume, or mixtures of the two states (see
 * {@link XanesPhantomSpec.Kind}); background voxels (with particles) hold 0. Gaussian noise of SD
 * {@code 1 / snr} is added to every value, so the SNR is the edge step (1) over the noise SD.
 *
 * <p>Deterministic: the noise of each fixed voxel chunk comes from its own generator seeded by the spec's seed and
 * the chunk index, so equal specs give identical data whatever the thread count.
 */
public final class XanesPhantom {

    public static final double EDGE_HALF_WIDTH_EV = 2.5;
    public static final double POST_DECAY_PER_EV = 0.0008;
    public static final double WHITE_LINE_OFFSET_EV = 8.0;
    public static final double WHITE_LINE_SIGMA_EV = 3.5;
    public static final double REDUCED_WHITE_LINE = 0.6;
    public static final double OXIDISED_WHITE_LINE = 0.9;
    public static final double PRE_EDGE_LEVEL = 0.3;
    public static final double PRE_EDGE_SLOPE_PER_EV = -0.0006;
    /** Energy step of the reference spectra returned by {@link #references()}. */
    public static final double REFERENCE_STEP_EV = 0.25;

    private final XanesPhantomSpec spec;
    private final EnergySeries series;
    private final double[][] spheres;
    private final int diagonal;

    private XanesPhantom(XanesPhantomSpec spec, EnergySeries series, double[][] spheres) {
        this.spec = spec;
        this.series = series;
        this.spheres = spheres;
        this.diagonal = Math.max(1, spec.width() + spec.height() + spec.depth() - 3);
    }

    /**
     * The energy grid of the paper's kind of scan, relative to {@code e0}: 15 eV steps from e0 - 165 to e0 - 45
     * (9 energies), 3 eV steps from e0 - 30 to e0 + 69 across the edge (34), 15 eV steps from e0 + 84 to e0 + 324
     * (17): 60 energies.
     */
    public static double[] energyGrid(double e0) {
        return energyGrid(e0, -30, 69, 3, -165, 324, 15);
    }

    /**
     * A two-step grid: {@code fineStep} from {@code fineFrom} up to {@code fineTo}, {@code coarseStep} outside it
     * down to {@code coarseFrom} and up to {@code coarseTo} (all relative to e0, in eV; the coarse points continue
     * from the first and the last fine point).
     */
    public static double[] energyGrid(double e0, double fineFrom, double fineTo, double fineStep, double coarseFrom,
                                      double coarseTo, double coarseStep) {
        if (!(fineStep > 0) || !(coarseStep > 0) || !(fineTo >= fineFrom) || coarseFrom > fineFrom
                || coarseTo < fineTo) {
            throw new InvalidInputException("invalid energy grid: fine " + fineFrom + " to " + fineTo + " step "
                    + fineStep + ", coarse " + coarseFrom + " to " + coarseTo + " step " + coarseStep);
        }
        List<Double> list = new ArrayList<>();
        int below = (int) Math.floor((fineFrom - coarseFrom) / coarseStep + 1e-9);
        for (int i = below; i >= 1; i--) {
            list.add(e0 + fineFrom - i * coarseStep);
        }
        int fine = (int) Math.floor((fineTo - fineFrom) / fineStep + 1e-9);
        for (int i = 0; i <= fine; i++) {
            list.add(e0 + fineFrom + i * fineStep);
        }
        double last = fineFrom + fine * fineStep;
        int above = (int) Math.floor((coarseTo - last) / coarseStep + 1e-9);
        for (int i = 1; i <= above; i++) {
            list.add(e0 + last + i * coarseStep);
        }
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The model absorption of a state with edge centre {@code centreEv} and white-line height {@code whiteLine}. */
    public static double stateMu(double energyEv, double e0Ev, double centreEv, double whiteLine) {
        double dt = energyEv - centreEv;
        double step = 0.5 + Math.atan(dt / EDGE_HALF_WIDTH_EV) / Math.PI;
        double w = dt - WHITE_LINE_OFFSET_EV;
        return PRE_EDGE_LEVEL + PRE_EDGE_SLOPE_PER_EV * (energyEv - e0Ev) + step * (1 - POST_DECAY_PER_EV * dt)
                + whiteLine * Math.exp(-w * w / (2 * WHITE_LINE_SIGMA_EV * WHITE_LINE_SIGMA_EV));
    }

    /** Generates the phantom with one thread. */
    public static XanesPhantom generate(XanesPhantomSpec spec) {
        return generate(spec, 1);
    }

    /** Generates the phantom; the data do not depend on {@code threads}. */
    public static XanesPhantom generate(XanesPhantomSpec spec, int threads) {
        int w = spec.width();
        int h = spec.height();
        int d = spec.depth();
        double[] energies = spec.energiesEv();
        int n = energies.length;
        double[][] spheres = placeSpheres(spec);
        float[][][] planes = new float[n][d][w * h];
        EnergySeries series = new EnergySeries(w, h, d, energies, planes);
        XanesPhantom phantom = new XanesPhantom(spec, series, spheres);
        // noise-free spectra by diagonal index s = 0 .. diagonal
        int diag = phantom.diagonal;
        double[][] table = new double[diag + 1][];
        for (int s = 0; s <= diag; s++) {
            table[s] = new double[n];
            double t = (double) s / diag;
            for (int e = 0; e < n; e++) {
                table[s][e] = phantom.materialMu(energies[e], t);
            }
        }
        double sigma = Double.isInfinite(spec.snr()) ? 0 : 1.0 / spec.snr();
        boolean mixture = spec.kind() == XanesPhantomSpec.Kind.MIXTURE;
        try (RowBlocks blocks = new RowBlocks(threads)) {
            blocks.forEach(new VolumeChunks(w, h, d), c -> {
                SplittableRandom rng = new SplittableRandom(mix(spec.seed(), c.index()));
                int z = c.z();
                int count = c.size();
                int[] index = new int[count];
                for (int k = 0; k < count; k++) {
                    int i = c.start() + k;
                    int x = i % w;
                    int y = i / w;
                    boolean material = phantom.particle(x, y, z) >= 0;
                    index[k] = !material ? -1 : mixture ? x + (h - 1 - y) + z : x + y + z;
                }
                for (int e = 0; e < n; e++) {
                    float[] dst = planes[e][z];
                    for (int k = 0; k < count; k++) {
                        double v = index[k] < 0 ? 0 : table[index[k]][e];
                        if (sigma > 0) {
                            v += sigma * rng.nextGaussian();
                        }
                        dst[c.start() + k] = (float) v;
                    }
                }
            }, ProgressListener.NONE, CancellationToken.NEVER, "XANES phantom");
        }
        return phantom;
    }

    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Non-touching spheres {cx, cy, cz, r}, at least 2 voxels apart, fully inside the volume; in a volume of depth 1
     * (a 2-D full-field XANES stack) discs in its plane, z = 0.
     */
    private static double[][] placeSpheres(XanesPhantomSpec spec) {
        int count = spec.particles();
        if (count == 0) {
            return new double[0][];
        }
        int w = spec.width();
        int h = spec.height();
        int d = spec.depth();
        boolean planar = d == 1;
        double smallest = planar ? Math.min(w, h) : Math.min(w, Math.min(h, d));
        SplittableRandom rng = new SplittableRandom(mix(spec.seed(), -1));
        double[][] out = new double[count][];
        for (int p = 0; p < count; p++) {
            boolean placed = false;
            for (int attempt = 0; attempt < 2000 && !placed; attempt++) {
                double r = Math.max(1.5, smallest * (0.15 + 0.10 * rng.nextDouble()));
                double cx = r + rng.nextDouble() * (w - 1 - 2 * r);
                double cy = r + rng.nextDouble() * (h - 1 - 2 * r);
                double cz = planar ? 0 : r + rng.nextDouble() * (d - 1 - 2 * r);
                if (cx < r || cy < r || cx > w - 1 - r || cy > h - 1 - r
                        || !planar && (cz < r || cz > d - 1 - r)) {
                    continue;
                }
                boolean free = true;
                for (int q = 0; q < p && free; q++) {
                    double dx = cx - out[q][0];
                    double dy = cy - out[q][1];
                    double dz = cz - out[q][2];
                    free = Math.sqrt(dx * dx + dy * dy + dz * dz) > r + out[q][3] + 2.5;
                }
                if (free) {
                    out[p] = new double[] {cx, cy, cz, r};
                    placed = true;
                }
            }
            if (!placed) {
                throw new InvalidInputException("cannot place " + count + " separate particles in a " + w + " x " + h
                        + " x " + d + " phantom; use fewer particles or a larger volume");
            }
        }
        return out;
    }

    /** Noise-free absorption of a material voxel at diagonal position {@code t} in [0, 1]. */
    private double materialMu(double energyEv, double t) {
        double e0 = spec.e0Ev();
        double shift = spec.edgeShiftEv();
        if (spec.kind() == XanesPhantomSpec.Kind.MIXTURE) {
            return (1 - t) * stateMu(energyEv, e0, e0, REDUCED_WHITE_LINE)
                    + t * stateMu(energyEv, e0, e0 + shift, OXIDISED_WHITE_LINE);
        }
        return stateMu(energyEv, e0, e0 + shift * t, REDUCED_WHITE_LINE);
    }

    public XanesPhantomSpec spec() {
        return spec;
    }

    /** The generated series (its arrays belong to this phantom). */
    public EnergySeries series() {
        return series;
    }

    /** Number of spheres (0 when the whole volume is material). */
    public int particleCount() {
        return spheres.length;
    }

    /**
     * Which particle voxel (x, y, z) belongs to: 1 to n for the spheres, 0 for the whole volume when there are no
     * spheres, -1 for background.
     */
    public int particle(int x, int y, int z) {
        if (spheres.length == 0) {
            return 0;
        }
        for (int p = 0; p < spheres.length; p++) {
            double[] s = spheres[p];
            double dx = x - s[0];
            double dy = y - s[1];
            double dz = z - s[2];
            if (dx * dx + dy * dy + dz * dz <= s[3] * s[3]) {
                return p + 1;
            }
        }
        return -1;
    }

    /** Whether voxel (x, y, z) holds material. */
    public boolean isMaterial(int x, int y, int z) {
        return particle(x, y, z) >= 0;
    }

    /** The edge shift of the voxel's reduced-state spectrum in eV (EDGE_SHIFT; 0 for MIXTURE). */
    public double edgeShift(int x, int y, int z) {
        return spec.kind() == XanesPhantomSpec.Kind.MIXTURE ? 0 : spec.edgeShiftEv() * (x + y + z) / diagonal;
    }

    /** The fraction of the oxidised state (MIXTURE; 0 for EDGE_SHIFT). */
    public double oxidisedFraction(int x, int y, int z) {
        return spec.kind() == XanesPhantomSpec.Kind.MIXTURE
                ? (double) (x + (spec.height() - 1 - y) + z) / diagonal : 0;
    }

    /** The voxel's noise-free absorption as a function of energy (0 for background voxels). */
    public DoubleUnaryOperator model(int x, int y, int z) {
        if (!isMaterial(x, y, z)) {
            return e -> 0;
        }
        double t = spec.kind() == XanesPhantomSpec.Kind.MIXTURE ? oxidisedFraction(x, y, z)
                : (double) (x + y + z) / diagonal;
        return e -> materialMu(e, t);
    }

    /** The voxel's noise-free spectrum at the series energies. */
    public double[] noiseFreeSpectrum(int x, int y, int z) {
        DoubleUnaryOperator f = model(x, y, z);
        double[] energies = series.energiesEv();
        double[] out = new double[energies.length];
        for (int e = 0; e < out.length; e++) {
            out[e] = f.applyAsDouble(energies[e]);
        }
        return out;
    }

    /**
     * The two states as reference spectra ("reduced", "oxidised"), noise-free, every {@value #REFERENCE_STEP_EV} eV
     * from 10 eV below the first series energy to 10 eV above the last.
     */
    public List<ReferenceSpectrum> references() {
        double[] energies = series.energiesEv();
        double lo = energies[0] - 10;
        double hi = energies[energies.length - 1] + 10;
        int count = (int) Math.floor((hi - lo) / REFERENCE_STEP_EV) + 1;
        double[] grid = new double[count];
        double[] reduced = new double[count];
        double[] oxidised = new double[count];
        double e0 = spec.e0Ev();
        for (int i = 0; i < count; i++) {
            grid[i] = lo + i * REFERENCE_STEP_EV;
            reduced[i] = stateMu(grid[i], e0, e0, REDUCED_WHITE_LINE);
            oxidised[i] = stateMu(grid[i], e0, e0 + spec.edgeShiftEv(), OXIDISED_WHITE_LINE);
        }
        return List.of(new ReferenceSpectrum("reduced", grid, reduced),
                new ReferenceSpectrum("oxidised", grid, oxidised));
    }
}
