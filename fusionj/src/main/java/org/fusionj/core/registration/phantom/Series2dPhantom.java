package org.fusionj.core.registration.phantom;

import java.util.SplittableRandom;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.Volume;

/**
 * A synthetic 2-D XANES stack (full-field TXM: one image per energy) with known motions: the cross-sections of a
 * {@link Specimen}'s particles through their centres (textured, cracked, porous), on a faint background. Between
 * energies the image drifts (a random walk of up to {@code drift} pixels per energy), turns slightly, and its
 * magnification changes linearly with energy (the zone plate's focal length does), by {@code magnification} over the
 * scan; each particle's absorption rises across the edge from its own low gain (0.70 to 0.78) to 1 at the highest
 * energy, which is at rest. Gaussian noise; deterministic from the seed.
 *
 * <p>For the flat-field tests, {@link #raw} turns an image into detector counts: {@code I = i0 F exp(-A) + D} with a
 * vignetted flat field F, a dark level D and an incident intensity i0 that drifts with energy.
 */
public final class Series2dPhantom {

    private final Specimen specimen;
    private final int n;
    private final double[] energies;
    private final AffineTransform3D[] motions;
    private final double[] lowGains;
    private final double noise;
    private final long seed;

    /**
     * @param n             image side, pixels (at least 32)
     * @param energyCount   images (at least 2)
     * @param drift         largest shift between neighbouring energies, pixels
     * @param magnification relative change of magnification from the lowest to the highest energy (e.g. 0.01)
     * @param noise         SD of the Gaussian noise (particle grey value about 1)
     */
    public Series2dPhantom(int n, int energyCount, double drift, double magnification, double noise, long seed) {
        if (n < 32 || energyCount < 2) {
            throw new InvalidInputException("a 2-D phantom needs at least 32 x 32 pixels and 2 energies, got " + n
                    + " and " + energyCount);
        }
        this.n = n;
        this.specimen = Specimen.random(n, n, n, seed);
        this.noise = noise;
        this.seed = seed;
        this.energies = new double[energyCount];
        this.motions = new AffineTransform3D[energyCount];
        this.lowGains = RegistrationPhantom.gains(specimen.particleCount(), seed + 1);
        SplittableRandom rnd = new SplittableRandom(seed + 7);
        double[] c = {(n - 1) / 2.0, (n - 1) / 2.0, 0};
        double tx = 0;
        double ty = 0;
        double angle = 0;
        for (int i = energyCount - 1; i >= 0; i--) {
            energies[i] = 6530 + 50.0 * i / (energyCount - 1);
            if (i < energyCount - 1) {
                tx += drift * (2 * rnd.nextDouble() - 1);
                ty += drift * (2 * rnd.nextDouble() - 1);
                angle += 0.1 * (2 * rnd.nextDouble() - 1);
            }
            double scale = 1 - magnification * (energyCount - 1 - i) / Math.max(1, energyCount - 1);
            double a = Math.toRadians(angle);
            double[] l = {scale * Math.cos(a), -scale * Math.sin(a), 0, scale * Math.sin(a), scale * Math.cos(a), 0,
                0, 0, 1};
            motions[i] = AffineTransform3D.translation(tx, ty, 0).after(AffineTransform3D.linearAbout(c, l));
        }
    }

    public int count() {
        return energies.length;
    }

    public int size() {
        return n;
    }

    public double[] energies() {
        return energies.clone();
    }

    /** True map from the fixed (highest-energy) image's pixel positions to image {@code index}'s. */
    public AffineTransform3D motion(int index) {
        return motions[index];
    }

    /** Per fixed pixel: 1 + particle index inside a particle's cross-section, else 0. */
    public int[] labels() {
        int[] out = new int[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                for (int k = 0; k < specimen.particleCount(); k++) {
                    if (specimen.value(k, x, y, specimen.particleCentre(k)[2]) > 0.5) {
                        out[x + n * y] = k + 1;
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** Image {@code index} (absorbance-like grey values) as a volume of depth 1. */
    public Volume image(int index) {
        int k = specimen.particleCount();
        AffineTransform3D inverse = motions[index].inverse();
        float[] out = new float[n * n];
        double[] p = new double[3];
        SplittableRandom rnd = new SplittableRandom(seed + 100 + index);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                inverse.apply(x, y, 0, p);
                double v = Specimen.BACKGROUND;
                for (int j = 0; j < k; j++) {
                    v += gain(j, index) * specimen.value(j, p[0], p[1], specimen.particleCentre(j)[2]);
                }
                out[x + n * y] = (float) (v + noise * rnd.nextGaussian());
            }
        }
        return new Volume(n, n, 1, out);
    }

    /** Gain of particle k at energy index i (the edge of {@link SeriesPhantom}). */
    double gain(int k, int i) {
        return SeriesPhantom.edgeGain(energies, i, lowGains[k]);
    }

    /** The flat field F at pixel (x, y): 10000 counts in the centre, 30 % less in the corners (vignetting). */
    public static double flat(int x, int y, int n) {
        double dx = (x - (n - 1) / 2.0) / n;
        double dy = (y - (n - 1) / 2.0) / n;
        return 10000 * (1 - 0.6 * (dx * dx + dy * dy));
    }

    /** Dark counts. */
    public static final double DARK = 100;

    /** The incident intensity of energy {@code index} relative to the flat field's: drifts by a few percent. */
    public double i0(int index) {
        return 1 + 0.03 * Math.sin(0.7 * index);
    }

    /** Detector counts of an absorbance image: {@code I = i0 F exp(-A) + D}. */
    public Volume raw(Volume absorbance, int index) {
        float[] a = absorbance.data();
        float[] out = new float[a.length];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int i = x + n * y;
                out[i] = (float) (i0(index) * flat(x, y, n) * Math.exp(-a[i]) + DARK);
            }
        }
        return new Volume(n, n, 1, out);
    }

    /** The flat-field image (no sample, i0 = 1) with the dark level. */
    public Volume flatImage() {
        float[] out = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                out[x + n * y] = (float) (flat(x, y, n) + DARK);
            }
        }
        return new Volume(n, n, 1, out);
    }

    /** The dark image. */
    public Volume darkImage() {
        float[] out = new float[n * n];
        java.util.Arrays.fill(out, (float) DARK);
        return new Volume(n, n, 1, out);
    }
}
