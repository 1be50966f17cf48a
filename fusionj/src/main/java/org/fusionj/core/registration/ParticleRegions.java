package org.fusionj.core.registration;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.segment.BinaryDilation3D;
import org.fusionj.core.segment.Components;
import org.fusionj.core.segment.ConnectedComponents;
import org.fusionj.core.segment.Connectivity;

/** Finds the particles of a fixed mask for per-particle registration. */
public final class ParticleRegions {

    private ParticleRegions() {
    }

    /**
     * The 26-connected components of {@code binary} with at least {@code minVoxels} voxels, each with its mask
     * dilated by {@code dilation} voxels.
     */
    public static List<ParticleRegion> find(Volume binary, int minVoxels, int dilation) {
        int nx = binary.nx();
        int ny = binary.ny();
        int plane = nx * ny;
        byte[][] slices = new byte[binary.nz()][plane];
        float[] d = binary.data();
        for (int z = 0; z < binary.nz(); z++) {
            for (int i = 0; i < plane; i++) {
                slices[z][i] = (byte) (d[z * plane + i] > 0.5f ? 1 : 0);
            }
        }
        Components comps = ConnectedComponents.label(slices, nx, ny, Connectivity.TWENTY_SIX).keepAtLeast(minVoxels);
        if (comps.count() == 0) {
            throw new InvalidInputException("per-particle registration found no particle of at least " + minVoxels
                    + " voxels in the fixed volume's mask; lower min_voxels or switch per-particle off");
        }
        List<ParticleRegion> out = new ArrayList<>();
        for (int l = 1; l <= comps.count(); l++) {
            byte[] mask = new byte[d.length];
            double sx = 0;
            double sy = 0;
            double sz = 0;
            long n = 0;
            for (int z = 0; z < binary.nz(); z++) {
                int[] lab = comps.labels()[z];
                for (int i = 0; i < plane; i++) {
                    if (lab[i] == l) {
                        mask[z * plane + i] = 1;
                        sx += i % nx;
                        sy += i / nx;
                        sz += z;
                        n++;
                    }
                }
            }
            double[] centroid = {sx / n, sy / n, sz / n};
            // the radius of the ball (a 2-D image: the disc) of the component's size
            double radius = Math.max(1, binary.nz() == 1 ? Math.sqrt(n / Math.PI)
                    : Math.cbrt(3.0 * n / (4 * Math.PI)));
            out.add(new ParticleRegion(l, n, centroid, radius,
                    BinaryDilation3D.dilate(mask, nx, ny, binary.nz(), dilation)));
        }
        return out;
    }

    /** Per-voxel region number: 1-based index into {@code particles} (first one wins where grown masks meet), 0 elsewhere. */
    public static int[] labelMap(List<ParticleRegion> particles, int voxels) {
        int[] map = new int[voxels];
        for (int k = 0; k < particles.size(); k++) {
            byte[] r = particles.get(k).region();
            for (int i = 0; i < voxels; i++) {
                if (map[i] == 0 && r[i] != 0) {
                    map[i] = k + 1;
                }
            }
        }
        return map;
    }
}
