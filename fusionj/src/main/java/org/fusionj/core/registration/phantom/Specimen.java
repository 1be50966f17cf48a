package org.fusionj.core.registration.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.Volume;

/**
 * A synthetic specimen in fixed-volume voxel coordinates: three textured ellipsoidal particles, each with a crack
 * (a thin slab reaching in from one side, so the particle stays one piece) and a few round pores. Edges are ramps
 * one voxel wide (partial-volume), so the specimen can be rendered under any transform without aliasing. Everything
 * follows from the seed.
 */
public final class Specimen {

    /** Grey value between the particles. */
    public static final double BACKGROUND = 0.05;

    private final int nx;
    private final int ny;
    private final int nz;
    private final List<Particle> particles;

    private Specimen(int nx, int ny, int nz, List<Particle> particles) {
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.particles = particles;
    }

    /** One particle: centre, orientation, semi-axes, texture, crack and pores (all in voxels, particle frame). */
    record Particle(double[] centre, double[] rotation, double[] axes, double[][] waves, double[] phases,
            double[] crackNormal, double[] crackDirection, double crackOffset, double[][] pores, double poreRadius) {

        /** Grey value (without gain) at position p of the fixed volume; 0 outside the particle. */
        double value(double px, double py, double pz) {
            double dx = px - centre[0];
            double dy = py - centre[1];
            double dz = pz - centre[2];
            double reach = Math.max(axes[0], Math.max(axes[1], axes[2])) + 2;
            if (dx * dx + dy * dy + dz * dz > reach * reach) {
                return 0;
            }
            double[] r = rotation;
            double qx = r[0] * dx + r[1] * dy + r[2] * dz;
            double qy = r[3] * dx + r[4] * dy + r[5] * dz;
            double qz = r[6] * dx + r[7] * dy + r[8] * dz;
            double ux = qx / axes[0];
            double uy = qy / axes[1];
            double uz = qz / axes[2];
            double s = Math.sqrt(ux * ux + uy * uy + uz * uz);
            if (s < 1e-9) {
                s = 1e-9;
            }
            double gx = ux / axes[0];
            double gy = uy / axes[1];
            double gz = uz / axes[2];
            double distance = (s - 1) * s / Math.sqrt(gx * gx + gy * gy + gz * gz);
            double cover = ramp(distance);
            if (cover <= 0) {
                return 0;
            }
            double texture = 1;
            for (int j = 0; j < waves.length; j++) {
                double[] k = waves[j];
                texture += 0.05 * Math.sin(k[0] * qx + k[1] * qy + k[2] * qz + phases[j]);
            }
            double along = qx * crackDirection[0] + qy * crackDirection[1] + qz * crackDirection[2];
            if (along > -0.2 * axes[0]) {
                double off = Math.abs(qx * crackNormal[0] + qy * crackNormal[1] + qz * crackNormal[2] - crackOffset);
                texture *= 1 - 0.85 * ramp(off - 1.0);
            }
            for (double[] pore : pores) {
                double ex = qx - pore[0];
                double ey = qy - pore[1];
                double ez = qz - pore[2];
                double d = Math.sqrt(ex * ex + ey * ey + ez * ez) - poreRadius;
                texture *= 1 - 0.85 * ramp(d);
            }
            return cover * texture;
        }

        /** Whether p is inside the particle outline (pores and cracks included). */
        boolean contains(double px, double py, double pz) {
            double[] r = rotation;
            double dx = px - centre[0];
            double dy = py - centre[1];
            double dz = pz - centre[2];
            double qx = (r[0] * dx + r[1] * dy + r[2] * dz) / axes[0];
            double qy = (r[3] * dx + r[4] * dy + r[5] * dz) / axes[1];
            double qz = (r[6] * dx + r[7] * dy + r[8] * dz) / axes[2];
            return qx * qx + qy * qy + qz * qz < 1;
        }

        /** 1 well inside (d <= -0.5), 0 well outside (d >= 0.5), linear between: d is the signed distance. */
        private static double ramp(double d) {
            return d <= -0.5 ? 1 : d >= 0.5 ? 0 : 0.5 - d;
        }
    }

