package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.fusionj.core.spectrum.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The DM3/DM4 reader on files made by {@link DmFileBuilder}, and on damaged copies of them. */
class DmReaderTest {

    @TempDir
    Path dir;

    private static double[] ramp(int n, double scale, double offset) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = offset + scale * ((i * 37) % 101);
        }
        return v;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    @Timeout(30)
    void readsEveryDataTypeInBothVersionsAndByteOrders() throws IOException {
        int[][] types = {{1, -300}, {10, 0}, {2, -2}, {7, -70000}, {11, 0}, {12, -3}, {9, -100},
            {6, 0}, {14, 0}};
        for (int version : new int[] {3, 4}) {
            for (boolean little : new boolean[] {true, false}) {
                for (int[] t : types) {
                    int dataType = t[0];
                    double scale = switch (dataType) {
                        case 6, 9 -> 1;
                        case 14 -> 0.01;
                        default -> 13.25;
                    };
                    double[] values = ramp(5 * 3, scale, t[1]);
                    if (dataType == 14) {
                        for (int i = 0; i < values.length; i++) {
                            values[i] = values[i] > 0.5 ? 1 : 0;
                        }
                    } else if (dataType != 2 && dataType != 12) {
                        for (int i = 0; i < values.length; i++) {
                            values[i] = Math.rint(values[i]);
                        }
                    }
                    DmFileBuilder b = new DmFileBuilder(version, little);
                    b.addImage("HAADF", dataType, new int[] {5, 3}, values, new double[] {0, 0},
                            new double[] {0.25, 0.25}, new String[] {"nm", "nm"}, "", "");
                    Path file = write("t" + dataType + ".dm" + version, b.build());
                    List<DmReader.DmImage> images = DmReader.readImages(file);
                    assertEquals(1, images.size(), "the thumbnail is skipped");
                    DmReader.DmImage im = images.get(0);
                    String what = "DM" + version + (little ? " LE" : " BE") + " type " + dataType;
                    assertEquals("HAADF", im.name(), what);
                    assertArrayEquals(new int[] {5, 3}, im.dims(), what);
                    assertEquals(dataType, im.dataType(), what);
                    float[] expected = new float[values.length];
                    for (int i = 0; i < values.length; i++) {
                        expected[i] = (float) values[i];
                    }
                    assertArrayEquals(expected, im.data(), what);
                    assertEquals(0.25, im.scales()[0], 1e-7, what);
                    assertEquals("nm", im.units()[1], what);
                }
            }
        }
    }

    @Test
    @Timeout(30)
    void spectrumImageGetsItsEnergyAxisFromTheCalibration() throws IOException {
        int nx = 4;
        int ny = 3;
        int nc = 6;
        for (int version : new int[] {3, 4}) {
            // DM order: x fastest, then y, then energy; value encodes (x, y, c).
            double[] values = new double[nx * ny * nc];
            for (int c = 0; c < nc; c++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        values[(c * ny + y) * nx + x] = 100 * c + 10 * y + x;
                    }
                }
            }
            DmFileBuilder b = new DmFileBuilder(version, true);
            // Origin 40 channels, 0.5 eV per channel: channel 0 at -20 eV; energy in keV to check the conversion.
            b.addImage("EELS SI", 2, new int[] {nx, ny, nc}, values, new double[] {0, 0, 40},
                    new double[] {1.5, 1.5, 0.0005}, new String[] {"nm", "nm", "keV"}, "EELS", "Spectrum image");
            Path file = write("si.dm" + version, b.build());
            DmReader.DmImage im = DmReader.readImages(file).get(0);
            assertEquals("EELS", im.signal());
            assertEquals("Spectrum image", im.format());
            SpectrumImage si = SpectrumImageFiles.read(file.toString(), SpectrumImageFiles.Options.fromFile());
            assertEquals(nx, si.width());
            assertEquals(ny, si.height());
            assertEquals(nc, si.channels());
            assertEquals(-20, si.axis().offsetEv(), 1e-3);
            assertEquals(0.5, si.axis().dispersionEv(), 1e-6);
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    for (int c = 0; c < nc; c++) {
                        assertEquals(100 * c + 10 * y + x, si.counts()[(y * nx + x) * nc + c], "x " + x + " y " + y
                                + " c " + c);
                    }
                }
            }
        }
    }

    @Test
    @Timeout(30)
    void refusesWhatItCannotReadWithOneLineNamingTheFile() throws IOException {
        Path text = write("notes.dm3", "hello, this is not a DM file".getBytes());
        FileFormatException e = assertThrows(FileFormatException.class, () -> DmReader.readImages(text));
        assertTrue(e.getMessage().startsWith("notes.dm3: not a DM3/DM4 file"), e.getMessage());

        DmFileBuilder rgb = new DmFileBuilder(3, true);
        rgb.addImage("colour", 23, new int[] {2, 2}, new double[] {1, 2, 3, 4}, new double[2], new double[] {1, 1},
                new String[] {"", ""}, "", "");
        Path rgbFile = write("colour.dm3", rgb.build());
        e = assertThrows(FileFormatException.class, () -> DmReader.readImages(rgbFile));
        assertTrue(e.getMessage().contains("data type 23 (RGB)"), e.getMessage());

        DmFileBuilder ok = new DmFileBuilder(4, true);
        ok.addImage("img", 2, new int[] {8, 8}, ramp(64, 1, 0), new double[2], new double[] {1, 1},
                new String[] {"", ""}, "", "");
        byte[] bytes = ok.build();
        Path cut = write("cut.dm4", java.util.Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(FileFormatException.class, () -> DmReader.readImages(cut));
        assertTrue(e.getMessage().startsWith("cut.dm4: "), e.getMessage());
    }

    /**
     * 400 damaged copies of each of a DM3 and a DM4 spectrum image (seeded): each opens or is refused with a
     * FileFormatException naming the file, within 5 s.
     */
    @Test
    @Timeout(600)
    void damagedFilesOpenOrAreRefusedCleanly() throws IOException {
        int nx = 6;
        int ny = 5;
        int nc = 16;
        double[] values = ramp(nx * ny * nc, 1, 0);
        for (int version : new int[] {3, 4}) {
            DmFileBuilder b = new DmFileBuilder(version, version == 3);
            b.addImage("SI", 10, new int[] {nx, ny, nc}, values, new double[] {0, 0, -10}, new double[] {1, 1, 10},
                    new String[] {"nm", "nm", "eV"}, "X-ray", "Spectrum image");
            byte[] valid = b.build();
            MutationFuzzer.Outcome o = MutationFuzzer.run(valid, "fuzz.dm" + version, dir, 20260101L + version, 400,
                    Duration.ofSeconds(5), file -> {
                        DmReader.readImages(file);
                        try {
                            SpectrumImageFiles.read(file.toString(), SpectrumImageFiles.Options.fromFile());
                        } catch (org.fusionj.core.InvalidInputException notASpectrumImage) {
                            // a damaged calibration (e.g. dispersion 0) is refused as bad input: also clean
                        }
                    });
            System.out.println("DM" + version + " fuzz: " + o);
            assertTrue(o.refused() > 100, "most damage is noticed: " + o);
            assertEquals(400, o.opened() + o.refused());
        }
    }
}
