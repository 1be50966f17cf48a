package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.fusionj.io.fuzz.TiffSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** FusionJ's TIFF reader gives what ImageJ's opener gives, reads the layouts ImageJ does not, refuses damage. */
@Timeout(60)
class TiffReaderTest {

    @TempDir
    Path tmp;

    /** Saves {@code imp} with ImageJ, opens it with ImageJ and with FusionJ, and compares what the workflow uses. */
    private ImagePlus parity(ImagePlus imp, String name) throws IOException {
        Path file = tmp.resolve(name);
        assertTrue(imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(file.toString())
                : new FileSaver(imp).saveAsTiff(file.toString()));
        ImagePlus ij = IJ.openImage(file.toString());
        ImagePlus ours = ImageFiles.open(file.toString());
        assertEquals(ij.getWidth(), ours.getWidth());
        assertEquals(ij.getHeight(), ours.getHeight());
        assertEquals(ij.getBitDepth(), ours.getBitDepth());
        assertEquals(ij.getNChannels(), ours.getNChannels());
        assertEquals(ij.getNSlices(), ours.getNSlices());
        assertEquals(ij.getNFrames(), ours.getNFrames());
        assertEquals(ij.isHyperStack(), ours.isHyperStack());
        assertEquals(ij.getTitle(), ours.getTitle());
        Calibration a = ij.getCalibration();
        Calibration b = ours.getCalibration();
        assertEquals(a.pixelWidth, b.pixelWidth);
        assertEquals(a.pixelHeight, b.pixelHeight);
        assertEquals(a.pixelDepth, b.pixelDepth);
        assertEquals(a.getUnit(), b.getUnit());
        assertEquals(a.frameInterval, b.frameInterval);
        assertEquals(a.xOrigin, b.xOrigin);
        assertEquals(a.getFunction(), b.getFunction());
        assertEquals(a.getValueUnit(), b.getValueUnit());
        assertArrayEquals(a.getCoefficients(), b.getCoefficients());
        assertEquals(ij.getProperty("Info"), ours.getProperty("Info"));
        assertEquals(ij.getProperty("Label"), ours.getProperty("Label"));
        assertArrayEquals(ij.getPropertiesAsArray(), ours.getPropertiesAsArray());
        for (int s = 1; s <= ij.getStackSize(); s++) {
            assertEquals(ij.getStack().getSliceLabel(s), ours.getStack().getSliceLabel(s), "label " + s);
            ImageProcessor p = ij.getStack().getProcessor(s);
            ImageProcessor q = ours.getStack().getProcessor(s);
            assertEquals(p.getClass(), q.getClass());
            Object pp = p.getPixels();
            Object qp = q.getPixels();
            if (pp instanceof float[] f) {
                assertArrayEquals(f, (float[]) qp);
            } else if (pp instanceof short[] sh) {
                assertArrayEquals(sh, (short[]) qp);
            } else if (pp instanceof byte[] by) {
                assertArrayEquals(by, (byte[]) qp);
            } else {
                assertArrayEquals((int[]) pp, (int[]) qp);
            }
            assertEquals(p.convertToFloatProcessor().getf(1), q.convertToFloatProcessor().getf(1));
        }
        return ours;
    }

