package org.fusionj.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An enum constant named by a lower-case word (its key) in macros, the CLI, SciJava parameters and files, so that
 * every front-end reads the same words and refuses others with the same message.
 */
public interface Keyed {

    /** The word used in macros, the CLI and files. */
    String key();

    /** Other lower-case words read as this constant (older or longer names); none by default. */
    default List<String> aliases() {
        return List.of();
    }

    /** The constant whose key or alias is {@code text} (trimmed, any case), or null for anything else or null. */
    static <E extends Keyed> E find(E[] values, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (E e : values) {
            if (e.key().equals(t) || e.aliases().contains(t)) {
                return e;
            }
        }
        return null;
    }

    /**
     * The constant named by {@code text} as {@link #find} reads it.
     *
     * @param what the parameter's name in the message, e.g. "coder"
     * @throws InvalidInputException "{@code what} must be a, b or c, got 'text'" for anything else
     */
    static <E extends Keyed> E parse(E[] values, String text, String what) {
        E e = find(values, text);
        if (e == null) {
            throw new InvalidInputException(what + " must be " + oneOf(values) + ", got '" + text + "'");
        }
        return e;
    }

    /** The keys in declaration order. */
    static List<String> keys(Keyed[] values) {
        List<String> keys = new ArrayList<>();
        for (Keyed k : values) {
            keys.add(k.key());
        }
        return keys;
    }

    /** "a or b", "a, b or c": the keys as a message lists them. */
    private static String oneOf(Keyed[] values) {
        return oneOf(keys(values));
    }

    /** "a or b", "a, b or c": words as a refusal lists them (the schema's word choices say it so too). */
    static String oneOf(List<String> keys) {
        int last = keys.size() - 1;
        return last == 0 ? keys.get(0) : String.join(", ", keys.subList(0, last)) + " or " + keys.get(last);
    }
}
