package org.fusionj.core.registration;

/**
 * The transforms of a 2-D registration (an image stack, one image per energy), in the x-y plane: z is left alone, so
 * the 3-D machinery (band, Gauss-Newton, pyramid) runs unchanged on images stored as volumes of depth 1. Named like
 * their 3-D counterparts ({@link TransformType}), which is how a 2-D run picks them.
 */
public enum PlanarTransformType implements TransformModel {
    /** 2 translations. */
    TRANSLATION(2),
    /** A rotation about z + 2 translations. */
    RIGID(3),
    /** Rigid + an isotropic scale in the plane: a magnification that changes with energy. */
    SIMILARITY(4),
    /** All 6 in-plane entries: rotation, anisotropic scale, shear, translation. */
    AFFINE(6);

    private final int parameters;

    PlanarTransformType(int parameters) {
        this.parameters = parameters;
    }

    /** The planar family of the same name. */
    public static PlanarTransformType of(TransformType t) {
        return switch (t) {
            case TRANSLATION -> TRANSLATION;
            case RIGID -> RIGID;
            case SIMILARITY -> SIMILARITY;
            case AFFINE -> AFFINE;
        };
    }

    @Override
    public int parameters() {
        return parameters;
    }

    /**
     * Rows of p12: D00 0, D01 1, D02 2, D10 3, D11 4, D12 5, D20 6, D21 7, D22 8, t0 9, t1 10, t2 11. The planar
     * families touch D00, D01, D10, D11, t0 and t1 only.
     */
    @Override
    public double[] basis() {
        int k = parameters;
        double[] b = new double[12 * k];
        int t0 = k - 2;
        b[9 * k + t0] = 1;
        b[10 * k + t0 + 1] = 1;
        switch (this) {
            case TRANSLATION -> { }
            case RIGID, SIMILARITY -> {
                // D = w [[0, -1], [1, 0]]
                b[1 * k] = -1;
                b[3 * k] = 1;
                if (this == SIMILARITY) {
                    b[0 * k + 1] = 1;
                    b[4 * k + 1] = 1;
                }
            }
            case AFFINE -> {
                b[0 * k] = 1;
                b[1 * k + 1] = 1;
                b[3 * k + 2] = 1;
                b[4 * k + 3] = 1;
            }
            default -> throw new IllegalStateException();
        }
        return b;
    }

    @Override
    public AffineTransform3D increment(double[] q, double[] centre, double radius) {
        int k = parameters;
        double[] l = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        switch (this) {
            case TRANSLATION -> { }
            case RIGID, SIMILARITY -> {
                double a = q[0] / radius;
                double s = this == SIMILARITY ? 1 + q[1] / radius : 1;
                l[0] = s * Math.cos(a);
                l[1] = -s * Math.sin(a);
                l[3] = s * Math.sin(a);
                l[4] = s * Math.cos(a);
            }
            case AFFINE -> {
                l[0] = 1 + q[0] / radius;
                l[1] = q[1] / radius;
                l[3] = q[2] / radius;
                l[4] = 1 + q[3] / radius;
            }
            default -> throw new IllegalStateException();
        }
        AffineTransform3D lin = AffineTransform3D.linearAbout(centre, l);
        return AffineTransform3D.translation(q[k - 2], q[k - 1], 0).after(lin);
    }
}
