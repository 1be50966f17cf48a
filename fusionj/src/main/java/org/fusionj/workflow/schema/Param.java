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

    private final String name;
    private final Type type;
    private final String defaultText;
    private final double min;
    private final boolean minExclusive;
    private final double max;
    private final boolean maxExclusive;
    private final List<String> choices;
    private final Keyed[] keyed;
    private final String autoWord;
    private final Double sciJavaAuto;
    private final String unit;
    private final String help;
    private final int digits;
    private final int columns;
    private final String dialogUnit;
    private final Set<Route> routes;
    private final boolean cliSwitch;

    private Param(String name, Type type, String defaultText, double min, boolean minExclusive, double max,
            boolean maxExclusive, List<String> choices, Keyed[] keyed, String autoWord, Double sciJavaAuto,
            String unit, String help, int digits, int columns, String dialogUnit, Set<Route> routes,
            boolean cliSwitch) {
        this.name = name;
        this.type = type;
        this.defaultText = defaultText;
        this.min = min;
        this.minExclusive = minExclusive;
        this.max = max;
        this.maxExclusive = maxExclusive;
        this.choices = choices;
        this.keyed = keyed;
        this.autoWord = autoWord;
        this.sciJavaAuto = sciJavaAuto;
        this.unit = unit;
        this.help = help;
        this.digits = digits;
        this.columns = columns;
        this.dialogUnit = dialogUnit;
        this.routes = routes;
        this.cliSwitch = cliSwitch;
    }

    private static Param of(String name, Type type, String defaultText) {
        return new Param(name, type, defaultText, Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false,
                List.of(), null, null, null, "", "", type == Type.NUMBER ? 3 : 0, type == Type.TEXT ? 12 : 6, null,
                EnumSet.allOf(Route.class), false);
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
        Param p = of(name, Type.CHOICE, defaultValue.key());
        return p.copy(p.min, p.minExclusive, p.max, p.maxExclusive, Keyed.keys(values), values, p.autoWord,
                p.sciJavaAuto, p.unit, p.help, p.digits, p.columns, p.dialogUnit, p.routes, p.cliSwitch);
    }

    /** One of a list of words that a parser further down checks itself (e.g. edge labels "Mn K"). */
    public static Param choice(String name, List<String> choices, String defaultValue) {
        Param p = of(name, Type.CHOICE, defaultValue);
        return p.copy(p.min, p.minExclusive, p.max, p.maxExclusive, List.copyOf(choices), null, p.autoWord,
                p.sciJavaAuto, p.unit, p.help, p.digits, p.columns, p.dialogUnit, p.routes, p.cliSwitch);
    }

    /** Free text; {@code defaultValue} may be null (nothing given: the operation decides, e.g. "the preset's"). */
    public static Param text(String name, String defaultValue) {
        return of(name, Type.TEXT, defaultValue);
    }

    private Param copy(double min, boolean minExclusive, double max, boolean maxExclusive, List<String> choices,
            Keyed[] keyed, String autoWord, Double sciJavaAuto, String unit, String help, int digits, int columns,
            String dialogUnit, Set<Route> routes, boolean cliSwitch) {
        return new Param(name, type, defaultText, min, minExclusive, max, maxExclusive, choices, keyed, autoWord,
                sciJavaAuto, unit, help, digits, columns, dialogUnit, routes, cliSwitch);
    }

    // ---- declaration -----------------------------------------------------------------------------------------

    /** The choices in the order a dialog lists them (the same words as declared, e.g. the most general first). */
    public Param listed(String... order) {
        if (!new java.util.HashSet<>(List.of(order)).equals(new java.util.HashSet<>(choices))) {
            throw new IllegalArgumentException(name + ": " + List.of(order) + " are not the choices " + choices);
        }
        return copy(min, minExclusive, max, maxExclusive, List.of(order), keyed, autoWord, sciJavaAuto, unit, help,
                digits, columns, dialogUnit, routes, cliSwitch);
    }

    /** Values must be &gt;= {@code v}. */
    public Param atLeast(double v) {
        return copy(v, false, max, maxExclusive, choices, keyed, autoWord, sciJavaAuto, unit, help, digits,
                columns, dialogUnit, routes, cliSwitch);
    }

    /** Values must be &gt; {@code v}. */
    public Param above(double v) {
        return copy(v, true, max, maxExclusive, choices, keyed, autoWord, sciJavaAuto, unit, help, digits,
                columns, dialogUnit, routes, cliSwitch);
    }

    /** Values must be &lt;= {@code v}. */
    public Param atMost(double v) {
        return copy(min, minExclusive, v, false, choices, keyed, autoWord, sciJavaAuto, unit, help, digits,
                columns, dialogUnit, routes, cliSwitch);
    }

    /** Values must be &lt; {@code v}. */
    public Param below(double v) {
        return copy(min, minExclusive, v, true, choices, keyed, autoWord, sciJavaAuto, unit, help, digits,
                columns, dialogUnit, routes, cliSwitch);
    }

    /** Values from {@code lo} to {@code hi}, both included. */
    public Param range(double lo, double hi) {
        return atLeast(lo).atMost(hi);
    }

    /** The word (e.g. "auto") that asks the operation to choose; read as NaN for numbers. */
    public Param auto(String word) {
        return copy(min, minExclusive, max, maxExclusive, choices, keyed, word, sciJavaAuto, unit, help, digits,
                columns, dialogUnit, routes, cliSwitch);
    }

    /**
     * The number the SciJava field holds for {@link #auto} (a numeric field cannot hold a word): that value, and
     * any value beyond the range on its side, reads as auto. E.g. {@code noise = -1}.
     */
    public Param sciJavaAuto(double v) {
        return copy(min, minExclusive, max, maxExclusive, choices, keyed, autoWord, v, unit, help, digits, columns,
                dialogUnit, routes, cliSwitch);
    }

    /** The physical unit, e.g. "eV", "voxels" (docs and usage). */
    public Param unit(String u) {
        return copy(min, minExclusive, max, maxExclusive, choices, keyed, autoWord, sciJavaAuto, u, help, digits,
                columns, dialogUnit, routes, cliSwitch);
    }

    /** What the parameter does and when to change it (docs, usage, SciJava description). */
    public Param help(String h) {
        return copy(min, minExclusive, max, maxExclusive, choices, keyed, autoWord, sciJavaAuto, unit, h, digits,
                columns, dialogUnit, routes, cliSwitch);
    }

    /** Decimals shown in the dialog's numeric field (and so written by the macro recorder). */
    public Param digits(int d) {
        return copy(min, minExclusive, max, maxExclusive, choices, keyed, autoWord, sciJavaAuto, unit, help, d,
                columns, dialogUnit, routes, cliSwitch);
    }

    /** The dialog field's width in characters, and the text shown right of a numeric field (or null). */
    public Param field(int cols, String unitText) {
        return copy(min, minExclusive, max, maxExclusive, choices, keyed, autoWord, sciJavaAuto, unit, help, digits,
                cols, unitText, routes, cliSwitch);
    }

    /** Only these front-ends have the parameter (e.g. the dialog's {@code colour_bar}). */
    public Param only(Route first, Route... rest) {
        return copy(min, minExclusive, max, maxExclusive, choices, keyed, autoWord, sciJavaAuto, unit, help, digits,
                columns, dialogUnit, EnumSet.of(first, rest), cliSwitch);
    }

    /** On the CLI a switch without a value ({@code --median}); absent means the default (false). */
    public Param cliSwitch() {
        return copy(min, minExclusive, max, maxExclusive, choices, keyed, autoWord, sciJavaAuto, unit, help, digits,
                columns, dialogUnit, routes, true);
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    /** The default as text ("0.15", "true", "auto", "Mn K"); null for a text parameter without one. */
    public String defaultText() {
        return defaultText;
    }

    /** Lower bound (-infinity when none); see {@link #minExclusive()}. */
    public double min() {
        return min;
    }

    public boolean minExclusive() {
        return minExclusive;
    }

    /** Upper bound (+infinity when none); see {@link #maxExclusive()}. */
    public double max() {
        return max;
    }

    public boolean maxExclusive() {
        return maxExclusive;
    }

    public boolean hasRange() {
        return min != Double.NEGATIVE_INFINITY || max != Double.POSITIVE_INFINITY;
    }

    /** The words of a choice, in the order a dialog lists them. */
    public List<String> choices() {
        return choices;
    }

    /** The word that asks for an automatic value, or null. */
    public String autoWord() {
        return autoWord;
    }

    /** The SciJava field's stand-in number for auto, or null. */
    public Double sciJavaAutoValue() {
        return sciJavaAuto;
    }

    public String unit() {
        return unit;
    }

    public String help() {
        return help;
    }

    public int digits() {
        return digits;
    }

    public int columns() {
        return columns;
    }

    public String dialogUnit() {
        return dialogUnit;
    }

    public boolean in(Route route) {
        return routes.contains(route);
    }

    public boolean isCliSwitch() {
        return cliSwitch;
    }

    /** Whether {@code text} is this parameter's auto word (any case). */
    public boolean isAuto(String text) {
        return autoWord != null && text != null && text.trim().equalsIgnoreCase(autoWord);
    }

    /** The Keyed enum constants of a choice, or null. */
    Keyed[] keyed() {
        return keyed;
    }

    /** Whether {@code v} lies in the range. */
    public boolean inRange(double v) {
        return (minExclusive ? v > min : v >= min) && (maxExclusive ? v < max : v <= max);
    }

    /** "0 to 10", "> 0", ">= 1", "[0, 1)": the range as the docs and usage print it; empty when unbounded. */
    public String rangeText() {
        boolean lo = min != Double.NEGATIVE_INFINITY;
        boolean hi = max != Double.POSITIVE_INFINITY;
        if (lo && hi) {
            if (!minExclusive && !maxExclusive) {
                return format(min) + " to " + format(max);
            }
            return (minExclusive ? "(" : "[") + format(min) + ", " + format(max) + (maxExclusive ? ")" : "]");
        }
        if (lo) {
            return (minExclusive ? "> " : ">= ") + format(min);
        }
        if (hi) {
            return (maxExclusive ? "< " : "<= ") + format(max);
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
        return name + " (" + type.name().toLowerCase(Locale.ROOT) + ", default " + defaultText
                + (rangeText().isEmpty() ? "" : ", " + rangeText()) + ")";
    }
}