    /** The specimen for a volume of nx x ny x nz voxels. */
    public static Specimen random(int nx, int ny, int nz, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] fractions = {{0.30, 0.33, 0.40}, {0.69, 0.36, 0.60}, {0.48, 0.70, 0.48}};
        double m = Math.min(nx, Math.min(ny, nz));
        List<Particle> ps = new ArrayList<>();
        for (double[] f : fractions) {
            double[] centre = {f[0] * (nx - 1) + jitter(rnd, 0.01 * nx), f[1] * (ny - 1) + jitter(rnd, 0.01 * ny),
                f[2] * (nz - 1) + jitter(rnd, 0.01 * nz)};
            double[] axes = {m * (0.15 + 0.03 * rnd.nextDouble()), m * (0.12 + 0.03 * rnd.nextDouble()),
                m * (0.10 + 0.03 * rnd.nextDouble())};
            double[] rotation = AffineTransform3D.rotationMatrix(jitter(rnd, 1.2), jitter(rnd, 1.2), jitter(rnd, 1.2));
            double[][] waves = new double[3][];
            double[] phases = new double[3];
            for (int j = 0; j < 3; j++) {
                double[] dir = unit(rnd);
                double k = 2 * Math.PI / (6 + 6 * rnd.nextDouble());
                waves[j] = new double[] {k * dir[0], k * dir[1], k * dir[2]};
                phases[j] = 2 * Math.PI * rnd.nextDouble();
            }
            double[] normal = unit(rnd);
            double[] direction = perpendicular(normal, unit(rnd));
            double[][] pores = new double[3][];
            for (int j = 0; j < 3; j++) {
                double[] d = unit(rnd);
                double r = 0.55 * rnd.nextDouble();
                pores[j] = new double[] {d[0] * r * axes[0], d[1] * r * axes[1], d[2] * r * axes[2]};
            }
            ps.add(new Particle(centre, rotation, axes, waves, phases, normal, direction,
                    jitter(rnd, 0.2 * axes[2]), pores, Math.max(1.5, 0.025 * m)));
        }
        return new Specimen(nx, ny, nz, List.copyOf(ps));
    }

    private static double jitter(SplittableRandom rnd, double amplitude) {
        return amplitude * (2 * rnd.nextDouble() - 1);
    }

    private static double[] unit(SplittableRandom rnd) {
        while (true) {
            double x = jitter(rnd, 1);
            double y = jitter(rnd, 1);
            double z = jitter(rnd, 1);
            double n = Math.sqrt(x * x + y * y + z * z);
            if (n > 0.1 && n <= 1) {
                return new double[] {x / n, y / n, z / n};
            }
        }
    }

    private static double[] perpendicular(double[] n, double[] v) {
        double d = n[0] * v[0] + n[1] * v[1] + n[2] * v[2];
        double[] p = {v[0] - d * n[0], v[1] - d * n[1], v[2] - d * n[2]};
        double len = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        return new double[] {p[0] / len, p[1] / len, p[2] / len};
    }

    public int nx() {
        return nx;
    }

    public int ny() {
        return ny;
    }

    public int nz() {
        return nz;
    }

    public int particleCount() {
        return particles.size();
    }

    /** Centre of particle k (0-based) in fixed voxel coordinates. */
    public double[] particleCentre(int k) {
        return particles.get(k).centre().clone();
    }

    double value(int k, double x, double y, double z) {
        return particles.get(k).value(x, y, z);
    }

    /** Per fixed voxel: 1 + the particle whose outline contains it, 0 elsewhere. */
    public int[] particleLabels() {
        int[] labels = new int[Volume.voxels(nx, ny, nz)];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    for (int k = 0; k < particles.size(); k++) {
                        if (particles.get(k).contains(x, y, z)) {
                            labels[x + nx * (y + ny * z)] = k + 1;
                            break;
                        }
                    }
                }
            }
        }
        return labels;
    }
}
