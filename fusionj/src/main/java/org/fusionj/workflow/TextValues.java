package org.fusionj.workflow;

import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/** Parameter values typed as text (CLI flags, macro options), parsed with a message naming the parameter. */
public final class TextValues {

    private TextValues() {
    }

    public static double number(String key, String v) {
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be a number, got '" + v + "'");
        }
    }

    public static int integer(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be a whole number, got '" + v + "'");
        }
    }

    public static boolean bool(String key, String v) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new InvalidInputException(key + " must be true or false, got '" + v + "'");
        };
    }
}
