package org.fusionj.core.tomo;

/**
 * Parallel-beam projection of one slice of a volume (the plane perpendicular to the single tilt axis) at a fixed
 * set of tilt angles, and its exact adjoint. The variation point of the reconstructions: {@link JosephProjector}
 * is the one FusionJ ships; another discretisation (e.g. distance-driven) implements this interface and gets a
 * {@link ProjectorKind}.
 *
 * <p>Geometry (see docs/fusion-tomography.md). A slice is {@code depth} rows of {@code width} voxels, row-major,
 * index {@code z * width + x}: x runs across the detector at zero tilt, z along the beam at zero tilt. Voxels have
 * unit size; the rotation axis passes through the slice centre {@code ((width-1)/2, (depth-1)/2)}. The detector has
 * {@code width} bins of unit size centred on the axis. At tilt {@code theta} (degrees, in [-90, 90]) the voxel at
 * centred coordinates {@code (x, z)} projects to detector coordinate {@code u = x cos(theta) + z sin(theta)}.
 * A sinogram is {@code angleCount} rows of {@code width} bins, row-major, index {@code a * width + t}.
 *
 * <p>Implementations are immutable after construction and thread-safe: any number of threads may project
 * different slices at once (their scratch buffers are per thread). Results do not depend on the thread.
 */
public interface SliceProjector {

    /** Voxels per slice row, and detector bins per projection row. */
    int width();

    /** Rows per slice: the thickness of the reconstruction along the beam at zero tilt. */
    int depth();

    /** The tilt angles in degrees, in sinogram order (a copy). */
    double[] anglesDegrees();

    /** Number of tilt angles. */
    int angleCount();

    /** Voxels per slice. */
    default int sliceSize() {
        return width() * depth();
    }

    /** Bins per sinogram. */
    default int sinogramSize() {
        return angleCount() * width();
    }

    /**
     * Writes the sinogram {@code P s} of the slice {@code s} = {@code volume[offset, offset + sliceSize())} into
     * {@code sinogram[0, sinogramSize())} (overwritten).
     */
    void project(float[] volume, int offset, float[] sinogram);

    /**
     * Writes {@code P^T g} of the sinogram {@code g} = {@code sinogram[0, sinogramSize())} into
     * {@code volume[offset, offset + sliceSize())} (overwritten). The exact adjoint of {@link #project}: for any
     * slice s and sinogram g, {@code <P s, g> = <s, P^T g>} up to float rounding.
     */
    void backProject(float[] sinogram, float[] volume, int offset);

    /**
     * How many consecutive slices {@link #project(float[], int, int, float[])} and
     * {@link #backProject(float[], int, float[], int)} handle best at once (all slices share the geometry, so a
     * projector may process several per ray); callers pass at most this many.
     */
    default int batch() {
        return 1;
    }

    /**
     * The sinograms of {@code count} consecutive slices starting at {@code volume[offset]}, written one after another
     * into {@code sinograms} (slice k's at {@code k * sinogramSize()}). The same values as {@code count} calls of
     * {@link #project(float[], int, float[])}.
     */
    default void project(float[] volume, int offset, int count, float[] sinograms) {
        float[] one = new float[sinogramSize()];
        for (int k = 0; k < count; k++) {
            project(volume, offset + k * sliceSize(), one);
            System.arraycopy(one, 0, sinograms, k * sinogramSize(), one.length);
        }
    }

    /**
     * {@code P^T} of {@code count} sinograms stored one after another, into consecutive slices from
     * {@code volume[offset]} (overwritten). The same values as {@code count} calls of
     * {@link #backProject(float[], float[], int)}.
     */
    default void backProject(float[] sinograms, int count, float[] volume, int offset) {
        float[] one = new float[sinogramSize()];
        for (int k = 0; k < count; k++) {
            System.arraycopy(sinograms, k * sinogramSize(), one, 0, one.length);
            backProject(one, volume, offset + k * sliceSize());
        }
    }

    /** {@code P 1}: each ray's total weight (its path length through the slice), in sinogram layout. */
    default float[] rayLengths() {
        float[] ones = new float[sliceSize()];
        java.util.Arrays.fill(ones, 1f);
        float[] out = new float[sinogramSize()];
        project(ones, 0, out);
        return out;
    }

    /** {@code P^T 1}: each voxel's total weight over all rays, in slice layout. */
    default float[] voxelWeights() {
        float[] ones = new float[sinogramSize()];
        java.util.Arrays.fill(ones, 1f);
        float[] out = new float[sliceSize()];
        backProject(ones, out, 0);
        return out;
    }
}
