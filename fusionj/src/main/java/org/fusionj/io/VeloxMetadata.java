package org.fusionj.io;

import java.nio.charset.StandardCharsets;

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
     * (shape (length, frames)); the first frame's column is used.
     */
    static VeloxMetadata fromDataset(NdArray bytes) {
        return fromJson(jsonText(bytes));
    }

    /** The text of a Velox JSON dataset: NUL-padded UTF-8 bytes of shape (length, frames), first column. */
    static String jsonText(NdArray bytes) {
        int stride = bytes.rank() == 2 ? bytes.shape()[1] : 1;
        int length = bytes.rank() == 0 ? 0 : bytes.shape()[0];
        byte[] text = new byte[length];
        int used = 0;
        while (used < length && bytes.data()[used * stride] != 0) {
            text[used] = (byte) bytes.data()[used * stride];
            used++;
        }
        return new String(text, 0, used, StandardCharsets.UTF_8);
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
