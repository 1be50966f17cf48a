package org.fusionj.core.registration;

/**
 * A family of transforms the optimiser may find: how its update vector q moves the 12 affine entries (to first order)
 * and the exact update transform of q. {@link TransformType} holds the 3-D families, {@link PlanarTransformType} the
 * 2-D ones (in the x-y plane; z stays put).
 */
public interface TransformModel {

    /** Length of the update vector q. */
    int parameters();

    /**
     * The 12 x k matrix B (row-major) with {@code p12 = B q} to first order, where p12 = (D00, D01, ..., D22, t0, t1,
     * t2) is the affine update {@code x -> x + D (x - c) / R + t}.
     */
    double[] basis();

    /** The exact update transform of q about centre c (R scales q's rotation, scale and linear entries). */
    AffineTransform3D increment(double[] q, double[] centre, double radius);
}
