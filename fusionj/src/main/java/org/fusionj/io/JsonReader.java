package org.fusionj.io;

/**
 * Public entry to the small JSON parser: objects become {@code Map}s, arrays {@code List}s, numbers
 * {@code Double}s. For reading FusionJ's own small JSON files (e.g. registration transforms).
 */
public final class JsonReader {

    private JsonReader() {
    }

    /** Parses one JSON value; malformed input raises {@link IllegalArgumentException}. */
    public static Object parse(String text) {
        return MiniJson.parse(text);
    }
}
