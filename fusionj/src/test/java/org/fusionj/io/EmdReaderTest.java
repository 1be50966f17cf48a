package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.fusionj.testing.VeloxEmd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads synthetic Velox-like and Berkeley-like EMD files built with {@link Hdf5Writer}. */
class EmdReaderTest {

    private static final String HAADF_UUID = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static final String STACK_UUID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    /** Trimmed from the shape of real Velox metadata; Velox writes numbers as strings. */
    private static final String VELOX_METADATA = """
        {"Core": {"MetadataDefinitionVersion": "7.9", "MetadataSchemaVersion": "v1/2013/07"},
         "Detectors": {"Detector-0": {"DetectorName": "BF", "DetectorType": "ScanningDetector"}},
         "BinaryResult": {"AcquisitionUnit": "", "CompositionType": "Merged", "Detector": "HAADF",
           "Encoding": "", "ImageSize": {"width": "3", "height": "2"},
           "PixelSize": {"width": "2.5e-10", "height": "2.0e-10"},
           "PixelUnitX": "m", "PixelUnitY": "m"}}""";

    @TempDir
    Path tmp;

    @Test
    void readsVeloxImagesWithDetectorNameAndPixelSize() throws IOException {
        Path file = tmp.resolve("velox.emd");
        try (Hdf5Writer writer = Hdf5Writer.create(file)) {
            writer.writeDataset("Version", NdArray.of1D(new double[] { 1 }));
            Hdf5GroupWriter images = writer.group("Data").group("Image");
            // Velox stores (rows, cols, frames)
            Hdf5GroupWriter haadf = images.group(HAADF_UUID);
            haadf.writeDataset("Data", new NdArray(new int[] { 2, 3, 1 }, new double[] { 1, 2, 3, 4, 5, 6 }, "<f4"));
            haadf.writeDataset("Metadata", VeloxJsonDataset.encode(VELOX_METADATA));
            // two frames of 2x2, no metadata: frame 0 is 0..3, frame 1 is 10..13
            double[] interleaved = { 0, 10, 1, 11, 2, 12, 3, 13 };
            images.group(STACK_UUID).writeDataset("Data", new NdArray(new int[] { 2, 2, 2 }, interleaved, "<f8"));
        }

        Map<String, NamedImage> images = byName(EmdReader.readImages(file));
        assertEquals(2, images.size());

        NamedImage haadf = images.get("HAADF");
        assertArrayEquals(new int[] { 2, 3 }, haadf.array().shape());
        assertArrayEquals(new double[] { 1, 2, 3, 4, 5, 6 }, haadf.array().data());
        // Velox gives metres (2.5e-10 m); Fiji users read nm
        assertEquals(0.25, haadf.pixelSizeX(), 1e-15);
        assertEquals(0.2, haadf.pixelSizeY(), 1e-15);
        assertEquals("nm", haadf.unit());
        assertTrue(haadf.isCalibrated());

        NamedImage stack = images.get(STACK_UUID);
        assertArrayEquals(new int[] { 2, 2, 2 }, stack.array().shape());
        assertArrayEquals(new double[] { 0, 1, 2, 3, 10, 11, 12, 13 }, stack.array().data());
        assertTrue(Double.isNaN(stack.pixelSizeX()));
        assertEquals("", stack.unit());
        assertFalse(stack.isCalibrated());
    }

    @Test
    void readsBerkeleyEmdDataGroups() throws IOException {
        Path file = tmp.resolve("berkeley.emd");
        try (Hdf5Writer writer = Hdf5Writer.create(file)) {
            writer.attribute("version_major", 0).attribute("version_minor", 2);
            Hdf5GroupWriter data = writer.group("data");
            Hdf5GroupWriter haadf = data.group("HAADF").attribute("emd_group_type", 1);
            haadf.writeDataset("data", NdArray.of2D(3, 4, new float[12]));
            haadf.writeDataset("dim1", new double[] { 0, 0.5, 1.0 }).attribute("name", "y").attribute("units", "[n_m]");
            haadf.writeDataset("dim2", new double[] { 0, 0.25, 0.5, 0.75 }).attribute("name", "x").attribute("units", "[n_m]");
            // a 3-D data group and a group without emd_group_type are not images
            Hdf5GroupWriter cube = data.group("spectrum").attribute("emd_group_type", 1);
            cube.writeDataset("data", new NdArray(new int[] { 2, 2, 2 }, new double[8], "<f8"));
            data.group("notes").writeDataset("data", NdArray.of2D(1, 1, new float[1]));
        }

        List<NamedImage> images = EmdReader.readImages(file);
        assertEquals(1, images.size());
        NamedImage haadf = images.get(0);
        assertEquals("HAADF", haadf.name());
        assertArrayEquals(new int[] { 3, 4 }, haadf.array().shape());
        assertEquals(0.25, haadf.pixelSizeX());
        assertEquals(0.5, haadf.pixelSizeY());
        assertEquals("nm", haadf.unit());
    }

