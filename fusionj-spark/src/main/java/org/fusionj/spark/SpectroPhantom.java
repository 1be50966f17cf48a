package org.fusionj.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.RegistrationPhantom;
import org.fusionj.core.registration.phantom.Specimen;
import org.fusionj.core.xanes.XanesPhantom;
import org.fusionj.io.ZarrArray;

/**
 * A simulated nano-XANES spectro-tomography series for the distributed pipeline: the registration phantom's
 * specimen (three textured particles with cracks and pores in air: noise around 0) whose particles absorb like
 * XANES model spectra across the Mn K edge (edge 2 eV apart from particle to particle), drifting gradually from
 * energy to energy (shift, small rotation and scale; the highest energy at rest). Known truth: each energy's motion
 * and each particle's edge. Deterministic from the seed.
 */
public final class SpectroPhantom {

    public static final double E0 = 6549;

    private final Specimen specimen;
    private final double[] energies;
    private final AffineTransform3D[] motions;
    private final PhantomNoise noise;
    private final long seed;
    private final double tiltDegrees;

    /** @param energyCount 60 gives the paper's scan (15/3/15 eV steps); other counts a uniform E0-100..E0+150 grid */
    public SpectroPhantom(int n, int energyCount, long seed) {
        this(n, energyCount, seed, 0);
    }

    /**
     * A series whose first particle also tilts about its own centre, from 0 at the highest energy to
     * {@code tiltDegrees} at the lowest (a particle that moves on its own: per-particle registration).
     */
    public SpectroPhantom(int n, int energyCount, long seed, double tiltDegrees) {
        this(n, energyCount == 60 ? XanesPhantom.energyGrid(E0) : uniformGrid(energyCount), seed, tiltDegrees);
    }

    /**
     * A phantom at the given energies (eV, increasing), e.g. a thinned paper scan: the fitted edge model needs about
     * 3 eV steps across the edge, which a short uniform grid does not have.
     */
    public SpectroPhantom(int n, double[] energies, long seed) {
        this(n, energies, seed, 0);
    }

    /** A phantom at the given energies whose first particle tilts by up to {@code tiltDegrees} (see above). */
    public SpectroPhantom(int n, double[] energies, long seed, double tiltDegrees) {
        this.tiltDegrees = tiltDegrees;
        this.specimen = Specimen.random(n, n, n, seed);
        this.noise = new PhantomNoise(0.01, 0);
        this.seed = seed;
        this.energies = energies.clone();
        int energyCount = energies.length;
        motions = new AffineTransform3D[energyCount];
        SplittableRandom rnd = new SplittableRandom(seed + 5);
        double[] c = {(n - 1) / 2.0, (n - 1) / 2.0, (n - 1) / 2.0};
        double scale = n / 128.0;
        // about 6 voxels (at 128^3) and 3 degrees of drift over a 60-energy scan
        double perStep = 60.0 / energyCount;
        AffineTransform3D drift = AffineTransform3D.identity();
        motions[energyCount - 1] = drift;
        for (int i = energyCount - 2; i >= 0; i--) {
            AffineTransform3D step = AffineTransform3D.translation(perStep * scale * (0.2 * rnd.nextDouble() - 0.05),
                    perStep * scale * (0.2 * rnd.nextDouble() - 0.15), perStep * scale * (0.1 * rnd.nextDouble() - 0.05))
                    .after(AffineTransform3D.rotationAbout(c, new double[] {rnd.nextDouble(), rnd.nextDouble(), 1},
                            perStep * 0.1 * rnd.nextDouble()))
                    .after(AffineTransform3D.linearAbout(c, new double[] {1 + perStep * 0.0005 * rnd.nextDouble(), 0,
                        0, 0, 1 - perStep * 0.0005 * rnd.nextDouble(), 0, 0, 0, 1}));
            drift = step.after(drift);
            motions[i] = drift;
        }
    }

    private static double[] uniformGrid(int energyCount) {
        double[] e = new double[energyCount];
        for (int i = 0; i < energyCount; i++) {
            e[i] = E0 - 100 + 250.0 * i / (energyCount - 1);
        }
        return e;
    }

    public int size() {
        return specimen.nx();
    }

    public int count() {
        return energies.length;
    }

    public double[] energies() {
        return energies.clone();
    }

    /** True map from the fixed (highest-energy) grid to energy {@code i}'s volume. */
    public AffineTransform3D motion(int i) {
        return motions[i];
    }

    /** True map of particle {@code k}'s voxels at energy {@code i} (the tilted first particle's own motion). */
    public AffineTransform3D motion(int i, int k) {
        if (k != 0 || tiltDegrees == 0) {
            return motions[i];
        }
        double angle = tiltDegrees * (energies.length - 1 - i) / (energies.length - 1);
        return motions[i].after(AffineTransform3D.rotationAbout(specimen.particleCentre(0),
                new double[] {1, 0.5, 0.2}, angle));
    }

    /** Number of particles of the specimen. */
    public int particleCount() {
        return specimen.particleCount();
    }

    /** Per fixed voxel: 1 + particle index inside a particle, else 0. */
    public int[] labels() {
        return specimen.particleLabels();
    }

    /** The edge centre of particle k, eV. */
    public static double edgeOf(int k) {
        return E0 + 2.0 * k;
    }

    /** Renders energy {@code i}. */
    public Volume volume(int i, RowBlocks blocks) {
        int k = specimen.particleCount();
        AffineTransform3D[] m = new AffineTransform3D[k];
        double[] g = new double[k];
        for (int j = 0; j < k; j++) {
            m[j] = motion(i, j);
            g[j] = XanesPhantom.stateMu(energies[i], E0, edgeOf(j), 0.6 + 0.15 * j);
        }
        Volume v = RegistrationPhantom.render(specimen, m, g, noise, seed + 100 + i, blocks);
        // background at 0 (noise only), like a reconstruction's air: voxels resampled from outside a drifted
        // volume (0) then look like the air around them, with no false edge
        float[] d = v.data();
        for (int j = 0; j < d.length; j++) {
            d[j] -= (float) Specimen.BACKGROUND;
        }
        return v;
    }

    /**
     * Writes the series as a 4-D (energy, z, y, x) float32 Zarr array with chunks (1, c, c, c) and the energies
     * in its attributes.
     */
    public Path writeZarr(Path dir, int chunk, int threads) throws IOException {
        int n = size();
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("energies_eV", energies);
        attrs.put("voxel_size", new double[] {1, 1, 1});
        attrs.put("unit", "pixel");
        attrs.put("axes", List.of("energy", "z", "y", "x"));
        attrs.put("source", "FusionJ simulated spectro-tomography series (SpectroPhantom, seed " + seed + ")");
        ZarrArray a = ZarrArray.create(dir, new long[] {count(), n, n, n}, new int[] {1, chunk, chunk, chunk},
                ZarrArray.Compression.RAW, 0, attrs, true);
        try (RowBlocks blocks = new RowBlocks(threads)) {
            for (int e = 0; e < count(); e++) {
                a.writeAligned(new long[] {e, 0, 0, 0}, new int[] {1, n, n, n}, volume(e, blocks).data());
            }
        }
        return dir;
    }
}
