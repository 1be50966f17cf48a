package org.fusionj.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately small JSON parser for the metadata blobs embedded in microscopy files, so that
 * FusionJ needs no JSON library. Objects become {@link LinkedHashMap}s, arrays {@link List}s,
 * numbers {@link Double}s; strings, booleans and null map as expected. Trailing text after the
 * first value (such as NUL padding) is ignored. Malformed input raises
 * {@link IllegalArgumentException}.
 */
final class MiniJson {

    private static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;
    private int depth;

    private MiniJson(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        return new MiniJson(text).value();
    }

    /**
     * Follows object keys from {@code root}, e.g. {@code path(json, "BinaryResult", "Detector")}.
     *
     * @return the value found, or {@code null} if any step is missing or not an object
     */
    static Object path(Object root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> object)) return null;
            current = object.get(key);
        }
        return current;
    }

    private Object value() {
        skipWhitespace();
        if (pos >= text.length()) throw error("unexpected end");
        char c = text.charAt(pos);
        if (c == '{' || c == '[') {
            if (++depth > MAX_DEPTH) throw error("nested too deeply");
            Object container = c == '{' ? object() : array();
            depth--;
            return container;
        }
        if (c == '"') return string();
        if (text.startsWith("true", pos)) return literal("true", Boolean.TRUE);
        if (text.startsWith("false", pos)) return literal("false", Boolean.FALSE);
        if (text.startsWith("null", pos)) return literal("null", null);
        return number();
    }

    private Map<String, Object> object() {
        Map<String, Object> object = new LinkedHashMap<>();
        pos++;
        if (consume('}')) return object;
        do {
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != '"') throw error("expected a key");
            String key = string();
            if (!consume(':')) throw error("expected ':'");
            object.put(key, value());
        } while (consume(','));
        if (!consume('}')) throw error("expected ',' or '}'");
        return object;
    }

    private List<Object> array() {
        List<Object> array = new ArrayList<>();
        pos++;
        if (consume(']')) return array;
        do {
            array.add(value());
        } while (consume(','));
        if (!consume(']')) throw error("expected ',' or ']'");
        return array;
    }

    private String string() {
        StringBuilder value = new StringBuilder();
        pos++; // opening quote
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') return value.toString();
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (pos >= text.length()) break;
            char escaped = text.charAt(pos++);
            switch (escaped) {
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'u' -> {
                    if (pos + 4 > text.length()) throw error("truncated \\u escape");
                    value.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> value.append(escaped); // \" \\ \/
            }
        }
        throw error("unterminated string");
    }

    private Object literal(String word, Object value) {
        pos += word.length();
        return value;
    }

    private Double number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) pos++;
        try {
            return Double.valueOf(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("expected a value");
        }
    }

    private boolean consume(char c) {
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("invalid JSON: " + problem + " at character " + pos);
    }
}
