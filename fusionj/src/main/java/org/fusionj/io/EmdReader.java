package org.fusionj.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the images of an EMD (electron microscopy data, HDF5-based) file. Two layouts are
 * recognised, tried in this order:
 * <ul>
 * <li><b>Velox</b> (Thermo Fisher): one image per {@code /Data/Image/<uuid>}. The name is the
 *     detector from the image's JSON metadata, or the uuid if that is unavailable; the pixel size
 *     comes from the same metadata, in metres (returned in nm, um or mm, see {@link LengthUnits}).
 *     A single-frame image is returned 2-D (rows, cols); a multi-frame acquisition is returned
 *     whole, as a 3-D stack of shape (frames, rows, cols).</li>
 * <li><b>Berkeley EMD 0.2</b>: every group with attribute {@code emd_group_type = 1} and 2-D
 *     {@code data}; the name is the group name, the pixel size the spacing of the
 *     {@code dim2} (x) and {@code dim1} (y) vectors, in their {@code units} (metres given in nm, um or mm).</li>
 * </ul>
 * Duplicate names get a {@code #2}, {@code #3}, ... suffix so every image can be told apart.
 */
public final class EmdReader {

    private EmdReader() {}

    /**
     * @return the images in file order
     * @throws FileFormatException if the file is not HDF5 or holds neither layout
     */
    public static List<NamedImage> readImages(Path file) throws IOException {
        try (Hdf5Reader reader = Hdf5Reader.open(file)) {
            List<NamedImage> images = VeloxLayout.readImages(reader);
            if (images.isEmpty()) images = BerkeleyLayout.readImages(reader);
            if (images.isEmpty()) {
                throw new FileFormatException(reader.sourceName(), "no images found; looked for the Velox layout ("
                    + VeloxLayout.IMAGE_ROOT + "/<uuid>/Data) and the Berkeley EMD 0.2 layout (groups with attribute "
                    + "emd_group_type = 1 holding 2-D 'data')");
            }
            return withUniqueNames(images.stream().map(LengthUnits::readable).toList());
        }
    }

    /**
     * The calibration an EMD file gives for one dataset read by path (a series with a frame axis, a stack named
     * {@code file.h5:/path}), from the same metadata and with the same units as {@link #readImages}: a Velox image's
     * {@code Data} (its JSON metadata), or a Berkeley EMD group's {@code data} (its dimension vectors along
     * {@code rowsAxis} and {@code colsAxis}, 0-based). Metres are given in nm, um or mm ({@link LengthUnits}).
     *
     * @return the pixel size, or null when the dataset is neither or its file gives no size
     */
    public static LengthUnits.PixelSize calibration(Hdf5Reader reader, String path, int rowsAxis, int colsAxis)
            throws IOException {
        NamedImage size = VeloxLayout.calibration(reader, path);
        if (size == null) size = BerkeleyLayout.calibration(reader, path, rowsAxis, colsAxis);
        return size == null ? null : LengthUnits.readable(size.pixelSizeX(), size.pixelSizeY(), size.unit());
    }

    static List<NamedImage> withUniqueNames(List<NamedImage> images) {
        Map<String, Integer> seen = new HashMap<>();
        List<NamedImage> renamed = new ArrayList<>(images.size());
        for (NamedImage image : images) {
            int occurrence = seen.merge(image.name(), 1, Integer::sum);
            renamed.add(occurrence == 1 ? image : new NamedImage(image.name() + " #" + occurrence, image.array(),
                image.pixelSizeX(), image.pixelSizeY(), image.unit()));
        }
        return renamed;
    }
}
