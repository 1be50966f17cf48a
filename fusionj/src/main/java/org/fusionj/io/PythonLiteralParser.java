package org.fusionj.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small subset of Python literal syntax that appears in NPY headers: dicts, tuples,
 * lists, quoted strings, integers (with an optional legacy {@code L} suffix), floats,
 * {@code True}, {@code False} and {@code None}.
 * <p>
 * Results are {@link Map} (insertion ordered), {@link List} (for tuples and lists), {@link String},
 * {@link Long}, {@link Double}, {@link Boolean}, or {@code null}. Nesting is capped so that a
 * hostile header cannot exhaust the stack.
 */
final class PythonLiteralParser {

    private static final int MAX_DEPTH = 32;

    private final String text;
    private final String sourceName;
    private int pos;
    private int depth;

    private PythonLiteralParser(String text, String sourceName) {
        this.text = text;
        this.sourceName = sourceName;
    }

    /** Parses {@code text}, which must be a single dict literal optionally surrounded by whitespace. */
    static Map<String, Object> parseDict(String text, String sourceName) throws FileFormatException {
        PythonLiteralParser parser = new PythonLiteralParser(text, sourceName);
        parser.skipWhitespace();
        if (!parser.peekIs('{')) throw parser.error("expected the header to start with '{'");
        Object value = parser.parseValue();
        parser.skipWhitespace();
        if (parser.pos != text.length()) throw parser.error("unexpected text after the closing '}'");
        @SuppressWarnings("unchecked")
        Map<String, Object> dict = (Map<String, Object>) value;
        return dict;
    }

    private Object parseValue() throws FileFormatException {
        skipWhitespace();
        if (pos >= text.length()) throw error("unexpected end of header");
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> parseNested(this::parseDictBody);
            case '(' -> parseNested(() -> parseSequence(')'));
            case '[' -> parseNested(() -> parseSequence(']'));
            case '\'', '"' -> parseString();
            default -> parseAtom();
        };
    }

    private interface NestedParser {
        Object parse() throws FileFormatException;
    }

    private Object parseNested(NestedParser body) throws FileFormatException {
        if (++depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH + " levels");
        pos++; // the opening bracket
        Object value = body.parse();
        depth--;
        return value;
    }

    private Map<String, Object> parseDictBody() throws FileFormatException {
        Map<String, Object> dict = new LinkedHashMap<>();
        while (!consumeIf('}')) {
            Object key = parseValue();
            if (!(key instanceof String name)) throw error("expected a quoted dict key");
            skipWhitespace();
            if (!consumeIf(':')) throw error("expected ':' after key '" + name + "'");
            dict.put(name, parseValue());
            skipWhitespace();
            if (!peekIs('}') && !consumeIf(',')) throw error("expected ',' or '}' after the value of '" + name + "'");
        }
        return dict;
    }

    private List<Object> parseSequence(char close) throws FileFormatException {
        List<Object> items = new ArrayList<>();
        while (!consumeIf(close)) {
            items.add(parseValue());
            skipWhitespace();
            if (!peekIs(close) && !consumeIf(',')) throw error("expected ',' or '" + close + "'");
        }
        return items;
    }

    private String parseString() throws FileFormatException {
        char quote = text.charAt(pos++);
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) return value.toString();
            if (c == '\\' && pos < text.length()) c = text.charAt(pos++);
            value.append(c);
        }
        throw error("unterminated string");
    }

    private Object parseAtom() throws FileFormatException {
        int start = pos;
        while (pos < text.length() && isAtomChar(text.charAt(pos))) pos++;
        String token = text.substring(start, pos);
        switch (token) {
            case "True": return Boolean.TRUE;
            case "False": return Boolean.FALSE;
            case "None": return null;
            case "": throw error("unexpected character '" + text.charAt(pos) + "'");
            default: return parseNumber(token);
        }
    }

    private Object parseNumber(String token) throws FileFormatException {
        String digits = token.endsWith("L") ? token.substring(0, token.length() - 1) : token;
        try {
            if (digits.matches("[+-]?\\d+")) return Long.parseLong(digits);
            return Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            throw error("'" + token + "' is not a number in the supported range");
        }
    }

    private static boolean isAtomChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '+' || c == '-' || c == '_';
    }

    private void skipWhitespace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private boolean peekIs(char c) {
        skipWhitespace();
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean consumeIf(char c) throws FileFormatException {
        skipWhitespace();
        if (pos >= text.length()) throw error("unexpected end of header");
        if (text.charAt(pos) != c) return false;
        pos++;
        return true;
    }

    private FileFormatException error(String problem) {
        return new FileFormatException(sourceName, "malformed header: " + problem + " at character " + pos
            + " of " + abbreviate(text));
    }

    /** The header as one printable line: control and non-ASCII characters of a damaged header become '?'. */
    private static String abbreviate(String text) {
        String trimmed = text.strip().replaceAll("[^\\x20-\\x7e]", "?");
        return trimmed.length() <= 120 ? trimmed : trimmed.substring(0, 117) + "...";
    }
}
