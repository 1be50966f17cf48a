package org.fusionj.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds images in Berkeley EMD files (specification 0.2): any group whose attribute
 * {@code emd_group_type} is 1 holds a {@code data} dataset and one dimension vector per axis,
 * {@code dim1} (rows) and {@code dim2} (cols), each with {@code name} and {@code units}
 * attributes. Only 2-D data is returned.
 */
final class BerkeleyLayout {

    private BerkeleyLayout() {}

    /** @return the images, or an empty list if the file has no 2-D EMD data groups */
    static List<NamedImage> readImages(Hdf5Reader reader) throws IOException {
        List<NamedImage> images = new ArrayList<>();
        for (String group : reader.groupPaths()) {
            if (!isDataGroup(reader.attributes(group)) || !reader.exists(group + "/data")) continue;
            NdArray data = reader.readDataset(group + "/data");
            if (data.rank() != 2) continue;
            images.add(pixelSize(reader, group, data, 0, 1));
        }
        return images;
    }

    /**
     * The pixel size a Berkeley EMD data group gives for its {@code data} dataset at {@code path}, whose rows and
     * columns are axes {@code rowsAxis} and {@code colsAxis} (0-based; dimension vector {@code dim<axis+1>}), as the
     * file gives it; null for any other dataset or without spacings. What {@link #readImages} reads for 2-D data
     * (axes 0 and 1), for data read by path with a frame axis.
     */
    static NamedImage calibration(Hdf5Reader reader, String path, int rowsAxis, int colsAxis) throws IOException {
        String group = VeloxLayout.parentOf(path);
        if (group == null || !path.endsWith("/data") || !isDataGroup(reader.attributes(group))) {
            return null;
        }
        NamedImage size = pixelSize(reader, group, null, rowsAxis, colsAxis);
        return size.isCalibrated() ? size : null;
    }

    /** The group's pixel size along the given axes, for {@code data}. */
    private static NamedImage pixelSize(Hdf5Reader reader, String group, NdArray data, int rowsAxis, int colsAxis)
            throws IOException {
        double pixelSizeY = spacing(reader, group + "/dim" + (rowsAxis + 1));
        double pixelSizeX = spacing(reader, group + "/dim" + (colsAxis + 1));
        String unit = units(reader, group + "/dim" + (colsAxis + 1));
        if (unit.isEmpty()) unit = units(reader, group + "/dim" + (rowsAxis + 1));
        return new NamedImage(lastSegment(group), data, pixelSizeX, pixelSizeY, unit);
    }

    private static boolean isDataGroup(Map<String, Object> attributes) {
        double[] type = JhdfArrays.toDoubles(asArray(attributes.get("emd_group_type")));
        return type != null && type.length == 1 && type[0] == 1;
    }

    /** Scalar attributes arrive boxed, 1-element ones as arrays; treat both alike. */
    private static Object asArray(Object value) {
        return value instanceof Number number ? new double[] { number.doubleValue() } : value;
    }

    private static double spacing(Hdf5Reader reader, String dimPath) throws IOException {
        if (!reader.exists(dimPath)) return Double.NaN;
        double[] dim = reader.readDataset(dimPath).data();
        return dim.length >= 2 ? dim[1] - dim[0] : Double.NaN;
    }

    /** EMD writes units with markup, e.g. {@code "[n_m]"} for nanometres; strip it to {@code "nm"}. */
    private static String units(Hdf5Reader reader, String dimPath) throws IOException {
        if (!reader.exists(dimPath)) return "";
        Object units = reader.attributes(dimPath).get("units");
        return units instanceof String text ? text.replaceAll("[\\[\\]_]", "").strip() : "";
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
