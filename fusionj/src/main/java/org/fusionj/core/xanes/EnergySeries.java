package org.fusionj.core.xanes;

import java.util.Locale;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.spectral.Energies;
import org.fusionj.core.spectral.SpectralSeries;

/**
 * The XANES kernels' view of a spectral series (see {@link SpectralSeries}, the series type the workflows share):
 * every volume (or 2-D image, depth 1) in memory, one per X-ray energy.
 *
 * <p>The arrays are referenced, never copied and never modified by any kernel: inside Fiji they are the pixel
 * arrays of the hyperstack itself (a 256^3 volume at 60 energies is 4 GB of float32, which must not be held
 * twice).
 *
 * @param width      voxels per row
 * @param height     rows per slice
 * @param depth      slices
 * @param energiesEv the energies in eV, finite and strictly increasing, at least {@value #MIN_ENERGIES}
 * @param planes     {@code planes[e][z]} is the row-major {@code width * height} plane of energy {@code e} and
 *                   slice {@code z}; voxel {@code (x, y, z)} is {@code planes[e][z][x + y * width]}
 */
public record EnergySeries(int width, int height, int depth, double[] energiesEv, float[][][] planes) {

    /** Fewest energies a series may have: a pre-edge line, an edge and a post-edge level need at least this. */
    public static final int MIN_ENERGIES = 4;

    public EnergySeries {
        if (width < 1 || height < 1 || depth < 1) {
            throw new InvalidInputException("the series volume must be at least 1 x 1 x 1 voxels, got " + width
                    + " x " + height + " x " + depth);
        }
        if ((long) width * height > Integer.MAX_VALUE) {
            throw new InvalidInputException("a slice of " + width + " x " + height
                    + " voxels is larger than a Java array can hold");
        }
        if (energiesEv == null) {
            throw new InvalidInputException("no energies given for the series");
        }
        if (planes == null) {
            throw new InvalidInputException("no image data given for the series");
        }
        checkEnergies(energiesEv, "series");
        if (planes.length != energiesEv.length) {
            throw new InvalidInputException("the series has " + energiesEv.length + " energies but "
                    + planes.length + " volumes (one volume per energy expected)");
        }
        int plane = width * height;
        for (int e = 0; e < planes.length; e++) {
            float[][] volume = planes[e];
            if (volume == null || volume.length != depth) {
                throw new InvalidInputException(String.format(Locale.ROOT,
                        "the volume of energy %d (%.2f eV) has %s slices, expected %d", e + 1, energiesEv[e],
                        volume == null ? "no" : Integer.toString(volume.length), depth));
            }
            for (int z = 0; z < depth; z++) {
                if (volume[z] == null || volume[z].length != plane) {
                    throw new InvalidInputException(String.format(Locale.ROOT,
                            "slice %d of energy %d (%.2f eV) has %s values, expected %d x %d = %d", z + 1, e + 1,
                            energiesEv[e], volume[z] == null ? "no" : Integer.toString(volume[z].length), width,
                            height, plane));
                }
            }
        }
    }

    /** The series' frames in memory (shared with it when it holds them). */
    public static EnergySeries of(SpectralSeries series) {
        return new EnergySeries(series.width(), series.height(), series.depth(), series.energies(), series.planes());
    }

    /**
     * Checks that energies are finite and strictly increasing and that there are at least {@value #MIN_ENERGIES}.
     *
     * @param what names the list in the message ("series", "reference 'MnO'")
     */
    static void checkEnergies(double[] energiesEv, String what) {
        Energies.check(energiesEv, MIN_ENERGIES, what);
    }

    static String fmt(double ev) {
        return Energies.fmt(ev);
    }

    /** Number of energies. */
    public int energyCount() {
        return energiesEv.length;
    }

    /** Voxels per slice. */
    public int planeSize() {
        return width * height;
    }

    /** Voxels in the volume. */
    public long voxelCount() {
        return (long) width * height * depth;
    }

    /** Bytes of image data the series references (float32). */
    public long dataBytes() {
        return 4L * voxelCount() * energiesEv.length;
    }

    /** The value of voxel {@code index} (= x + y * width) of slice {@code z} at energy {@code e}. */
    public float value(int e, int z, int index) {
        return planes[e][z][index];
    }

    /** A copy of the spectrum of one voxel, in double. */
    public double[] spectrum(int x, int y, int z) {
        if (x < 0 || x >= width || y < 0 || y >= height || z < 0 || z >= depth) {
            throw new InvalidInputException("voxel (" + x + ", " + y + ", " + z + ") lies outside the "
                    + width + " x " + height + " x " + depth + " volume");
        }
        double[] s = new double[energiesEv.length];
        int i = x + y * width;
        for (int e = 0; e < s.length; e++) {
            s[e] = planes[e][z][i];
        }
        return s;
    }

    /** The energy range as text, e.g. "6374 to 6854 eV". */
    public String rangeText() {
        return fmt(energiesEv[0]) + " to " + fmt(energiesEv[energiesEv.length - 1]) + " eV";
    }
}
