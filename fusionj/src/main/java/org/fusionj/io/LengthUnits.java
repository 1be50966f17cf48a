package org.fusionj.io;

import java.util.Locale;

/**
 * Turns a pixel size a file gives in metres into the unit a Fiji user reads: files written by instrument software
 * (Velox EMD, EMD with {@code [m]} dimension units) keep SI metres, so a HAADF pixel arrives as 5e-10 m, and every
 * result calibrated from it (maps, volumes, their TIFFs and records) would read 5e-10 too. Readers call this where
 * they read the calibration, so every front-end gets the same units. Any other unit is returned unchanged.
 */
public final class LengthUnits {

    /** nm, um, mm: the units a metre size may become, smallest first, with how many of them make a metre. */
    private static final String[] UNITS = {"nm", "um", "mm"};
    private static final double[] PER_METRE = {1e9, 1e6, 1e3}; // exact doubles: multiplying rounds once

    /** The smallest pixel size (in the chosen unit) the chosen unit may give, unless none of them does. */
    static final double SMALLEST_SIZE = 0.1;

    private LengthUnits() {
    }

    /**
     * A pixel size in a readable unit.
     *
     * @param x    the width of a pixel in {@code unit}
     * @param y    the height of a pixel in {@code unit}
     * @param unit the unit
     */
    public record PixelSize(double x, double y, String unit) {
    }

    /** Whether {@code unit} names the metre: "m", "meter(s)" or "metre(s)" (words in any case). */
    public static boolean isMetre(String unit) {
        if (unit == null) {
            return false;
        }
        String u = unit.strip();
        if (u.equals("m")) {
            return true;
        }
        String w = u.toLowerCase(Locale.ROOT);
        return w.equals("meter") || w.equals("metre") || w.equals("meters") || w.equals("metres");
    }

    /**
     * The pixel size {@code (x, y)} in {@code unit}, converted when the unit is the metre to the largest of nm, um and
     * mm that gives a size of at least 0.1 (5e-10 m -> 0.5 nm, 2e-6 m -> 2 um, 3e-4 m -> 0.3 mm; below 0.1 nm it
     * stays nm). The smaller of the known sizes decides. Other units, and metres without a known size, are returned
     * as they are.
     */
    public static PixelSize readable(double x, double y, String unit) {
        double size = Math.min(Double.isNaN(x) ? Double.POSITIVE_INFINITY : Math.abs(x),
                Double.isNaN(y) ? Double.POSITIVE_INFINITY : Math.abs(y));
        if (!isMetre(unit) || !Double.isFinite(size) || size == 0) {
            return new PixelSize(x, y, unit);
        }
        int chosen = 0;
        for (int i = UNITS.length - 1; i > 0; i--) {
            if (size * PER_METRE[i] >= SMALLEST_SIZE) {
                chosen = i;
                break;
            }
        }
        return new PixelSize(x * PER_METRE[chosen], y * PER_METRE[chosen], UNITS[chosen]);
    }

    /**
     * {@code unit} spelled in ASCII for records other programs read (HDF5 attributes, CSV): ImageJ spells the
     * micrometre "\u00B5m" and the angstrom "\u00C5" in its windows (it turns "um" and "A" into them), which jhdf
     * writes as UTF-8 correctly but which h5dump prints as octal escapes and h5py returns as undecoded bytes; "um"
     * and "A" read the same everywhere, and ImageJ turns them back into its own spelling. The micro sign (U+00B5)
     * and the Greek mu (U+03BC) become "u", "\u00C5" (U+00C5, and the angstrom sign U+212B) "A"; other units are
     * returned as they are (null stays null).
     */
    public static String ascii(String unit) {
        if (unit == null) {
            return null;
        }
        return unit.replace('\u00B5', 'u').replace('\u03BC', 'u').replace('\u00C5', 'A').replace('\u212B', 'A');
    }

    /** {@code image} with its calibration in a readable unit (see {@link #readable}). */
    public static NamedImage readable(NamedImage image) {
        PixelSize p = readable(image.pixelSizeX(), image.pixelSizeY(), image.unit());
        return p.unit().equals(image.unit()) ? image
                : new NamedImage(image.name(), image.array(), p.x(), p.y(), p.unit());
    }
}