    @Test
    void berkeleyDimensionsInMetresAreReadInNmOrUm() throws IOException {
        Path file = tmp.resolve("metres.emd");
        try (Hdf5Writer writer = Hdf5Writer.create(file)) {
            Hdf5GroupWriter fine = writer.group("data").group("fine").attribute("emd_group_type", 1);
            fine.writeDataset("data", NdArray.of2D(2, 2, new float[4]));
            fine.writeDataset("dim1", new double[] { 0, 5e-10 }).attribute("units", "[m]");
            fine.writeDataset("dim2", new double[] { 0, 5e-10 }).attribute("units", "[m]");
            Hdf5GroupWriter coarse = writer.group("overview").attribute("emd_group_type", 1);
            coarse.writeDataset("data", NdArray.of2D(2, 2, new float[4]));
            coarse.writeDataset("dim1", new double[] { 0, 2e-6 }).attribute("units", "meter");
            coarse.writeDataset("dim2", new double[] { 0, 2e-6 }).attribute("units", "meter");
        }
        Map<String, NamedImage> images = byName(EmdReader.readImages(file));
        assertEquals("nm", images.get("fine").unit());
        assertEquals(0.5, images.get("fine").pixelSizeX(), 1e-12);
        assertEquals(0.5, images.get("fine").pixelSizeY(), 1e-12);
        assertEquals("um", images.get("overview").unit());
        assertEquals(2, images.get("overview").pixelSizeX(), 1e-12);
    }

    @Test
    void veloxImagesWrittenLikeVeloxOpenInNm() throws IOException {
        Path file = tmp.resolve("written.emd");
        try (VeloxEmd emd = VeloxEmd.create(file)) {
            emd.image("HAADF", new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3, 1, 5e-10);
        }
        NamedImage haadf = EmdReader.readImages(file).get(0);
        assertEquals("HAADF", haadf.name());
        assertArrayEquals(new double[] { 1, 2, 3, 4, 5, 6 }, haadf.array().data());
        assertEquals(0.5, haadf.pixelSizeX());
        assertEquals("nm", haadf.unit());
        ij.ImagePlus imp = ImageFiles.open(file + ":HAADF");
        assertEquals(0.5, imp.getCalibration().pixelWidth);
        assertEquals("nm", imp.getCalibration().getUnit());
    }

