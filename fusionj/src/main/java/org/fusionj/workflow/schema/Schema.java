package org.fusionj.workflow.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Keyed;
import org.fusionj.workflow.TextValues;
import org.fusionj.workflow.schema.Param.Route;
import org.fusionj.workflow.schema.Param.Type;

/**
 * The parameters of one operation, in the order its dialog shows them, and the one reader every front-end uses:
 * the CLI passes its {@code --name value} options, the dialog the values it read, the SciJava command its fields
 * ({@code SciJavaInputs}), a macro its options; {@link #read} applies defaults, auto words, ranges and choices and
 * refuses anything else with the same one-line message in every route. The operation's {@code *Keys} class turns
 * the {@link ParamValues} into its parameter record. Usage text and the docs' parameter tables are rendered from
 * the same declaration ({@link SchemaText}).
 */
public final class Schema {

    private final String operation;
    private final Map<String, Param> params = new LinkedHashMap<>();

    private Schema(String operation, List<Param> list) {
        this.operation = operation;
        for (Param p : list) {
            if (params.put(p.name(), p) != null) {
                throw new IllegalArgumentException(operation + ": parameter " + p.name() + " declared twice");
            }
        }
    }

    /** @param operation a short name, e.g. "fuse" (docs markers, Prefs keys of the dialog's memory) */
    public static Schema of(String operation, Param... params) {
        return new Schema(operation, List.of(params));
    }

    /** This schema plus {@code more} (e.g. the options every operation shares, such as {@code threads}). */
    public Schema with(Param... more) {
        List<Param> all = new ArrayList<>(params.values());
        all.addAll(List.of(more));
        return new Schema(operation, all);
    }

    /** This schema without the named parameters (e.g. the two-volume registration has no init_neighbour). */
    public Schema without(String... names) {
        List<Param> all = new ArrayList<>(params.values());
        all.removeIf(p -> List.of(names).contains(p.name()));
        return new Schema(operation, all);
    }

    /** This schema under another operation name (its own docs table and dialog memory). */
    public Schema named(String newOperation) {
        return new Schema(newOperation, new ArrayList<>(params.values()));
    }

    public String operation() {
        return operation;
    }

    /** Every parameter in declaration order. */
    public List<Param> params() {
        return List.copyOf(params.values());
    }

    /** The parameters one front-end has, in order. */
    public List<Param> params(Route route) {
        return params.values().stream().filter(p -> p.in(route)).toList();
    }

    /** The parameter called {@code name}. */
    public Param param(String name) {
        Param p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException(operation + " has no parameter " + name);
        }
        return p;
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    /**
     * Reads every parameter from text values looked up by name: null means the default, and so does a blank
     * number, choice or boolean (a blank text stays blank, e.g. "no methods"); the auto word
     * means automatic; numbers and whole numbers are parsed and range-checked, choices checked, booleans read as
     * true/false/yes/no/on/off/1/0.
     *
     * @throws InvalidInputException "NAME must be ..., got VALUE" for the first value refused
     */
    public ParamValues read(Function<String, String> lookup) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Boolean> given = new LinkedHashMap<>();
        for (Param p : params.values()) {
            String raw = lookup.apply(p.name());
            // Blank text is a value (e.g. no methods); a blank number, choice or boolean means the default.
            boolean isGiven = raw != null && (p.type() == Type.TEXT || !raw.isBlank());
            given.put(p.name(), isGiven);
            values.put(p.name(), value(p, isGiven ? raw.trim() : p.defaultText()));
        }
        return new ParamValues(this, values, given);
    }

    /** The defaults, read as {@link #read} reads an empty lookup. */
    public ParamValues defaults() {
        return read(name -> null);
    }

    private static Object value(Param p, String text) {
        if (text == null) {
            return null;
        }
        if (p.isAuto(text)) {
            return p.type() == Type.NUMBER ? Double.NaN : ParamValues.AUTO;
        }
        return switch (p.type()) {
            case NUMBER -> checked(p, TextValues.number(p.name(), text));
            case INTEGER -> (long) checked(p, integer(p, text));
            case BOOLEAN -> TextValues.bool(p.name(), text);
            case CHOICE -> choice(p, text);
            case TEXT -> text;
        };
    }

    /** Whole numbers as the CLI and macros type them: "30", also "30.0" (a dialog's numeric field). */
    private static long integer(Param p, String text) {
        String t = text.trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException notLong) {
            double d = TextValues.number(p.name(), t);
            if (d != Math.rint(d) || Math.abs(d) > 9e15) {
                throw new InvalidInputException(p.name() + " must be a whole number, got '" + text + "'");
            }
            return (long) d;
        }
    }

    private static double checked(Param p, double v) {
        if (p.inRange(v)) {
            return v;
        }
        boolean low = p.minExclusive() ? !(v > p.min()) : !(v >= p.min());
        String got = ", got " + Param.format(v);
        if (p.type() == Type.INTEGER) {
            throw new InvalidInputException(p.name() + (low ? " must be at least " + Param.format(p.min())
                    : " must be at most " + Param.format(p.max())) + rangeHint(p) + got);
        }
        String bound;
        if (low) {
            bound = p.min() == 0 && p.minExclusive() ? "a positive number"
                    : "a number " + (p.minExclusive() ? "> " : ">= ") + Param.format(p.min());
        } else {
            bound = "a number " + (p.maxExclusive() ? "< " : "<= ") + Param.format(p.max());
        }
        return fail(p.name() + " must be " + bound + rangeHint(p) + got);
    }

    /** " (0 to 10)" when both bounds exist, so the message shows the whole range. */
    private static String rangeHint(Param p) {
        boolean both = p.min() != Double.NEGATIVE_INFINITY && p.max() != Double.POSITIVE_INFINITY;
        return both ? " (range " + p.rangeText() + (p.unit().isEmpty() ? "" : " " + p.unit()) + ")" : "";
    }

    private static double fail(String message) {
        throw new InvalidInputException(message);
    }

    /**
     * A choice's listed word: Keyed choices through {@link Keyed#parse}; word choices in any case or in one of their
     * other spellings; anything else refused with the same words as a Keyed choice ("NAME must be a, b or c, got
     * 'x'"), so a typo stops in every front-end before any file is read.
     */
    private static String choice(Param p, String text) {
        Keyed[] keyed = p.keyed();
        if (keyed != null) {
            return Keyed.parse(keyed, text, p.name()).key();
        }
        for (String c : p.choices()) {
            if (c.equalsIgnoreCase(text)) {
                return c;
            }
        }
        String other = p.otherSpelling(text);
        if (other != null) {
            return other;
        }
        throw new InvalidInputException(p.name() + " must be " + Keyed.oneOf(p.choices()) + ", got '" + text + "'");
    }
}
