package org.fusionj.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.fusionj.io.Hdf5GroupWriter;
import org.fusionj.io.Hdf5Writer;
import org.fusionj.io.NdArray;
import org.fusionj.io.VeloxJsonDataset;

/**
 * Writes small Velox-layout EMD files for tests, as Velox lays them out: one {@code /Data/Image/<uuid>} group per
 * image with {@code Data} of shape (rows, cols, frames) and JSON {@code Metadata} naming the detector and the pixel
 * size in metres (numbers as strings).
 */
public final class VeloxEmd implements AutoCloseable {

    private final Hdf5Writer writer;
    private final Hdf5GroupWriter images;
    private int count;

    private VeloxEmd(Path file) throws IOException {
        writer = Hdf5Writer.create(file);
        writer.writeDataset("Version", NdArray.of1D(new double[] {1}));
        images = writer.group("Data").group("Image");
    }

    /** Starts a new file (it must not exist). */
    public static VeloxEmd create(Path file) throws IOException {
        return new VeloxEmd(file);
    }

    /**
     * Adds an image: {@code frames} planes of {@code rows x cols} pixels, plane after plane (as an ImageJ stack),
     * with the pixel size {@code metres} (square pixels).
     */
    public VeloxEmd image(String detector, float[] planes, int rows, int cols, int frames, double metres) {
        int pixels = rows * cols;
        double[] stored = new double[planes.length];
        for (int f = 0; f < frames; f++) {
            for (int p = 0; p < pixels; p++) {
                stored[p * frames + f] = planes[f * pixels + p];
            }
        }
        Hdf5GroupWriter group = images.group(String.format(Locale.ROOT, "%032x", ++count));
        group.writeDataset("Data", new NdArray(new int[] {rows, cols, frames}, stored, NdArray.FLOAT32));
        group.writeDataset("Metadata", VeloxJsonDataset.encode(String.format(Locale.ROOT, "{\"BinaryResult\": {\"Detector\": \"%s\","
                + " \"PixelSize\": {\"width\": \"%s\", \"height\": \"%s\"}, \"PixelUnitX\": \"m\","
                + " \"PixelUnitY\": \"m\"}}", detector, metres, metres)));
        return this;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
