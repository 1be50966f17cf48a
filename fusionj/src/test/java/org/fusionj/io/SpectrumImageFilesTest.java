package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.spectrum.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spectrum images from every supported container, on generated files with known counts. */
class SpectrumImageFilesTest {

    @TempDir
    Path tmp;

    private static final int W = 4;
    private static final int H = 3;
    private static final int C = 16;

    /** Counts of channel c at pixel (x, y), in (y, x, c) order. */
    private static float[] cube() {
        float[] v = new float[W * H * C];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int c = 0; c < C; c++) {
                    v[(y * W + x) * C + c] = (x + 2 * y + c) % 5;
                }
            }
        }
        return v;
    }


    /** The stream of one frame: per pixel its channel indices, pixels separated by 65535. */
    private static List<Double> stream(float[] cube) {
        List<Double> s = new ArrayList<>();
        for (int p = 0; p < W * H; p++) {
            if (p > 0) {
                s.add(65535.0);
            }
            for (int c = 0; c < C; c++) {
                for (int k = 0; k < (int) cube[p * C + c]; k++) {
                    s.add((double) c);
                }
            }
        }
        return s;
    }

    @Test
    void veloxSpectrumStreamSumsFramesWithTheDetectorCalibration() throws IOException {
        float[] cube = cube();
        List<Double> values = new ArrayList<>(stream(cube));
        values.add(65535.0); // the second frame follows the first
        values.addAll(stream(cube));
        double[] data = values.stream().mapToDouble(Double::doubleValue).toArray();
        Path file = tmp.resolve("si.emd");
        try (Hdf5Writer w = Hdf5Writer.create(file)) {
            Hdf5GroupWriter d = w.group("Data");
            d.group("Image").group("uuid-image").writeDataset("Data", new NdArray(new int[] {H, W, 1},
                    new double[H * W], "<f8"));
            Hdf5GroupWriter s = d.group("SpectrumStream").group("uuid-stream");
            s.writeDataset("Data", new NdArray(new int[] {data.length, 1}, data, "<f8"));
            s.writeDataset("AcquisitionSettings",
                    VeloxJsonDataset.encode("{\"bincount\": \"16\", \"StreamEncoding\": \"uint16\"}"));
            s.writeDataset("Metadata", VeloxJsonDataset.encode("{\"BinaryResult\": {\"Detector\": \"SuperXG21\"}, "
                    + "\"Detectors\": "
                    + "{\"Detector-0\": {\"DetectorName\": \"BM-Ceta\"}, \"Detector-1\": {\"DetectorName\": "
                    + "\"SuperXG21\", \"Dispersion\": \"10\", \"OffsetEnergy\": \"-250\"}}}"));
        }
        SpectrumImage si = SpectrumImageFiles.read(file.toString(), SpectrumImageFiles.Options.fromFile());
        assertEquals(W, si.width());
        assertEquals(H, si.height());
        assertEquals(-250, si.axis().offsetEv(), 0);
        assertEquals(10, si.axis().dispersionEv(), 0);
        for (int i = 0; i < cube.length; i++) {
            assertEquals(2 * cube[i], si.counts()[i], "value " + i);
        }
    }

    @Test
    void berkeleyEmdHdf5AndNpyCubes() throws IOException {
        float[] cube = cube();
        double[] d = new double[cube.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = cube[i];
        }
        Path emd = tmp.resolve("cube.emd");
        try (Hdf5Writer w = Hdf5Writer.create(emd)) {
            Hdf5GroupWriter g = w.group("data").group("eds").attribute("emd_group_type", 1);
            g.writeDataset("data", new NdArray(new int[] {H, W, C}, d, "<f8"));
            double[] energies = new double[C];
            for (int c = 0; c < C; c++) {
                energies[c] = 0.1 + 0.02 * c;
            }
            g.writeDataset("dim3", energies).attribute("units", "[k_eV]");
        }
        SpectrumImage a = SpectrumImageFiles.read(emd.toString(), SpectrumImageFiles.Options.fromFile());
        assertArrayEquals(cube, a.counts());
        assertEquals(100, a.axis().offsetEv(), 1e-9);
        assertEquals(20, a.axis().dispersionEv(), 1e-9);

        Path h5 = tmp.resolve("cube.h5");
        try (Hdf5Writer w = Hdf5Writer.create(h5)) {
            w.group("x").writeDataset("si", new NdArray(new int[] {H, W, C}, d, "<f8"));
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SpectrumImageFiles.read(h5.toString(), SpectrumImageFiles.Options.fromFile()));
        assertTrue(e.getMessage().contains("records no energy calibration"), e.getMessage());
        SpectrumImage b = SpectrumImageFiles.read(h5 + ":/x/si", SpectrumImageFiles.Options.fromFile()
                .withCalibration(0, 5));
        assertArrayEquals(cube, b.counts());

        // NPY with energy first: (C, H, W)
        float[] first = new float[cube.length];
        for (int c = 0; c < C; c++) {
            for (int p = 0; p < W * H; p++) {
                first[c * W * H + p] = cube[p * C + c];
            }
        }
        Path npy = tmp.resolve("cube.npy");
        NpyWriter.writeFloat32(npy, new int[] {C, H, W}, first);
        SpectrumImage n = SpectrumImageFiles.read(npy.toString(), new SpectrumImageFiles.Options(true, 0, 5));
        assertArrayEquals(cube, n.counts());
        assertEquals(W, n.width());
    }

    @Test
    void tiffStackUsesTheSliceCalibrationInElectronVolts() throws IOException {
        float[] cube = cube();
        ImageStack stack = new ImageStack(W, H);
        for (int c = 0; c < C; c++) {
            float[] plane = new float[W * H];
            for (int p = 0; p < W * H; p++) {
                plane[p] = cube[p * C + c];
            }
            stack.addSlice("E" + c, plane);
        }
        ImagePlus imp = new ImagePlus("si", stack);
        Calibration cal = imp.getCalibration();
        cal.pixelDepth = 5;
        cal.zOrigin = -20;
        cal.setZUnit("eV");
        Path tif = tmp.resolve("si.tif");
        new FileSaver(imp).saveAsTiffStack(tif.toString());
        SpectrumImage si = SpectrumImageFiles.read(tif.toString(), SpectrumImageFiles.Options.fromFile());
        assertArrayEquals(cube, si.counts());
        assertEquals(100, si.axis().offsetEv(), 1e-9);
        assertEquals(5, si.axis().dispersionEv(), 1e-9);
    }
}
