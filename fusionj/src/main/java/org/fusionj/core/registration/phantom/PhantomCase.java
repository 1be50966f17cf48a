package org.fusionj.core.registration.phantom;

import org.fusionj.core.registration.AffineTransform3D;

/** The known motions of the test phantoms (fixed voxel position -> moving position, about the volume centre). */
public enum PhantomCase {
    IDENTITY,
    /** A 5-voxel shift. */
    SHIFT,
    /** 3 degrees about an oblique axis. */
    ROTATION_3,
    /** 10 degrees about an oblique axis. */
    ROTATION_10,
    /** 5 % anisotropic scale. */
    SCALE,
    /** 5 % shear. */
    SHEAR,
    /** Shift, rotation, scale and shear together. */
    MIX,
    /** One particle tilted 8 degrees about its own centre, the others still. */
    TILT;

    /** Tilt of the tilted particle, degrees. */
    public static final double TILT_DEGREES = 8;

    private static final double[] AXIS = {0.3, -0.2, 1.0};

    /** The motion of the whole volume. */
    public AffineTransform3D global(int nx, int ny, int nz) {
        double[] c = {(nx - 1) / 2.0, (ny - 1) / 2.0, (nz - 1) / 2.0};
        return switch (this) {
            case IDENTITY, TILT -> AffineTransform3D.identity();
            case SHIFT -> AffineTransform3D.translation(4, -3, 0);
            case ROTATION_3 -> AffineTransform3D.rotationAbout(c, AXIS, 3);
            case ROTATION_10 -> AffineTransform3D.rotationAbout(c, AXIS, 10);
            case SCALE -> AffineTransform3D.linearAbout(c, new double[] {1.05, 0, 0, 0, 0.97, 0, 0, 0, 1.02});
            case SHEAR -> AffineTransform3D.linearAbout(c, new double[] {1, 0.05, 0, 0, 1, 0, 0, 0, 1});
            case MIX -> AffineTransform3D.translation(2.5, -1.5, 1.0)
                    .after(AffineTransform3D.rotationAbout(c, AXIS, 4))
                    .after(AffineTransform3D.linearAbout(c, new double[] {1.03, 0.02, 0, 0, 0.98, 0.01, 0, 0, 1.02}));
        };
    }

    /** Per particle, the motion of that particle (the global one, and the tilt for particle 0 in TILT). */
    public AffineTransform3D[] particleMotions(Specimen s) {
        AffineTransform3D g = global(s.nx(), s.ny(), s.nz());
        AffineTransform3D[] out = new AffineTransform3D[s.particleCount()];
        for (int k = 0; k < out.length; k++) {
            out[k] = g;
        }
        if (this == TILT) {
            out[0] = AffineTransform3D.rotationAbout(s.particleCentre(0), new double[] {1, 0.5, 0.2}, TILT_DEGREES);
        }
        return out;
    }
}
