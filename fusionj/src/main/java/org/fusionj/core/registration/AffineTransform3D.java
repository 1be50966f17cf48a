package org.fusionj.core.registration;

import java.util.Arrays;
import java.util.Locale;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.fusionj.core.InvalidInputException;

/**
 * A 3-D affine map {@code y = A x + t} between voxel positions, stored as the top three rows of a 4x4 homogeneous
 * matrix (row-major: {@code a00 a01 a02 t0 a10 ... t2}). In registration it maps a fixed-volume voxel position to
 * the moving-volume position whose value belongs there. Immutable.
 */
public final class AffineTransform3D {

    private static final AffineTransform3D IDENTITY = new AffineTransform3D(new double[] {
        1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0});

    private final double[] m;

    private AffineTransform3D(double[] m) {
        this.m = m;
    }

    /** From the 12 entries of the top three rows of the 4x4 matrix, row-major. */
    public static AffineTransform3D of(double... rows3x4) {
        if (rows3x4.length != 12) {
            throw new IllegalArgumentException("an affine transform has 12 entries, got " + rows3x4.length);
        }
        for (double v : rows3x4) {
            if (!Double.isFinite(v)) {
                throw new InvalidInputException("a transform entry is not a finite number: " + Arrays.toString(rows3x4));
            }
        }
        return new AffineTransform3D(rows3x4.clone());
    }

    /** From a 4x4 matrix (row-major, 16 entries); the last row must be 0 0 0 1. */
    public static AffineTransform3D ofMatrix4x4(double[] m16) {
        if (m16.length != 16) {
            throw new InvalidInputException("a 4x4 matrix has 16 entries, got " + m16.length);
        }
        if (m16[12] != 0 || m16[13] != 0 || m16[14] != 0 || m16[15] != 1) {
            throw new InvalidInputException("the last row of an affine 4x4 matrix must be 0 0 0 1, got "
                    + m16[12] + " " + m16[13] + " " + m16[14] + " " + m16[15]);
        }
        return of(Arrays.copyOf(m16, 12));
    }

    public static AffineTransform3D identity() {
        return IDENTITY;
    }

    public static AffineTransform3D translation(double tx, double ty, double tz) {
        return of(1, 0, 0, tx, 0, 1, 0, ty, 0, 0, 1, tz);
    }

    /** {@code y = c + L (x - c)}: a linear map (row-major 3x3) about the centre c. */
    public static AffineTransform3D linearAbout(double[] centre, double[] l3x3) {
        double[] r = new double[12];
        for (int i = 0; i < 3; i++) {
            double t = centre[i];
            for (int j = 0; j < 3; j++) {
                r[4 * i + j] = l3x3[3 * i + j];
                t -= l3x3[3 * i + j] * centre[j];
            }
            r[4 * i + 3] = t;
        }
        return of(r);
    }

    /** Rotation by {@code degrees} about {@code axis} (need not be unit length) through {@code centre}. */
    public static AffineTransform3D rotationAbout(double[] centre, double[] axis, double degrees) {
        double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double a = Math.toRadians(degrees);
        return linearAbout(centre, rotationMatrix(axis[0] / n * a, axis[1] / n * a, axis[2] / n * a));
    }

    /** The rotation matrix (row-major 3x3) of the rotation vector w (axis times angle in radians), by Rodrigues. */
    public static double[] rotationMatrix(double wx, double wy, double wz) {
        double th = Math.sqrt(wx * wx + wy * wy + wz * wz);
        if (th < 1e-300) {
            return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        }
        double kx = wx / th;
        double ky = wy / th;
        double kz = wz / th;
        double c = Math.cos(th);
        double s = Math.sin(th);
        double v = 1 - c;
        return new double[] {
            c + kx * kx * v, kx * ky * v - kz * s, kx * kz * v + ky * s,
            ky * kx * v + kz * s, c + ky * ky * v, ky * kz * v - kx * s,
            kz * kx * v - ky * s, kz * ky * v + kx * s, c + kz * kz * v};
    }

    /** Entry (row, col) of the 3x4 matrix. */
    public double get(int row, int col) {
        return m[4 * row + col];
    }

    /** The 12 entries, row-major (a copy). */
    public double[] rows3x4() {
        return m.clone();
    }

    /** The 4x4 homogeneous matrix, row-major (a copy). */
    public double[] matrix4x4() {
        double[] r = Arrays.copyOf(m, 16);
        r[15] = 1;
        return r;
    }

    /** Maps (x, y, z) into {@code out[0..2]}. */
    public void apply(double x, double y, double z, double[] out) {
        double ox = m[0] * x + m[1] * y + m[2] * z + m[3];
        double oy = m[4] * x + m[5] * y + m[6] * z + m[7];
        double oz = m[8] * x + m[9] * y + m[10] * z + m[11];
        out[0] = ox;
        out[1] = oy;
        out[2] = oz;
    }

    public double[] apply(double x, double y, double z) {
        double[] out = new double[3];
        apply(x, y, z, out);
        return out;
    }

    /** {@code this ∘ first}: applies {@code first}, then this. */
    public AffineTransform3D after(AffineTransform3D first) {
        double[] a = m;
        double[] b = first.m;
        double[] r = new double[12];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                double s = a[4 * i] * b[j] + a[4 * i + 1] * b[4 + j] + a[4 * i + 2] * b[8 + j];
                r[4 * i + j] = j == 3 ? s + a[4 * i + 3] : s;
            }
        }
        return new AffineTransform3D(r);
    }

    /** The inverse map. */
    public AffineTransform3D inverse() {
        DMatrixRMaj a = new DMatrixRMaj(4, 4, true, matrix4x4());
        if (Math.abs(CommonOps_DDRM.det(a)) < 1e-12) {
            throw new InvalidInputException("the transform is singular (it flattens the volume) and has no inverse");
        }
        DMatrixRMaj inv = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.invert(a, inv);
        return new AffineTransform3D(Arrays.copyOf(inv.getData(), 12));
    }

    /** The same map expressed in the coordinates of a grid whose voxel x_l sits at {@code scale * x_l + offset}. */
    public AffineTransform3D inGrid(double scale, double offset) {
        AffineTransform3D toFine = of(scale, 0, 0, offset, 0, scale, 0, offset, 0, 0, scale, offset);
        return toFine.inverse().after(this).after(toFine);
    }

    /** Largest distance |this(p) - other(p)| over the 8 corners of a box [0, n-1]^3 (affine: the max over the box). */
    public double maxDistanceOnBox(AffineTransform3D other, int nx, int ny, int nz) {
        double worst = 0;
        double[] p = new double[3];
        double[] q = new double[3];
        for (int c = 0; c < 8; c++) {
            double x = (c & 1) == 0 ? 0 : nx - 1;
            double y = (c & 2) == 0 ? 0 : ny - 1;
            double z = (c & 4) == 0 ? 0 : nz - 1;
            apply(x, y, z, p);
            other.apply(x, y, z, q);
            double dx = p[0] - q[0];
            double dy = p[1] - q[1];
            double dz = p[2] - q[2];
            worst = Math.max(worst, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        return worst;
    }

    /** Translation of the volume centre {@code c}: this(c) - c. */
    public double[] centreShift(double[] c) {
        double[] p = apply(c[0], c[1], c[2]);
        return new double[] {p[0] - c[0], p[1] - c[1], p[2] - c[2]};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AffineTransform3D t && Arrays.equals(m, t.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            sb.append(String.format(Locale.ROOT, "%.6g", m[i])).append(i == 11 ? "]" : i % 4 == 3 ? "; " : " ");
        }
        return sb.toString();
    }
}
