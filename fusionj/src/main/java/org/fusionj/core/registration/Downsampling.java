package org.fusionj.core.registration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;
import org.fusionj.core.progress.CancellationToken;

/**
 * Block averages of a {@link LargeVolume} by an integer factor f, computed while reading: the volume is read f
 * slices at a time, so only one slab of full-resolution voxels and the small result are ever held. Voxel x_c of the
 * result averages the f^3 voxels [f x_c, f x_c + f) on each axis (an incomplete last block is dropped, as in the
 * registration pyramid), so it sits at {@code f x_c + (f - 1) / 2} in full-resolution voxels.
 */
public final class Downsampling {

    private Downsampling() {
    }

    /** Size of the f-times downsampled axis of n voxels. */
    public static int size(int n, int factor) {
        return n / factor;
    }

    /**
     * The f-times block average. Each result voxel sums its f^3 voxels in double, slice by slice, row by row, in
     * increasing x, and divides by f^3; the result depends only on the voxel values (not on how the volume is
     * stored or split).
     *
     * @throws InvalidInputException when the factor is below 1 or leaves an axis empty
     */
    public static Volume blockAverage(LargeVolume v, int factor, CancellationToken cancel) {
        Require.atLeastOne("the downsampling factor", factor);
        if (factor == 1) {
            return v.read(Box3D.whole(v.nx(), v.ny(), v.nz()));
        }
        int cx = size(v.nx(), factor);
        int cy = size(v.ny(), factor);
        int cz = size(v.nz(), factor);
        if (cx < 1 || cy < 1 || cz < 1) {
            throw new InvalidInputException("a downsampling factor of " + factor + " leaves nothing of a "
                    + v.nx() + " x " + v.ny() + " x " + v.nz() + " volume; use a factor of at most "
                    + Math.min(v.nx(), Math.min(v.ny(), v.nz())));
        }
        float[] out = new float[cx * cy * cz];
        double[] acc = new double[cx * cy];
        double inverse = 1.0 / ((double) factor * factor * factor);
        int fx = cx * factor;
        int fy = cy * factor;
        for (int z = 0; z < cz; z++) {
            cancel.throwIfCancelled();
            Volume slab = v.read(new Box3D(0, 0, z * factor, fx, fy, factor));
            float[] d = slab.data();
            java.util.Arrays.fill(acc, 0);
            for (int s = 0; s < factor; s++) {
                for (int y = 0; y < fy; y++) {
                    int row = fx * (y + fy * s);
                    int o = cx * (y / factor);
                    for (int x = 0; x < fx; x++) {
                        acc[o + x / factor] += d[row + x];
                    }
                }
            }
            for (int i = 0; i < acc.length; i++) {
                out[z * cx * cy + i] = (float) (acc[i] * inverse);
            }
        }
        return new Volume(cx, cy, cz, out);
    }

    /** A transform of the f-times downsampled grids expressed on the full-resolution grids. */
    public static AffineTransform3D toFullResolution(AffineTransform3D coarse, int factor) {
        return factor == 1 ? coarse : coarse.inGrid(1.0 / factor, -(factor - 1) / 2.0 / factor);
    }

    /** A full-resolution transform expressed on the f-times downsampled grids. */
    public static AffineTransform3D toDownsampled(AffineTransform3D full, int factor) {
        return factor == 1 ? full : full.inGrid(factor, (factor - 1) / 2.0);
    }
}
