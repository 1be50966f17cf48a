package org.fusionj.core.registration.phantom;

import java.util.SplittableRandom;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.registration.AffineTransform3D;

/**
 * A synthetic spectro-tomography series: the same specimen at {@code energies} X-ray energies across a Mn K edge
 * (6530 to 6580 eV). Each particle's absorption rises across the edge from its own low gain (0.70 to 0.78) to 1 at
 * the highest energy, and the specimen drifts gradually from energy to energy (shift, small rotation and scale), the
 * highest energy being at rest. Volumes are rendered on demand, so a long series never sits in memory.
 */
public final class SeriesPhantom {

    /** The largest side: 1290^3 is the largest cube one Java array holds. */
    public static final int MAX_SIZE = 1290;

    private final Specimen specimen;
    private final double[] energies;
    private final AffineTransform3D[] motions;
    private final double[] lowGains;
    private final PhantomNoise noise;
    private final long seed;

    public SeriesPhantom(int n, int energyCount, PhantomNoise noise, long seed) {
        if (energyCount < 2) {
            throw new InvalidInputException("a simulated series needs at least 2 energies, got " + energyCount);
        }
        if (n < 16) {
            throw new InvalidInputException("a simulated series needs at least 16 voxels per side, got " + n);
        }
        if (n > MAX_SIZE) {
            throw new InvalidInputException("a simulated series has at most " + MAX_SIZE + " voxels per side (each "
                    + "volume of n^3 voxels must fit one Java array), got " + n);
        }
        this.specimen = Specimen.random(n, n, n, seed);
        this.noise = noise;
        this.seed = seed;
        this.energies = new double[energyCount];
        this.motions = new AffineTransform3D[energyCount];
        this.lowGains = RegistrationPhantom.gains(specimen.particleCount(), seed + 1);
        SplittableRandom rnd = new SplittableRandom(seed + 5);
        double[] c = {(n - 1) / 2.0, (n - 1) / 2.0, (n - 1) / 2.0};
        double scale = n / 128.0;
        AffineTransform3D drift = AffineTransform3D.identity();
        motions[energyCount - 1] = drift;
        for (int i = energyCount - 1; i >= 0; i--) {
            energies[i] = 6530 + 50.0 * i / (energyCount - 1);
            if (i < energyCount - 1) {
                AffineTransform3D step = AffineTransform3D.translation(scale * (0.6 * rnd.nextDouble() - 0.1),
                        scale * (0.6 * rnd.nextDouble() - 0.5), scale * (0.4 * rnd.nextDouble() - 0.2))
                        .after(AffineTransform3D.rotationAbout(c, new double[] {rnd.nextDouble(), rnd.nextDouble(), 1},
                                0.4 * rnd.nextDouble()))
                        .after(AffineTransform3D.linearAbout(c, new double[] {1 + 0.002 * rnd.nextDouble(), 0, 0, 0,
                            1 - 0.002 * rnd.nextDouble(), 0, 0, 0, 1}));
                drift = step.after(drift);
                motions[i] = drift;
            }
        }
    }

    public int count() {
        return energies.length;
    }

    public int size() {
        return specimen.nx();
    }

    /** Energies in eV, increasing. */
    public double[] energies() {
        return energies.clone();
    }

    /** True map from the fixed (highest-energy) volume's voxel positions to energy {@code index}'s. */
    public AffineTransform3D motion(int index) {
        return motions[index];
    }

    /** Per fixed voxel: 1 + particle index inside a particle, else 0. */
    public int[] labels() {
        return specimen.particleLabels();
    }

    /** Gain of particle k at energy index i: a smooth edge from its low gain to 1 at the highest energy. */
    double gain(int k, int i) {
        double e = energies[i];
        double edge = 1 / (1 + Math.exp(-(e - 6552) / 3.0));
        double top = 1 / (1 + Math.exp(-(energies[energies.length - 1] - 6552) / 3.0));
        double bottom = 1 / (1 + Math.exp(-(energies[0] - 6552) / 3.0));
        double f = (edge - bottom) / (top - bottom);
        return lowGains[k] + (1 - lowGains[k]) * f;
    }

    /** Renders energy {@code index}. */
    public org.fusionj.core.registration.Volume volume(int index, RowBlocks blocks) {
        int k = specimen.particleCount();
        AffineTransform3D[] m = new AffineTransform3D[k];
        double[] g = new double[k];
        for (int j = 0; j < k; j++) {
            m[j] = motions[index];
            g[j] = gain(j, index);
        }
        return RegistrationPhantom.render(specimen, m, g, noise, seed + 100 + index, blocks);
    }
}
