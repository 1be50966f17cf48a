package org.fusionj.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ImageJ stores in a TIFF beyond the pixels: the ImageDescription ("ImageJ=1.54p\nimages=12\nslices=3\n
 * frames=4\nunit=micron\nspacing=0.5\n...") and the private tags 50838/50839 holding the Info text, the slice
 * labels and the image properties. Damaged metadata is ignored, as ImageJ does; the pixels are checked elsewhere.
 */
final class TiffImageJMetadata {

    private static final int MAGIC = 0x494a494a; // "IJIJ"
    private static final int INFO = 0x696e666f; // "info"
    private static final int LABELS = 0x6c61626c; // "labl"
    private static final int PROPERTIES = 0x70726f70; // "prop"

    /** The key=value lines of an ImageJ description, or empty when the description is not ImageJ's. */
    final Map<String, String> description = new LinkedHashMap<>();
    String info;
    final List<String> labels = new ArrayList<>();
    final List<String[]> properties = new ArrayList<>();

    static TiffImageJMetadata of(TiffDirectory dir, ByteOrder order) {
        TiffImageJMetadata m = new TiffImageJMetadata();
        byte[] text = dir.bytes(TiffDirectory.DESCRIPTION);
        if (text != null) {
            String s = new String(text, StandardCharsets.UTF_8);
            if (s.startsWith("ImageJ=")) {
                for (String line : s.split("\n")) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        m.description.put(line.substring(0, eq).trim(),
                                unescape(line.substring(eq + 1).replace("\0", "").trim()));
                    }
                }
            }
        }
        long[] counts = dir.numbers(TiffDirectory.IJ_METADATA_COUNTS);
        byte[] data = dir.bytes(TiffDirectory.IJ_METADATA);
        if (counts != null && data != null) {
            try {
                m.readPrivateTags(counts, data, order);
            } catch (RuntimeException damaged) {
                m.info = null;
                m.labels.clear();
                m.properties.clear();
            }
        }
        return m;
    }

    /**
     * A description value with ImageJ's {@code \\uXXXX} escapes decoded: ImageJ writes the micrometre as the ASCII
     * text {@code unit=\\u00B5m} and reads it back through {@link java.util.Properties}, which decodes the escape;
     * without this a TIFF ImageJ (or FusionJ) saved in micrometres reopened with the six-letter unit "\\u00B5m".
     * Only a backslash, {@code u} and four hex digits is decoded; anything else is kept as written.
     */
    static String unescape(String value) {
        if (value.indexOf("\\u") < 0) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '\\' && i + 6 <= value.length() && value.charAt(i + 1) == 'u'
                    && isHex(value, i + 2, i + 6)) {
                sb.append((char) Integer.parseInt(value.substring(i + 2, i + 6), 16));
                i += 6;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private void readPrivateTags(long[] counts, byte[] data, ByteOrder order) {
        ByteBuffer head = ByteBuffer.wrap(data).order(order);
        if (counts.length < 1 || counts[0] < 4 || counts[0] > data.length || head.getInt(0) != MAGIC) {
            return;
        }
        int types = (int) ((counts[0] - 4) / 8);
        long pos = counts[0];
        int item = 1;
        for (int t = 0; t < types; t++) {
            int type = head.getInt(4 + 8 * t);
            int n = head.getInt(8 + 8 * t);
            if (n < 0 || n > counts.length) {
                return;
            }
            for (int k = 0; k < n; k++) {
                if (item >= counts.length) {
                    return;
                }
                long len = counts[item++];
                if (len < 0 || pos + len > data.length) {
                    return;
                }
                String s = switch (type) {
                    case INFO, LABELS, PROPERTIES -> new String(data, (int) pos, (int) len,
                            order == ByteOrder.BIG_ENDIAN ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
                    default -> null;
                };
                if (type == INFO) {
                    info = s;
                } else if (type == LABELS) {
                    labels.add(s);
                } else if (type == PROPERTIES) {
                    if (k % 2 == 0) {
                        properties.add(new String[] {s, ""});
                    } else if (!properties.isEmpty()) {
                        properties.get(properties.size() - 1)[1] = s;
                    }
                }
                pos += len;
            }
        }
    }

    /** An integer entry of the description, or {@code fallback}. */
    int integer(String key, int fallback) {
        String v = description.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A real entry of the description, or NaN. */
    double real(String key) {
        String v = description.get(key);
        if (v == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    boolean isImageJ() {
        return !description.isEmpty();
    }
}
