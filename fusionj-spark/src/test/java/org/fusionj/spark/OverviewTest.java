package org.fusionj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.fusionj.core.registration.Box3D;
import org.fusionj.io.Hdf5Reader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overview maps: blocks whose borders cut through cells add up to the cell means of the whole map (NaN where a
 * cell has no finite value) and the mapped fractions, written to overview.h5 with the factor and voxel size.
 */
class OverviewTest {

    @TempDir
    Path tmp;

    @Test
    void blocksThatCutCellsAddUpToTheWholeMapsCellMeans() throws Exception {
        int nx = 25;
        int ny = 22;
        int nz = 17;
        int f = 3;
        SplittableRandom r = new SplittableRandom(4);
        float[][] map = new float[nz][nx * ny];
        byte[][] mask = new byte[nz][nx * ny];
        for (int z = 0; z < nz; z++) {
            for (int i = 0; i < nx * ny; i++) {
                boolean on = r.nextDouble() < 0.6 && z > 2;
                mask[z][i] = (byte) (on ? 1 : 0);
                map[z][i] = on ? (float) (6549 + r.nextGaussian()) : Float.NaN;
            }
        }
        BlockGrid grid = new BlockGrid(nx, ny, nz, new int[] {10, 8, 7});
        List<Overview.Part> parts = new ArrayList<>();
        for (int b : grid.indices()) {
            Box3D box = grid.box(b);
            float[][] m = new float[box.nz()][box.nx() * box.ny()];
            byte[][] k = new byte[box.nz()][box.nx() * box.ny()];
            for (int z = 0; z < box.nz(); z++) {
                for (int y = 0; y < box.ny(); y++) {
                    for (int x = 0; x < box.nx(); x++) {
                        int whole = box.x0() + x + nx * (box.y0() + y);
                        m[z][x + box.nx() * y] = map[box.z0() + z][whole];
                        k[z][x + box.nx() * y] = mask[box.z0() + z][whole];
                    }
                }
            }
            parts.add(Overview.of(box, f, List.<float[][]>of(m), k));
        }
        try (ResultFiles files = ResultFiles.claim(Location.of(tmp), List.of(Overview.FILE), List.of(), false,
                "test")) {
            Overview.write(files, nx, ny, nz, f, List.of("half_height"), parts, new double[] {20, 20, 25}, "nm",
                    new double[] {6500, 6600});
            files.commit();
        }
        int cx = 9;
        int cy = 8;
        int cz = 6;
        float[] mean = new float[cx * cy * cz];
        float[] fraction = new float[cx * cy * cz];
        for (int c = 0; c < mean.length; c++) {
            int x0 = (c % cx) * f;
            int y0 = ((c / cx) % cy) * f;
            int z0 = (c / (cx * cy)) * f;
            double sum = 0;
            int n = 0;
            int on = 0;
            int all = 0;
            for (int z = z0; z < Math.min(nz, z0 + f); z++) {
                for (int y = y0; y < Math.min(ny, y0 + f); y++) {
                    for (int x = x0; x < Math.min(nx, x0 + f); x++) {
                        float v = map[z][x + nx * y];
                        all++;
                        on += mask[z][x + nx * y];
                        if (Float.isFinite(v)) {
                            sum += v;
                            n++;
                        }
                    }
                }
            }
            mean[c] = n == 0 ? Float.NaN : (float) (sum / n);
            fraction[c] = (float) ((double) on / all);
        }
        try (Hdf5Reader h5 = Hdf5Reader.open(tmp.resolve(Overview.FILE))) {
            assertArrayEquals(new int[] {cz, cy, cx}, h5.datasetShape("half_height"));
            float[] got = h5.readDataset("half_height").toFloats();
            for (int c = 0; c < mean.length; c++) {
                // sums added in another order: equal to float rounding
                assertEquals(mean[c], got[c], Float.isNaN(mean[c]) ? 0 : 1e-3, "cell " + c);
            }
            assertArrayEquals(fraction, h5.readDataset("mask_fraction").toFloats(), 1e-6f);
            Object factor = h5.attributes("/").get("factor");
            double fv = factor instanceof Number num ? num.doubleValue() : factor instanceof int[] a ? a[0]
                    : factor instanceof long[] a ? a[0] : ((double[]) factor)[0];
            assertEquals(3.0, fv);
        }
    }
}
