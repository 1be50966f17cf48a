package org.fusionj.core.spectral;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;

/**
 * Flat-field, dark-current and incident-intensity normalisation of transmission images, the first step of 2-D
 * (full-field) XANES: {@code T = (I - D) / ((F - D) i0)} and the absorbance {@code A = -ln T}, per pixel and energy.
 * The flat F (beam without sample) and dark D (beam off) are one image for all energies or one per energy; i0 is the
 * incident intensity of each sample image relative to its flat (an ion-chamber ratio), 1 when not given; without a
 * flat, {@code T = (I - D) / i0}. A transmission that is not positive (a dead pixel, dark above the signal) is
 * clamped to {@value #FLOOR} (absorbance about 16) and counted, so that registration, which refuses non-finite
 * pixels, can run; the count is reported.
 */
public final class FlatFieldCorrection {

    /** Smallest transmission kept. */
    public static final double FLOOR = 1e-7;

    /**
     * @param frames  the corrected images, {@code [energy][x + y * width]}
     * @param clamped pixels whose transmission was not positive (clamped to {@link #FLOOR})
     */
    public record Result(float[][] frames, long clamped) {
    }

    private FlatFieldCorrection() {
    }

    /**
     * @param raw        detector counts, {@code [energy][pixel]}
     * @param flats      null, one flat image ({@code [1][pixel]}) or one per energy
     * @param darks      null, one dark image or one per energy
     * @param i0         null or one incident-intensity ratio per energy (positive)
     * @param absorbance true: {@code -ln T}; false: T
     */
    public static Result apply(float[][] raw, float[][] flats, float[][] darks, double[] i0, boolean absorbance,
            RowBlocks blocks) {
        if (raw == null || raw.length == 0) {
            throw new InvalidInputException("no images to normalise");
        }
        int n = raw.length;
        int plane = raw[0].length;
        check(flats, n, plane, "flat");
        check(darks, n, plane, "dark");
        if (i0 != null) {
            if (i0.length != n) {
                throw new InvalidInputException("i0 needs one value per energy (" + n + "), got " + i0.length);
            }
            for (int e = 0; e < n; e++) {
                if (!(i0[e] > 0) || Double.isInfinite(i0[e])) {
                    throw new InvalidInputException("i0 of energy " + (e + 1) + " is " + i0[e]
                            + "; it must be a positive number");
                }
            }
        }
        for (int e = 0; e < n; e++) {
            if (raw[e] == null || raw[e].length != plane) {
                throw new InvalidInputException("image " + (e + 1) + " has " + (raw[e] == null ? 0 : raw[e].length)
                        + " pixels, image 1 has " + plane);
            }
        }
        float[][] out = new float[n][plane];
        long[] clamped = new long[n];
        blocks.forEach(n, (e0, e1) -> {
            for (int e = e0; e < e1; e++) {
                float[] f = flats == null ? null : flats[flats.length == 1 ? 0 : e];
                float[] d = darks == null ? null : darks[darks.length == 1 ? 0 : e];
                double scale = i0 == null ? 1 : i0[e];
                long c = 0;
                for (int i = 0; i < plane; i++) {
                    double dark = d == null ? 0 : d[i];
                    double num = raw[e][i] - dark;
                    double den = (f == null ? 1 : f[i] - dark) * scale;
                    double t = num / den;
                    if (!(t > 0) || Double.isInfinite(t)) {
                        t = FLOOR;
                        c++;
                    } else if (t < FLOOR) {
                        t = FLOOR;
                        c++;
                    }
                    out[e][i] = (float) (absorbance ? -Math.log(t) : t);
                }
                clamped[e] = c;
            }
        });
        long total = 0;
        for (long c : clamped) {
            total += c;
        }
        return new Result(out, total);
    }

    private static void check(float[][] images, int n, int plane, String what) {
        if (images == null) {
            return;
        }
        if (images.length != 1 && images.length != n) {
            throw new InvalidInputException("give one " + what + " image or one per energy (" + n + "), got "
                    + images.length);
        }
        for (int i = 0; i < images.length; i++) {
            if (images[i] == null || images[i].length != plane) {
                throw new InvalidInputException(what + " image " + (i + 1) + " has "
                        + (images[i] == null ? 0 : images[i].length) + " pixels, the images have " + plane);
            }
        }
    }
}
