package org.fusionj.io;

/**
 * The few fields FusionJ takes from the JSON metadata Velox stores beside each image:
 * {@code BinaryResult.Detector} and {@code BinaryResult.PixelSize.width/height} (in metres,
 * written as strings). Anything missing or unparsable is simply left unknown, because the
 * image itself is still perfectly usable.
 *
 * @param detector the detector name, or {@code null} if unknown
 * @param pixelWidth the pixel width in {@code unit}, or NaN
 * @param pixelHeight the pixel height in {@code unit}, or NaN
 * @param unit the pixel size unit, or "" if the size is unknown
 */
record VeloxMetadata(String detector, double pixelWidth, double pixelHeight, String unit) {

    static final VeloxMetadata UNKNOWN = new VeloxMetadata(null, Double.NaN, Double.NaN, "");

    /**
     * Decodes the metadata dataset: a byte array of NUL-padded JSON text, one column per frame
     * (shape (length, frames)); the first frame's column is used ({@link VeloxJsonDataset}).
     */
    static VeloxMetadata fromDataset(NdArray bytes) {
        return fromJson(VeloxJsonDataset.decode(bytes));
    }

    static VeloxMetadata fromJson(String json) {
        Object root;
        try {
            root = MiniJson.parse(json);
        } catch (IllegalArgumentException malformed) {
            return UNKNOWN;
        }
        String detector = MiniJson.path(root, "BinaryResult", "Detector") instanceof String name && !name.isBlank()
            ? name : null;
        double width = toDouble(MiniJson.path(root, "BinaryResult", "PixelSize", "width"));
        double height = toDouble(MiniJson.path(root, "BinaryResult", "PixelSize", "height"));
        String unit = "";
        if (!Double.isNaN(width) || !Double.isNaN(height)) {
            unit = MiniJson.path(root, "BinaryResult", "PixelUnitX") instanceof String u && !u.isBlank() ? u : "m";
        }
        return new VeloxMetadata(detector, width, height, unit);
    }

    /** Velox writes numbers as strings, but accept real JSON numbers too. */
    static double toDouble(Object value) {
        if (value instanceof Number number) return number.doubleValue();
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException notANumber) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
