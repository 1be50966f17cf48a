package org.fusionj.workflow.schema;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.fusionj.core.Keyed;

/**
 * One parameter of an operation, declared once: its name (the macro key, the CLI flag {@code --name}, the SciJava
 * field and the HDF5/JSON attribute), type, default, range, choices, unit and help. Immutable: every {@code with}
 * method returns a changed copy, so declarations read as one expression:
 *
 * <pre>{@code
 * Param.number("lambda_tv", 0.15).above(0).atMost(100).digits(4).help("TV strength; usually below 0.2")
 * }</pre>
 *
 * <p>Front-ends never interpret values themselves: they hand the text of each value to {@link Schema#read}, which
 * applies defaults, the range and the choices, and refuses anything else with one line naming the parameter.
 */
public final class Param {

    /** How a value is typed and shown. */
    public enum Type {
        /** A real number; shown as a numeric field (a text field when it has an "auto" word). */
        NUMBER,
        /** A whole number; shown as a numeric field without decimals. */
        INTEGER,
        /** On or off; a checkbox, {@code --name true|false} on the CLI (or a switch, see {@link #cliSwitch()}). */
        BOOLEAN,
        /** One word of a fixed list; a choice. */
        CHOICE,
        /** Free text (lists, windows "from,to", file names); a text field. */
        TEXT
    }

    /** The front-ends a parameter appears in. */
    public enum Route {
        /** {@code bin/fusionj}: {@code --name value}. */
        CLI,
        /** The ImageJ 1.x dialog and its macro options. */
        DIALOG,
        /** The SciJava command's {@code @Parameter} field. */
        SCIJAVA
    }

    /** The declaration's values; a Param never changes its own, every {@code with} method copies them. */
    private static final class Fields implements Cloneable {
        String name;
        Type type;
        String defaultText;
        double min = Double.NEGATIVE_INFINITY;
        boolean minExclusive;
        double max = Double.POSITIVE_INFINITY;
        boolean maxExclusive;
        List<String> choices = List.of();
        Keyed[] keyed;
        /** Other spellings of a word choice: the choice they mean, or null (see {@link Param#otherSpellings}). */
        java.util.function.UnaryOperator<String> otherSpellings;
        String autoWord;
        Double sciJavaAuto;
        String unit = "";
        String help = "";
        int digits;
        int columns;
        String dialogUnit;
        Set<Route> routes = EnumSet.allOf(Route.class);
        boolean cliSwitch;

        @Override
        protected Fields clone() {
            try {
                return (Fields) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Fields f;

    private Param(Fields f) {
        this.f = f;
    }

    private static Param of(String name, Type type, String defaultText) {
        Fields f = new Fields();
        f.name = name;
        f.type = type;
        f.defaultText = defaultText;
        f.digits = type == Type.NUMBER ? 3 : 0;
        f.columns = type == Type.TEXT ? 12 : 6;
        return new Param(f);
    }

    /** A copy with {@code change} applied. */
    private Param with(java.util.function.Consumer<Fields> change) {
        Fields copy = f.clone();
        change.accept(copy);
        return new Param(copy);
    }

    /** A real number with its default. */
    public static Param number(String name, double defaultValue) {
        return of(name, Type.NUMBER, format(defaultValue));
    }

    /** A real number whose default is the word {@code auto} (NaN once read), e.g. "auto = 1 / number of elements". */
    public static Param autoNumber(String name, String auto) {
        return of(name, Type.NUMBER, auto).auto(auto);
    }

    /** A whole number with its default. */
    public static Param integer(String name, long defaultValue) {
        return of(name, Type.INTEGER, Long.toString(defaultValue));
    }

    /** On or off. */
    public static Param bool(String name, boolean defaultValue) {
        return of(name, Type.BOOLEAN, Boolean.toString(defaultValue));
    }

    /** One of the keys of a {@link Keyed} enum (aliases accepted when read, the key given back). */
    public static <E extends Enum<E> & Keyed> Param choice(String name, E[] values, E defaultValue) {
        return of(name, Type.CHOICE, defaultValue.key()).with(x -> {
            x.choices = Keyed.keys(values);
            x.keyed = values;
        });
    }

    /**
     * One of a list of words (e.g. edge labels "Mn K"): the reader takes a listed word in any case and gives back
     * its listed spelling, and refuses any other word with one line naming the parameter, the word and the choices
     * (as for {@link Keyed} choices). Other spellings a parser further down has always read are declared with
     * {@link #otherSpellings}.
     */
    public static Param choice(String name, List<String> choices, String defaultValue) {
        if (!choices.contains(defaultValue)) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " is not one of " + choices);
        }
        return of(name, Type.CHOICE, defaultValue).with(x -> x.choices = List.copyOf(choices));
    }

