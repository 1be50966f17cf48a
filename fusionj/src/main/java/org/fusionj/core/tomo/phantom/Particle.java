package org.fusionj.core.tomo.phantom;

/**
 * One particle of a {@link TomoPhantom}: an ellipsoid (a sphere when its semi-axes are equal) with an optional core,
 * the same ellipsoid scaled by {@code coreFactor}, and a composition for the core and one for the rest.
 *
 * <p>Coordinates: x and z centred on the slice centre ({@code x_index - (width-1)/2}, likewise z), y the slice
 * index, in voxels. The ellipsoid is {@code |A (p - centre)| <= 1} with {@code A = diag(1/semiAxes) R^T}.
 *
 * @param x           centre x (centred), voxels
 * @param y           centre y (slice index), voxels
 * @param z           centre z (centred), voxels
 * @param a           the 3 x 3 matrix A, row-major
 * @param radius      bounding radius (largest semi-axis), voxels
 * @param minAxis     smallest semi-axis, voxels
 * @param coreFactor  core size relative to the particle, 0 when there is no core
 * @param core        concentration of each element in the core
 * @param shell       concentration of each element in the rest of the particle
 * @param coreShell   whether this is a core-shell particle (else a homogeneous one)
 */
record Particle(double x, double y, double z, double[] a, double radius, double minAxis, double coreFactor,
                double[] core, double[] shell, boolean coreShell) {

    /** {@code |A (p - centre)|^2} at the point (px, py, pz). */
    double normalisedRadius2(double px, double py, double pz) {
        double dx = px - x;
        double dy = py - y;
        double dz = pz - z;
        double u = a[0] * dx + a[1] * dy + a[2] * dz;
        double v = a[3] * dx + a[4] * dy + a[5] * dz;
        double w = a[6] * dx + a[7] * dy + a[8] * dz;
        return u * u + v * v + w * w;
    }

    /**
     * Chord lengths of the ray {@code o + s d} ({@code |d| = 1}) through the particle and through its core, into
     * {@code out[0]} and {@code out[1]}.
     */
    void chords(double ox, double oy, double oz, double dx, double dy, double dz, double[] out) {
        double qx = ox - x;
        double qy = oy - y;
        double qz = oz - z;
        double a0 = a[0] * qx + a[1] * qy + a[2] * qz;
        double a1 = a[3] * qx + a[4] * qy + a[5] * qz;
        double a2 = a[6] * qx + a[7] * qy + a[8] * qz;
        double b0 = a[0] * dx + a[1] * dy + a[2] * dz;
        double b1 = a[3] * dx + a[4] * dy + a[5] * dz;
        double b2 = a[6] * dx + a[7] * dy + a[8] * dz;
        double aa = a0 * a0 + a1 * a1 + a2 * a2;
        double ab = a0 * b0 + a1 * b1 + a2 * b2;
        double bb = b0 * b0 + b1 * b1 + b2 * b2;
        out[0] = chord(aa, ab, bb, 1);
        out[1] = coreFactor > 0 ? chord(aa, ab, bb, coreFactor * coreFactor) : 0;
    }

    /** Length of {@code s} with {@code |a + s b|^2 <= k2}: the roots of {@code bb s^2 + 2 ab s + aa - k2}. */
    private static double chord(double aa, double ab, double bb, double k2) {
        double disc = ab * ab - bb * (aa - k2);
        return disc > 0 ? 2 * Math.sqrt(disc) / bb : 0;
    }
}
