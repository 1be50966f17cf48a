package org.fusionj.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

import org.fusionj.core.registration.Box3D;
import org.fusionj.io.Hdf5Writer;
import org.fusionj.io.NdArray;
import org.fusionj.workflow.Version;

/**
 * Overview maps for a quick look at a whole result: the volume cut into cells of F^3 voxels (F chosen so the
 * largest side has at most {@value #SIDE} cells; the last cells on an axis may be smaller), and per cell the mean of
 * each map's finite values (NaN where none) and the fraction of mapped voxels. Each block task returns the sums of
 * the cells it touches; the driver adds them up (cells may straddle blocks) and writes {@code overview.h5}: one
 * float32 (z, y, x) dataset per map, {@code mask_fraction}, and the factor, voxel size and unit as attributes.
 * Opens in Fiji (File > Import > HDF5), napari and h5py.
 */
final class Overview {

    static final String FILE = "overview.h5";
    /** Largest side of the overview, in cells. */
    static final int SIDE = 256;

    /** One block's sums over the cells it touches. */
    static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;
        int cx0;
        int cy0;
        int cz0;
        int cnx;
        int cny;
        int cnz;
        /** Per map, per cell: sum and count of the finite values. */
        double[][] sums;
        int[][] counts;
        /** Per cell: mapped voxels and voxels. */
        int[] mapped;
        int[] voxels;
    }

    private Overview() {
    }

    /** The cell side F for a volume of these sizes. */
    static int factor(int nx, int ny, int nz) {
        int m = Math.max(nx, Math.max(ny, nz));
        return Math.max(1, (m + SIDE - 1) / SIDE);
    }

    static int cells(int n, int f) {
        return (n + f - 1) / f;
    }

    /** A block's part: its maps (in name order) and mask, {@code [z][x + y * width]} over the block. */
    static Part of(Box3D box, int f, List<float[][]> maps, byte[][] mask) {
        Part p = new Part();
        p.cx0 = box.x0() / f;
        p.cy0 = box.y0() / f;
        p.cz0 = box.z0() / f;
        p.cnx = (box.x1() - 1) / f - p.cx0 + 1;
        p.cny = (box.y1() - 1) / f - p.cy0 + 1;
        p.cnz = (box.z1() - 1) / f - p.cz0 + 1;
        int cellCount = p.cnx * p.cny * p.cnz;
        p.sums = new double[maps.size()][cellCount];
        p.counts = new int[maps.size()][cellCount];
        p.mapped = new int[cellCount];
        p.voxels = new int[cellCount];
        int w = box.nx();
        for (int z = 0; z < box.nz(); z++) {
            int cz = (box.z0() + z) / f - p.cz0;
            for (int y = 0; y < box.ny(); y++) {
                int cy = (box.y0() + y) / f - p.cy0;
                for (int x = 0; x < w; x++) {
                    int c = (box.x0() + x) / f - p.cx0 + p.cnx * (cy + p.cny * cz);
                    int i = x + w * y;
                    p.voxels[c]++;
                    p.mapped[c] += mask[z][i] != 0 ? 1 : 0;
                    for (int m = 0; m < maps.size(); m++) {
                        float v = maps.get(m)[z][i];
                        if (Float.isFinite(v)) {
                            p.sums[m][c] += v;
                            p.counts[m][c]++;
                        }
                    }
                }
            }
        }
        return p;
    }

    /** Adds up the parts and stages overview.h5 among the run's result files. */
    static void write(ResultFiles files, int nx, int ny, int nz, int f, List<String> names,
            List<Part> parts, double[] voxelSize, String unit, double[] energies) throws IOException {
        int cx = cells(nx, f);
        int cy = cells(ny, f);
        int cz = cells(nz, f);
        int total = cx * cy * cz;
        double[][] sums = new double[names.size()][total];
        long[][] counts = new long[names.size()][total];
        long[] mapped = new long[total];
        long[] voxels = new long[total];
        for (Part p : parts) {
            for (int z = 0; z < p.cnz; z++) {
                for (int y = 0; y < p.cny; y++) {
                    for (int x = 0; x < p.cnx; x++) {
                        int local = x + p.cnx * (y + p.cny * z);
                        int c = (p.cx0 + x) + cx * ((p.cy0 + y) + cy * (p.cz0 + z));
                        mapped[c] += p.mapped[local];
                        voxels[c] += p.voxels[local];
                        for (int m = 0; m < names.size(); m++) {
                            sums[m][c] += p.sums[m][local];
                            counts[m][c] += p.counts[m][local];
                        }
                    }
                }
            }
        }
        int[] shape = {cz, cy, cx};
        files.stage(FILE, tmp -> {
            try (Hdf5Writer h5 = Hdf5Writer.create(tmp, true)) {
                for (int m = 0; m < names.size(); m++) {
                    double[] mean = new double[total];
                    for (int c = 0; c < total; c++) {
                        mean[c] = counts[m][c] == 0 ? Double.NaN : sums[m][c] / counts[m][c];
                    }
                    h5.writeDataset(names.get(m), new NdArray(shape, mean, NdArray.FLOAT32));
                }
                double[] fraction = new double[total];
                for (int c = 0; c < total; c++) {
                    fraction[c] = voxels[c] == 0 ? 0 : (double) mapped[c] / voxels[c];
                }
                h5.writeDataset("mask_fraction", new NdArray(shape, fraction, NdArray.FLOAT32));
                h5.writeDataset("energies_eV", energies);
                h5.attribute("factor", f)
                        .attribute("voxel_size", new double[] {voxelSize[0] * f, voxelSize[1] * f, voxelSize[2] * f})
                        .attribute("unit", unit)
                        .attribute("source_size", new double[] {nx, ny, nz})
                        .attribute("software", "FusionJ " + Version.get());
            }
        });
    }
}