    /** Free text; {@code defaultValue} may be null (nothing given: the operation decides, e.g. "the preset's"). */
    public static Param text(String name, String defaultValue) {
        return of(name, Type.TEXT, defaultValue);
    }

    // ---- declaration -----------------------------------------------------------------------------------------

    /** The choices in the order a dialog lists them (the same words as declared, e.g. the most general first). */
    public Param listed(String... order) {
        if (!new java.util.HashSet<>(List.of(order)).equals(new java.util.HashSet<>(f.choices))) {
            throw new IllegalArgumentException(f.name + ": " + List.of(order) + " are not the choices " + f.choices);
        }
        return with(x -> x.choices = List.of(order));
    }

    /**
     * Other spellings of a word choice that recorded macros and scripts may hold (e.g. {@code mn_k} for "Mn K",
     * {@code 2} for "last"): {@code canonical} returns the listed word a text means, or null for none of them.
     */
    public Param otherSpellings(java.util.function.UnaryOperator<String> canonical) {
        if (f.type != Type.CHOICE || f.keyed != null) {
            throw new IllegalArgumentException(f.name + ": other spellings are for word choices (Keyed enums have "
                    + "aliases)");
        }
        return with(x -> x.otherSpellings = canonical);
    }

    /** Values must be &gt;= {@code v}. */
    public Param atLeast(double v) {
        return with(x -> {
            x.min = v;
            x.minExclusive = false;
        });
    }

    /** Values must be &gt; {@code v}. */
    public Param above(double v) {
        return with(x -> {
            x.min = v;
            x.minExclusive = true;
        });
    }

    /** Values must be &lt;= {@code v}. */
    public Param atMost(double v) {
        return with(x -> {
            x.max = v;
            x.maxExclusive = false;
        });
    }

    /** Values must be &lt; {@code v}. */
    public Param below(double v) {
        return with(x -> {
            x.max = v;
            x.maxExclusive = true;
        });
    }

    /** Values from {@code lo} to {@code hi}, both included. */
    public Param range(double lo, double hi) {
        return atLeast(lo).atMost(hi);
    }

    /** The word (e.g. "auto") that asks the operation to choose; read as NaN for numbers. */
    public Param auto(String word) {
        return with(x -> x.autoWord = word);
    }

    /**
     * The number the SciJava field holds for {@link #auto} (a numeric field cannot hold a word): that value, and
     * any value beyond the range on its side, reads as auto. E.g. {@code noise = -1}.
     */
    public Param sciJavaAuto(double v) {
        return with(x -> x.sciJavaAuto = v);
    }

    /** The physical unit, e.g. "eV", "voxels" (docs and usage). */
    public Param unit(String u) {
        return with(x -> x.unit = u);
    }

    /** What the parameter does and when to change it (docs, usage, SciJava description). */
    public Param help(String h) {
        return with(x -> x.help = h);
    }

    /** Decimals shown in the dialog's numeric field (and so written by the macro recorder). */
    public Param digits(int d) {
        return with(x -> x.digits = d);
    }

    /** The dialog field's width in characters, and the text shown right of a numeric field (or null). */
    public Param field(int cols, String unitText) {
        return with(x -> {
            x.columns = cols;
            x.dialogUnit = unitText;
        });
    }

