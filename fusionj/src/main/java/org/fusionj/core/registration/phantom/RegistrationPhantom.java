package org.fusionj.core.registration.phantom;

import java.util.SplittableRandom;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.Volume;

/**
 * Renders a {@link Specimen} as a tomogram: particle k seen through its motion (fixed -> moving position), scaled by
 * its gain, on the background, plus noise. Deterministic from the seeds, and the same whatever the thread count (the
 * noise is drawn in voxel order on one thread).
 */
public final class RegistrationPhantom {

    /** Lowest and highest per-particle gain of a moving energy relative to the fixed one (as measured). */
    public static final double GAIN_LOW = 0.70;
    public static final double GAIN_HIGH = 0.78;

    private RegistrationPhantom() {
    }

    /**
     * A pair of fixed and moving phantoms with a known motion.
     *
     * @param fixed       the fixed volume (gain 1)
     * @param moving      the moving volume (gains 0.70 to 0.78 per particle, the case's motion)
     * @param motions     per particle, its true fixed -> moving map
     * @param labels      per fixed voxel: 1 + particle index inside a particle, else 0 (where errors are measured)
     */
    public record Pair(Volume fixed, Volume moving, AffineTransform3D[] motions, int[] labels) {
    }

    public static Pair pair(int n, PhantomCase motion, PhantomNoise noise, long seed, RowBlocks blocks) {
        Specimen s = Specimen.random(n, n, n, seed);
        AffineTransform3D[] still = PhantomCase.IDENTITY.particleMotions(s);
        double[] ones = new double[s.particleCount()];
        java.util.Arrays.fill(ones, 1.0);
        double[] gains = gains(s.particleCount(), seed + 1);
        AffineTransform3D[] motions = motion.particleMotions(s);
        Volume fixed = render(s, still, ones, noise, seed + 2, blocks);
        Volume moving = render(s, motions, gains, noise, seed + 3, blocks);
        return new Pair(fixed, moving, motions, s.particleLabels());
    }

    /** Per-particle gains drawn uniformly between {@link #GAIN_LOW} and {@link #GAIN_HIGH}. */
    public static double[] gains(int particles, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] g = new double[particles];
        for (int k = 0; k < particles; k++) {
            g[k] = GAIN_LOW + (GAIN_HIGH - GAIN_LOW) * rnd.nextDouble();
        }
        return g;
    }

    /**
     * Renders the specimen: voxel y of the output shows particle k at {@code motions[k]^-1 (y)}.
     */
    public static Volume render(Specimen s, AffineTransform3D[] motions, double[] gains, PhantomNoise noise,
            long seed, RowBlocks blocks) {
        int nx = s.nx();
        int ny = s.ny();
        int nz = s.nz();
        int k = s.particleCount();
        AffineTransform3D[] inverse = new AffineTransform3D[k];
        for (int j = 0; j < k; j++) {
            inverse[j] = motions[j].inverse();
        }
        float[] out = new float[Volume.voxels(nx, ny, nz)];
        blocks.forEach(nz, (z0, z1) -> {
            double[] p = new double[3];
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        double v = Specimen.BACKGROUND;
                        for (int j = 0; j < k; j++) {
                            inverse[j].apply(x, y, z, p);
                            v += gains[j] * s.value(j, p[0], p[1], p[2]);
                        }
                        out[x + nx * (y + ny * z)] = (float) v;
                    }
                }
            }
        });
        addNoise(out, noise, seed);
        return new Volume(nx, ny, nz, out);
    }

    private static void addNoise(float[] v, PhantomNoise noise, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < v.length; i++) {
            if (noise.gaussianSigma() > 0) {
                v[i] += (float) (noise.gaussianSigma() * rnd.nextGaussian());
            }
            if (noise.saltPepper() > 0 && rnd.nextDouble() < noise.saltPepper()) {
                v[i] = rnd.nextBoolean() ? PhantomNoise.SALT : 0f;
            }
        }
    }
}
