package org.fusionj.core.registration;

import org.fusionj.core.parallel.RowBlocks;

/**
 * One registration metric: everything the pipeline needs to know about it, in one class. The preparation asks it
 * which volume the pyramid is built from, the optimiser which voxels form the band and how a band voxel's residual
 * enters the Gauss-Newton sums, and the tests and checks for its value and gradient on whole volumes. A new metric
 * is one class implementing this and one constant of {@link RegistrationMetric} (its key).
 *
 * <p>Implementations must be stateless (one instance serves every thread) and must add their sums in the order they
 * are given: the callers combine partial sums in a fixed block order, which keeps results thread-count independent.
 */
public interface Metric {

    /**
     * The volume the metric compares, from which the pyramid is built: the (soft) Otsu mask or the grey values.
     *
     * @param grey   the volume after the optional median filter
     * @param binary its Otsu mask (1 inside, 0 outside)
     * @param split  the Otsu threshold and class means that gave the mask
     */
    Volume pyramidInput(Volume grey, Volume binary, PreparedVolume.OtsuSplit split, RowBlocks blocks);

    /** A fixed voxel is in the optimiser's band when its |gradient| exceeds this fraction of the largest. */
    double bandFraction();

    /**
     * The box on pyramid level {@code level} outside which the smoothed metric volume has no gradient, or null when
     * it may have one anywhere (then the whole volume is searched for band voxels).
     *
     * @param maskBox   bounding box of the fixed Otsu mask on level 0: xmin, xmax, ymin, ymax, zmin, zmax
     * @param smoothing Gaussian sigma of every level, in voxels of that level
     */
    int[] searchBox(int[] maskBox, int level, double smoothing);

    /** Number of sums {@link #accumulate} keeps per band voxel block. */
    int sumsLength();

    /**
     * Adds one band voxel to the sums.
     *
     * @param sums     {@link #sumsLength()} partial sums of a block
     * @param sd       the voxel's 12 steepest-descent entries
     * @param moving   the moving volume at the voxel's transformed position
     * @param fixed    the fixed volume at the voxel
     */
    void accumulate(double[] sums, double[] sd, double moving, double fixed);

    /**
     * The cost and the Gauss-Newton right-hand side (12 affine entries, into {@code rhs12}) from the combined sums.
     *
     * @param band the sums over the band that do not depend on the transform
     */
    double finish(double[] sums, BandSums band, double[] rhs12);

    /** The metric over every fixed voxel, with its gradient with respect to the 12 affine entries if asked. */
    MetricEvaluation.Value evaluate(Volume fixed, Volume moving, AffineTransform3D t, boolean withGradient,
            RowBlocks blocks);

    /**
     * Sums over the band that depend only on the fixed volume, computed once per level.
     *
     * @param count band voxels
     * @param sd    sum of the steepest-descent vectors (12)
     * @param sdF   sum of sd times the fixed value (12)
     * @param f     sum of the fixed values
     * @param ff    sum of their squares
     */
    record BandSums(int count, double[] sd, double[] sdF, double f, double ff) {
    }
}