    /** Only these front-ends have the parameter (e.g. the dialog's {@code colour_bar}). */
    public Param only(Route first, Route... rest) {
        return with(x -> x.routes = EnumSet.of(first, rest));
    }

    /** On the CLI a switch without a value ({@code --median}); absent means the default (false). */
    public Param cliSwitch() {
        return with(x -> x.cliSwitch = true);
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    public String name() {
        return f.name;
    }

    public Type type() {
        return f.type;
    }

    /** The default as text ("0.15", "true", "auto", "Mn K"); null for a text parameter without one. */
    public String defaultText() {
        return f.defaultText;
    }

    /** Lower bound (-infinity when none); see {@link #minExclusive()}. */
    public double min() {
        return f.min;
    }

    public boolean minExclusive() {
        return f.minExclusive;
    }

    /** Upper bound (+infinity when none); see {@link #maxExclusive()}. */
    public double max() {
        return f.max;
    }

    public boolean maxExclusive() {
        return f.maxExclusive;
    }

    public boolean hasRange() {
        return f.min != Double.NEGATIVE_INFINITY || f.max != Double.POSITIVE_INFINITY;
    }

    /** The words of a choice, in the order a dialog lists them. */
    public List<String> choices() {
        return f.choices;
    }

    /** The word that asks for an automatic value, or null. */
    public String autoWord() {
        return f.autoWord;
    }

    /** The SciJava field's stand-in number for auto, or null. */
    public Double sciJavaAutoValue() {
        return f.sciJavaAuto;
    }

    public String unit() {
        return f.unit;
    }

    public String help() {
        return f.help;
    }

    public int digits() {
        return f.digits;
    }

    public int columns() {
        return f.columns;
    }

    public String dialogUnit() {
        return f.dialogUnit;
    }

    public boolean in(Route route) {
        return f.routes.contains(route);
    }

    public boolean isCliSwitch() {
        return f.cliSwitch;
    }

    /** Whether {@code text} is this parameter's auto word (any case). */
    public boolean isAuto(String text) {
        return f.autoWord != null && text != null && text.trim().equalsIgnoreCase(f.autoWord);
    }

    /** The Keyed enum constants of a choice, or null. */
    Keyed[] keyed() {
        return f.keyed;
    }

    /** The listed word {@code text} means by {@link #otherSpellings}, or null. */
    String otherSpelling(String text) {
        String c = f.otherSpellings == null ? null : f.otherSpellings.apply(text);
        return c != null && f.choices.contains(c) ? c : null;
    }

    /** Whether {@code v} lies in the range. */
    public boolean inRange(double v) {
        return (f.minExclusive ? v > f.min : v >= f.min) && (f.maxExclusive ? v < f.max : v <= f.max);
    }

    /** "0 to 10", "> 0", ">= 1", "[0, 1)": the range as the docs and usage print it; empty when unbounded. */
    public String rangeText() {
        boolean lo = f.min != Double.NEGATIVE_INFINITY;
        boolean hi = f.max != Double.POSITIVE_INFINITY;
        if (lo && hi) {
            if (!f.minExclusive && !f.maxExclusive) {
                return format(f.min) + " to " + format(f.max);
            }
            return (f.minExclusive ? "(" : "[") + format(f.min) + ", " + format(f.max) + (f.maxExclusive ? ")" : "]");
        }
        if (lo) {
            return (f.minExclusive ? "> " : ">= ") + format(f.min);
        }
        if (hi) {
            return (f.maxExclusive ? "< " : "<= ") + format(f.max);
        }
        return "";
    }

    /** A number as the schema writes it: "0.15", "30", "1e+06" as "1000000". */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    @Override
    public String toString() {
        return f.name + " (" + f.type.name().toLowerCase(Locale.ROOT) + ", default " + f.defaultText
                + (rangeText().isEmpty() ? "" : ", " + rangeText()) + ")";
    }
}
