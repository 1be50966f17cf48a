package org.fusionj.core.spectral;

import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/**
 * A spectral series: one 2-D image or 3-D volume (a frame) per X-ray energy, with its energies and calibration. The
 * one series type of registration and XANES mapping. Frames come from a {@link FrameSource}, which may hold them in
 * memory (an ImageJ hyperstack's pixel arrays, referenced, not copied) or load each when asked (one volume file per
 * energy), so a registration of a long series never holds more than a few volumes.
 *
 * <p>A frame is {@code float[depth][width * height]}: slice z, voxel (x, y) at {@code x + y * width}. A 2-D series
 * has depth 1.
 */
public final class SpectralSeries {

    /** Supplies the frames. */
    @FunctionalInterface
    public interface FrameSource {
        /** The planes of energy {@code index} (0-based), {@code [z][x + y * width]}. */
        float[][] frame(int index);
    }

    private final String title;
    private final double[] energies;
    private final int width;
    private final int height;
    private final int depth;
    private final VoxelSize voxelSize;
    private final FrameSource frames;
    private final float[][][] inMemory;

    private SpectralSeries(String title, double[] energies, int width, int height, int depth, VoxelSize voxelSize,
            FrameSource frames, float[][][] inMemory) {
        if (width < 1 || height < 1 || depth < 1) {
            throw new InvalidInputException("the frames of " + title + " must be at least 1 x 1 x 1 voxels, got "
                    + width + " x " + height + " x " + depth);
        }
        if ((long) width * height > Integer.MAX_VALUE) {
            throw new InvalidInputException("a slice of " + width + " x " + height
                    + " voxels is larger than a Java array can hold");
        }
        Energies.check(energies, 1, "series");
        this.title = title == null ? "series" : title;
        this.energies = energies.clone();
        this.width = width;
        this.height = height;
        this.depth = depth;
        this.voxelSize = voxelSize == null ? VoxelSize.UNCALIBRATED : voxelSize;
        this.frames = frames;
        this.inMemory = inMemory;
    }

    /** A series whose frames are in memory: {@code planes[e][z]} (referenced, not copied). */
    public static SpectralSeries of(String title, double[] energies, int width, int height, int depth,
            VoxelSize voxelSize, float[][][] planes) {
        if (planes == null || energies == null || planes.length != energies.length) {
            throw new InvalidInputException(title + ": " + (energies == null ? 0 : energies.length)
                    + " energies but " + (planes == null ? 0 : planes.length) + " frames");
        }
        return new SpectralSeries(title, energies, width, height, depth, voxelSize, i -> planes[i], planes);
    }

    /** A series whose frames are produced on demand (e.g. read from one file per energy). */
    public static SpectralSeries lazy(String title, double[] energies, int width, int height, int depth,
            VoxelSize voxelSize, FrameSource frames) {
        return new SpectralSeries(title, energies, width, height, depth, voxelSize, frames, null);
    }

    /** How the user knows the series (the image title or the first file's name). */
    public String title() {
        return title;
    }

    /** The energies in eV (a copy). */
    public double[] energies() {
        return energies.clone();
    }

    public double energy(int index) {
        return energies[index];
    }

    public int count() {
        return energies.length;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int depth() {
        return depth;
    }

    /** Whether the frames are single 2-D images. */
    public boolean isTwoD() {
        return depth == 1;
    }

    public VoxelSize voxelSize() {
        return voxelSize;
    }

    /** The planes of energy {@code index}, {@code [z][x + y * width]}; shared with the source when in memory. */
    public float[][] frame(int index) {
        float[][] f = frames.frame(index);
        if (f == null || f.length != depth) {
            throw new InvalidInputException(name(index) + " has " + (f == null ? "no" : Integer.toString(f.length))
                    + " slices, expected " + depth);
        }
        return f;
    }

    /** How the user knows frame {@code index}, e.g. "energy 6552.0 eV (frame 4)". */
    public String name(int index) {
        return String.format(Locale.ROOT, "energy %s eV (frame %d)", energies[index], index + 1);
    }

    /** Index of a chosen energy ("highest" or eV within 0.5 eV); see {@link Energies#index}. */
    public int index(String chosen, String parameter) {
        return Energies.index(energies, chosen, parameter);
    }

    /** The energy range as text, e.g. "6374 to 6854 eV". */
    public String rangeText() {
        return Energies.fmt(energies[0]) + " to " + Energies.fmt(energies[energies.length - 1]) + " eV";
    }

    /**
     * Every frame in memory ({@code planes[e][z]}): the arrays this series holds, or all frames loaded now. The XANES
     * kernels read every energy of a voxel at once and need this.
     */
    public float[][][] planes() {
        if (inMemory != null) {
            return inMemory;
        }
        float[][][] planes = new float[energies.length][][];
        for (int e = 0; e < planes.length; e++) {
            planes[e] = frame(e);
        }
        return planes;
    }
}
