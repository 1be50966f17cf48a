package org.fusionj.core.registration;

import org.fusionj.core.Keyed;

/**
 * Which transforms the registration may find. All are affine maps about a centre c; the restricted types are
 * sub-groups, so composing their updates keeps the transform in the type.
 *
 * <p>The optimiser works on a small update vector q. Its entries are scaled to displacements in voxels at a
 * distance R from the centre (rotations R*angle, scale R*(s-1), linear entries R*a), which keeps the normal
 * equations well conditioned. {@link #basisColumn} gives how q moves the 12 affine update entries
 * (3x3 linear part of {@code (x - c) / R}, then the translation) to first order.
 */
public enum TransformType implements Keyed, TransformModel {
    /** 3 translations. */
    TRANSLATION("translation", 3),
    /** 3 rotations + 3 translations. */
    RIGID("rigid", 6),
    /** Rigid + one isotropic scale. */
    SIMILARITY("similarity", 7),
    /** All 12 parameters: rotation, translation, anisotropic scale, shear. */
    AFFINE("affine", 12);

    private final String key;
    private final int parameters;

    TransformType(String key, int parameters) {
        this.key = key;
        this.parameters = parameters;
    }

    @Override
    public String key() {
        return key;
    }

    /** Length of the update vector q. */
    @Override
    public int parameters() {
        return parameters;
    }

    /** Reads a key ("affine", "rigid", ...), case-insensitive. */
    public static TransformType parse(String text) {
        return Keyed.parse(values(), text, "transform");
    }

    /**
     * The 12 x k matrix B (row-major) with {@code p12 = B q} to first order, where p12 = (D00, D01, ..., D22, t0, t1,
     * t2) is the affine update {@code x -> x + D (x - c) / R + t}.
     */
    @Override
    public double[] basis() {
        int k = parameters;
        double[] b = new double[12 * k];
        int t0 = k - 3;
        for (int i = 0; i < 3; i++) {
            b[(9 + i) * k + t0 + i] = 1;
        }
        switch (this) {
            case TRANSLATION -> { }
            case AFFINE -> {
                for (int i = 0; i < 9; i++) {
                    b[i * k + i] = 1;
                }
            }
            case RIGID, SIMILARITY -> {
                // D = skew(w): D01 = -wz, D02 = wy, D10 = wz, D12 = -wx, D20 = -wy, D21 = wx
                b[1 * k + 2] = -1;
                b[2 * k + 1] = 1;
                b[3 * k + 2] = 1;
                b[5 * k + 0] = -1;
                b[6 * k + 1] = -1;
                b[7 * k + 0] = 1;
                if (this == SIMILARITY) {
                    b[0 * k + 3] = 1;
                    b[4 * k + 3] = 1;
                    b[8 * k + 3] = 1;
                }
            }
            default -> throw new IllegalStateException();
        }
        return b;
    }

    /**
     * The exact update transform of q: {@code x -> c + L (x - c) + t}, with L a rotation (rigid), a scaled rotation
     * (similarity), I + D / R (affine) or I (translation).
     */
    @Override
    public AffineTransform3D increment(double[] q, double[] centre, double radius) {
        int k = parameters;
        double[] l;
        switch (this) {
            case TRANSLATION -> l = new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
            case AFFINE -> {
                l = new double[9];
                for (int i = 0; i < 9; i++) {
                    l[i] = q[i] / radius + (i % 4 == 0 ? 1 : 0);
                }
            }
            case RIGID, SIMILARITY -> {
                l = AffineTransform3D.rotationMatrix(q[0] / radius, q[1] / radius, q[2] / radius);
                if (this == SIMILARITY) {
                    double s = 1 + q[3] / radius;
                    for (int i = 0; i < 9; i++) {
                        l[i] *= s;
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        AffineTransform3D lin = AffineTransform3D.linearAbout(centre, l);
        return AffineTransform3D.translation(q[k - 3], q[k - 2], q[k - 1]).after(lin);
    }
}
