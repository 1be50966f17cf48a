package org.fusionj.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds images in Thermo Fisher Velox EMD files, which keep each image under
 * {@code /Data/Image/<uuid>/} as a {@code Data} dataset of shape (rows, cols, frames) plus a
 * {@code Metadata} dataset of JSON text.
 */
final class VeloxLayout {

    static final String IMAGE_ROOT = "/Data/Image";

    private VeloxLayout() {}

    /** @return the images, or an empty list if the file does not have the Velox layout */
    static List<NamedImage> readImages(Hdf5Reader reader) throws IOException {
        List<NamedImage> images = new ArrayList<>();
        if (!reader.exists(IMAGE_ROOT)) return images;
        for (String uuid : reader.childNames(IMAGE_ROOT)) {
            String base = IMAGE_ROOT + "/" + uuid;
            if (!reader.exists(base + "/Data")) continue;
            NdArray pixels = framesFirst(reader.readDataset(base + "/Data"));
            VeloxMetadata metadata = reader.exists(base + "/Metadata")
                ? VeloxMetadata.fromDataset(reader.readDataset(base + "/Metadata"))
                : VeloxMetadata.UNKNOWN;
            String name = metadata.detector() != null ? metadata.detector() : uuid;
            images.add(new NamedImage(name, pixels, metadata.pixelWidth(), metadata.pixelHeight(), metadata.unit()));
        }
        return images;
    }

    /**
     * The pixel size Velox gives for the dataset at {@code path} when it is an image's {@code Data}
     * ({@code /Data/Image/<uuid>/Data} beside its {@code Metadata}), as the file gives it (in metres); null for any
     * other dataset or when the metadata has no pixel size. What {@link #readImages} reads, for a dataset read by
     * path (a series with a frame axis, a stack named {@code file.h5:/path}).
     */
    static NamedImage calibration(Hdf5Reader reader, String path) throws IOException {
        String base = parentOf(path);
        if (base == null || !path.endsWith("/Data") || !IMAGE_ROOT.equals(parentOf(base))
            || !reader.exists(base + "/Metadata")) {
            return null;
        }
        VeloxMetadata metadata = VeloxMetadata.fromDataset(reader.readDataset(base + "/Metadata"));
        NamedImage size = new NamedImage(path, null, metadata.pixelWidth(), metadata.pixelHeight(), metadata.unit());
        return size.isCalibrated() ? size : null;
    }

    /** "/a/b/c" -> "/a/b"; null for the root or a name without a slash. */
    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? (slash == 0 && path.length() > 1 ? "/" : null) : path.substring(0, slash);
    }

    /**
     * Turns Velox's (rows, cols, frames) into (rows, cols) for a single frame, or into a
     * frames-first (frames, rows, cols) stack, the usual order for image stacks.
     */
    static NdArray framesFirst(NdArray stored) {
        if (stored.rank() != 3) return stored;
        int rows = stored.shape()[0], cols = stored.shape()[1], frames = stored.shape()[2];
        if (frames == 1) return new NdArray(new int[] { rows, cols }, stored.data(), stored.dtype());
        double[] source = stored.data();
        double[] stack = new double[source.length];
        int pixels = rows * cols;
        for (int pixel = 0; pixel < pixels; pixel++) {
            for (int frame = 0; frame < frames; frame++) {
                stack[frame * pixels + pixel] = source[pixel * frames + frame];
            }
        }
        return new NdArray(new int[] { frames, rows, cols }, stack, stored.dtype());
    }
}
