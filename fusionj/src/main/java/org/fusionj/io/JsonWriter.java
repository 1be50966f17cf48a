package org.fusionj.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes small JSON documents (job files, Zarr metadata and attributes): maps (keys in their iteration order),
 * lists, double arrays, numbers (17 significant digits, so doubles round-trip; non-finite as null), booleans and
 * strings. Indented two spaces per level; lists on one line. The counterpart of {@link JsonReader}.
 */
public final class JsonWriter {

    private JsonWriter() {
    }

    /** The document for {@code value}, with a final newline. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int level) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            sb.append("{");
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            for (int i = 0; i < entries.size(); i++) {
                sb.append(i == 0 ? "\n" : ",\n").append("  ".repeat(level + 1));
                quote(sb, String.valueOf(entries.get(i).getKey()));
                sb.append(": ");
                write(sb, entries.get(i).getValue(), level + 1);
            }
            sb.append(entries.isEmpty() ? "}" : "\n" + "  ".repeat(level) + "}");
        } else if (v instanceof List<?> l) {
            sb.append("[");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                write(sb, l.get(i), level + 1);
            }
            sb.append("]");
        } else if (v instanceof double[] a) {
            sb.append("[");
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(number(a[i]));
            }
            sb.append("]");
        } else if (v instanceof Number n) {
            sb.append(number(n.doubleValue()));
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else {
            quote(sb, v.toString());
        }
    }

    /** A number as JSON: integers without a fraction, others with 17 significant digits; non-finite as null. */
    public static String number(double d) {
        if (!Double.isFinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%.17g", d).replaceFirst("0+$", "").replaceFirst("\\.$", ".0")
                .replace("e+", "e");
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