    private static float[] ramp(int n, float scale) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = i * scale - 3;
        }
        return f;
    }

    @Test
    void calibratedFloatImageWithInfoAndLabel() throws IOException {
        ImagePlus imp = new ImagePlus("t", new FloatProcessor(7, 5, ramp(35, 0.5f)));
        imp.getCalibration().pixelWidth = 0.25;
        imp.getCalibration().pixelHeight = 0.5;
        imp.getCalibration().setUnit("nm");
        imp.setProperty("Info", "line one\nline two: µ");
        imp.setProperty("Label", "HAADF");
        parity(imp, "single.tif");
    }

    /**
     * ImageJ saves its micrometre and angstrom as ASCII escapes ({@code unit=\\u00B5m}) and decodes them when it
     * reads the file; FusionJ's reader must give the same unit, not the six letters "\\u00B5m".
     */
    @Test
    void micrometreAndAngstromUnitsReadBackAsImageJGivesThem() throws IOException {
        for (String unit : new String[] {"um", "A"}) {
            ImagePlus imp = new ImagePlus("t", new FloatProcessor(3, 2, ramp(6, 1)));
            imp.getCalibration().pixelWidth = 2;
            imp.getCalibration().pixelHeight = 2;
            imp.getCalibration().setUnit(unit);
            ImagePlus ours = parity(imp, unit + ".tif");
            assertEquals(unit.equals("um") ? "\u00B5m" : "\u00C5", ours.getCalibration().getUnit());
        }
        assertEquals("a\\u12", TiffImageJMetadata.unescape("a\\u12"));
        assertEquals("C:\\users\\x", TiffImageJMetadata.unescape("C:\\users\\x"));
    }

    @Test
    void sixteenBitStackWithLabelsPropertiesAndSpacing() throws IOException {
        ImageStack st = new ImageStack(6, 4);
        for (int s = 0; s < 3; s++) {
            short[] px = new short[24];
            for (int i = 0; i < 24; i++) {
                px[i] = (short) (1000 * s + 7 * i + 40000);
            }
            st.addSlice("energy " + (6500 + 10 * s) + " eV", new ShortProcessor(6, 4, px, null));
        }
        ImagePlus imp = new ImagePlus("s", st);
        imp.getCalibration().pixelWidth = 2;
        imp.getCalibration().pixelHeight = 2;
        imp.getCalibration().pixelDepth = 3.5;
        imp.getCalibration().setUnit("micron");
        imp.setProp("FusionJ.energies_eV", "6500.0,6510.0,6520.0");
        ImagePlus ours = parity(imp, "stack.tif");
        assertEquals("6500.0,6510.0,6520.0", ours.getProp("FusionJ.energies_eV"));
    }

    @Test
    void hyperstackDimensionsAndFrameInterval() throws IOException {
        ImageStack st = new ImageStack(5, 3);
        for (int s = 0; s < 12; s++) {
            st.addSlice("z" + s, new FloatProcessor(5, 3, ramp(15, s + 1)));
        }
        ImagePlus imp = new ImagePlus("h", st);
        imp.setDimensions(1, 3, 4);
        imp.setOpenAsHyperStack(true);
        imp.getCalibration().frameInterval = 2.5;
        ImagePlus ours = parity(imp, "hyper.tif");
        assertEquals(3, ours.getNSlices());
        assertEquals(4, ours.getNFrames());
    }

    @Test
    void signedSixteenBitAndRgbAsImageJGivesThem() throws IOException {
        ShortProcessor sp = new ShortProcessor(4, 4);
        for (int i = 0; i < 16; i++) {
            sp.set(i, 32768 + 100 * (i - 8));
        }
        ImagePlus signed = new ImagePlus("signed", sp);
        signed.getCalibration().setSigned16BitCalibration();
        parity(signed, "signed.tif");
        ColorProcessor cp = new ColorProcessor(3, 2, new int[] {0xff0000, 0x00ff00, 0x0000ff, 0x123456, 0, 0xffffff});
        parity(new ImagePlus("rgb", cp), "rgb.tif");
    }

    @Test
    void compressedTiledAndPredictedLayoutsDecodeExactly() throws IOException {
        Object[][] layouts = {
            {ByteOrder.LITTLE_ENDIAN, 32, 3, 8, 3, 16, 0}, // float32, Deflate, float predictor, 16 px tiles
            {ByteOrder.BIG_ENDIAN, 16, 1, 8, 2, 0, 3}, // uint16, Deflate, differencing, strips of 3 rows
            {ByteOrder.LITTLE_ENDIAN, 64, 3, 1, 1, 0, 2}, // float64, uncompressed: read as float32
            {ByteOrder.BIG_ENDIAN, 8, 1, 32773, 1, 0, 4}, // uint8 PackBits
            {ByteOrder.LITTLE_ENDIAN, 16, 2, 32773, 2, 16, 0}, // int16 PackBits tiles, differencing
            {ByteOrder.LITTLE_ENDIAN, 32, 2, 8, 2, 0, 5}, // int32 Deflate, differencing: read as float
            {ByteOrder.BIG_ENDIAN, 64, 3, 8, 3, 0, 7}, // float64 Deflate, float predictor
        };
        for (Object[] l : layouts) {
            TiffSamples.Spec s = new TiffSamples.Spec((ByteOrder) l[0], 21, 13, 2, (int) l[1], (int) l[2], (int) l[3],
                    (int) l[4], (int) l[5], (int) l[6] == 0 ? 13 : (int) l[6], null);
            Path file = tmp.resolve("layout" + Arrays.toString(l).hashCode() + ".tif");
            Files.write(file, TiffSamples.write(s));
            ImagePlus imp = ImageFiles.open(file.toString());
            assertEquals(21, imp.getWidth());
            assertEquals(13, imp.getHeight());
            assertEquals(2, imp.getStackSize());
            for (int p = 0; p < 2; p++) {
                ImageProcessor ip = imp.getStack().getProcessor(p + 1);
                for (int y = 0; y < 13; y++) {
                    for (int x = 0; x < 21; x++) {
                        double expected = TiffSamples.value(s, p, x, y);
                        if (s.bits() == 8) {
                            expected = ((long) expected) & 0xFF;
                        }
                        double got = ip instanceof ShortProcessor && s.sampleFormat() == 2
                                ? ip.get(x, y) - 32768 : ip.getf(x, y);
                        assertEquals(expected, got, 1e-3, Arrays.toString(l) + " page " + p + " at " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void lzwFromAnIndependentWriterDecodes() throws IOException {
        BufferedImage gray = new BufferedImage(67, 41, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 41; y++) {
            for (int x = 0; x < 67; x++) {
                gray.getRaster().setSample(x, y, 0, (x * 131 + y * y * 7) % 65536);
            }
        }
        for (String compression : new String[] {"LZW", "Deflate", "PackBits"}) {
            Path file = tmp.resolve(compression + ".tif");
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
            ImageWriter w = writers.next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                w.setOutput(out);
                ImageWriteParam param = w.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(compression);
                w.write(null, new IIOImage(gray, null, null), param);
            }
            ImagePlus imp = ImageFiles.open(file.toString());
            assertEquals(16, imp.getBitDepth(), compression);
            for (int y = 0; y < 41; y++) {
                for (int x = 0; x < 67; x++) {
                    assertEquals(gray.getRaster().getSample(x, y, 0), imp.getProcessor().get(x, y), compression);
                }
            }
        }
    }

    private Path imageJStack(int slices) throws IOException {
        ImageStack st = new ImageStack(8, 8);
        for (int s = 0; s < slices; s++) {
            st.addSlice("s" + s, new FloatProcessor(8, 8, ramp(64, s)));
        }
        Path file = tmp.resolve("ij" + slices + ".tif");
        new FileSaver(new ImagePlus("x", st)).saveAsTiffStack(file.toString());
        return file;
    }

    private static String refusal(Path file) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> ImageFiles.open(file.toString()));
        assertTrue(e.getMessage().startsWith(file.getFileName().toString() + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void truncatedFilesAreRefusedNeverZeroFilled() throws IOException {
        Path file = imageJStack(4);
        byte[] all = Files.readAllBytes(file);
        // ImageJ writes the header and first directory, then the pixels (4 x 256 bytes), then the other directories
        for (int cut : new int[] {all.length / 2, 9, 200, 1000}) {
            Path cutFile = tmp.resolve("cut" + cut + ".tif");
            Files.write(cutFile, Arrays.copyOf(all, cut));
            refusal(cutFile);
        }
    }

    @Test
    void anImageJDescriptionClaimingTwentyThousandImagesIsRefused() throws IOException {
        Path file = imageJStack(3);
        byte[] b = Files.readAllBytes(file);
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("images=3");
        b[at + 7] = '9'; // images=9: more than the file holds
        Path claim = Files.write(tmp.resolve("claims.tif"), b);
        assertTrue(refusal(claim).contains("claims 9 images"));
    }

    @Test
    void aLoopInTheDirectoryChainIsRefused() throws IOException {
        TiffSamples.Spec s = new TiffSamples.Spec(ByteOrder.LITTLE_ENDIAN, 4, 4, 3, 8, 1, 1, 1, 0, 4, null);
        byte[] b = TiffSamples.write(s);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int first = bb.getInt(4);
        int entries = bb.getShort(first);
        int secondAt = bb.getInt(first + 2 + 12 * entries);
        int entries2 = bb.getShort(secondAt);
        bb.putInt(secondAt + 2 + 12 * entries2, first); // page 2 points back to page 1
        Path file = Files.write(tmp.resolve("loop.tif"), b);
        assertTrue(refusal(file).contains("loops back"));
    }

    @Test
    void hugeAndNegativeClaimsAreRefusedBeforeAllocating() throws IOException {
        for (int size : new int[] {30000, -16843009, 0, 65535 * 3}) {
            TiffSamples.Spec s = new TiffSamples.Spec(ByteOrder.BIG_ENDIAN, 4, 4, 1, 32, 3, 8, 1, 0, 4, null);
            byte[] b = TiffSamples.write(s);
            ByteBuffer bb = ByteBuffer.wrap(b);
            int first = bb.getInt(4);
            bb.putInt(first + 2 + 8, size); // width value field
            bb.putInt(first + 2 + 12 + 8, size); // height value field
            Path file = Files.write(tmp.resolve("claim" + (size & 0xffff) + ".tif"), b);
            String m = refusal(file);
            assertTrue(!m.contains("-16843009") || m.contains("image size"), m);
        }
    }

    @Test
    void aFileNamedTifThatIsNotOneIsRefusedByName() throws IOException {
        Path file = Files.writeString(tmp.resolve("notes.tif"), "hello");
        assertTrue(refusal(file).contains("does not start like one"));
    }
}