    /**
     * A dataset read by path (a series with a frame axis, {@code file.h5:/path}) gets the pixel size its EMD layout
     * gives, as the single image does: a Velox image series' {@code Data} (rows, cols, frames), a Berkeley 3-D
     * {@code data} along the axes named (frames first: dim2 = y, dim3 = x); other datasets none.
     */
    @Test
    void datasetsReadByPathGetTheirEmdCalibration() throws IOException {
        Path velox = tmp.resolve("series.emd");
        try (VeloxEmd emd = VeloxEmd.create(velox)) {
            emd.image("HAADF", new float[12], 2, 3, 2, 5e-10);
        }
        try (Hdf5Reader reader = Hdf5Reader.open(velox)) {
            String data = VeloxLayout.IMAGE_ROOT + "/" + reader.childNames(VeloxLayout.IMAGE_ROOT).get(0) + "/Data";
            LengthUnits.PixelSize size = EmdReader.calibration(reader, data, 0, 1);
            assertEquals(new LengthUnits.PixelSize(0.5, 0.5, "nm"), size);
            assertEquals(null, EmdReader.calibration(reader, "/Version", 0, 1));
        }
        Path berkeley = tmp.resolve("series.h5");
        try (Hdf5Writer writer = Hdf5Writer.create(berkeley)) {
            Hdf5GroupWriter g = writer.group("data").group("tilts").attribute("emd_group_type", 1);
            g.writeDataset("data", new NdArray(new int[] { 2, 3, 4 }, new double[24], "<f4"));
            g.writeDataset("dim1", new double[] { -60, 60 }).attribute("units", "[deg]");
            g.writeDataset("dim2", new double[] { 0, 2e-9, 4e-9 }).attribute("units", "[m]");
            g.writeDataset("dim3", new double[] { 0, 1e-9, 2e-9, 3e-9 }).attribute("units", "[m]");
            writer.writeDataset("plain", new NdArray(new int[] { 2, 3, 4 }, new double[24], "<f4"));
        }
        try (Hdf5Reader reader = Hdf5Reader.open(berkeley)) {
            LengthUnits.PixelSize size = EmdReader.calibration(reader, "/data/tilts/data", 1, 2);
            assertEquals("nm", size.unit());
            assertEquals(1, size.x(), 1e-12);
            assertEquals(2, size.y(), 1e-12);
            assertEquals(null, EmdReader.calibration(reader, "/plain", 1, 2));
        }
        // the stack route (fuse-tomo, Import Array) reads it frames first, calibrated the same
        ij.ImagePlus stack = ImageFiles.open(berkeley + ":/data/tilts/data");
        assertEquals(2, stack.getStackSize());
        assertEquals("nm", stack.getCalibration().getUnit());
        assertEquals(1, stack.getCalibration().pixelWidth, 1e-12);
        assertEquals(2, stack.getCalibration().pixelHeight, 1e-12);
        assertFalse(ImageFiles.open(berkeley + ":/plain").getCalibration().scaled());
    }

    @Test
    void berkeleyDataWithoutDimVectorsIsUncalibrated() throws IOException {
        Path file = tmp.resolve("bare.emd");
        try (Hdf5Writer writer = Hdf5Writer.create(file)) {
            writer.group("image").attribute("emd_group_type", 1).writeDataset("data", NdArray.of2D(1, 2, new float[2]));
        }
        NamedImage image = EmdReader.readImages(file).get(0);
        assertEquals("image", image.name());
        assertFalse(image.isCalibrated());
        assertEquals("", image.unit());
    }

    @Test
    void fileWithNeitherLayoutSaysWhatWasLookedFor() throws IOException {
        Path file = tmp.resolve("plain.emd");
        try (Hdf5Writer writer = Hdf5Writer.create(file)) {
            writer.writeDataset("image", NdArray.of2D(1, 1, new float[1]));
        }
        FileFormatException e = assertThrows(FileFormatException.class, () -> EmdReader.readImages(file));
        assertTrue(e.getMessage().startsWith("plain.emd: no images found; looked for the Velox layout "
            + "(/Data/Image/<uuid>/Data) and the Berkeley EMD 0.2 layout"), e.getMessage());
    }

    @Test
    void nonHdf5FileIsAFormatError() throws IOException {
        Path file = Files.writeString(tmp.resolve("fake.emd"), "not HDF5 at all");
        FileFormatException e = assertThrows(FileFormatException.class, () -> EmdReader.readImages(file));
        assertTrue(e.getMessage().startsWith("fake.emd: not a readable HDF5 file"), e.getMessage());
    }

    @Test
    void duplicateNamesGetANumberSuffix() {
        NdArray pixels = NdArray.of2D(1, 1, new float[1]);
        List<NamedImage> renamed = EmdReader.withUniqueNames(List.of(NamedImage.uncalibrated("HAADF", pixels),
            NamedImage.uncalibrated("DF4", pixels), NamedImage.uncalibrated("HAADF", pixels)));
        assertEquals(List.of("HAADF", "DF4", "HAADF #2"), renamed.stream().map(NamedImage::name).toList());
    }


    private static Map<String, NamedImage> byName(List<NamedImage> images) {
        return images.stream().collect(Collectors.toMap(NamedImage::name, Function.identity()));
    }
}
