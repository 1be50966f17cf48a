package org.fusionj.workflow.schema;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.workflow.schema.Param.Route;
import org.fusionj.workflow.schema.Param.Type;

/**
 * A schema as people read it: the CLI's option list (usage) and the Markdown table of the docs. The docs carry the
 * table between {@code <!-- schema:OPERATION -->} and {@code <!-- /schema:OPERATION -->}; a test checks that what
 * is there is what {@link #markdownTable} renders now ({@code SchemaDocsTest} with {@code -Dfusionj.updateDocs=true}
 * rewrites the blocks).
 */
public final class SchemaText {

    /** Width the usage lines are wrapped to. */
    private static final int WIDTH = 112;

    private SchemaText() {
    }

    /** "  --name VALUES [default]   --other ...", wrapped, for the CLI's parameters of {@code schema}. */
    public static String cliOptions(Schema schema) {
        List<String> tokens = new ArrayList<>();
        for (Param p : schema.params(Route.CLI)) {
            tokens.add(cliToken(p));
        }
        return wrap(tokens, "  ");
    }

    private static String cliToken(Param p) {
        String flag = "--" + p.name();
        if (p.isCliSwitch()) {
            return flag;
        }
        String value = switch (p.type()) {
            case BOOLEAN -> "true|false";
            case CHOICE -> p.choices().size() <= 6 ? String.join("|", p.choices())
                    : p.choices().get(0) + "|...|" + p.choices().get(p.choices().size() - 1);
            case INTEGER -> "N";
            case NUMBER -> p.autoWord() != null ? p.autoWord() + "|X" : "X";
            case TEXT -> "TEXT";
        };
        if (value.contains(" ")) {
            value = "\"" + value + "\"";
        }
        String range = p.rangeText().isEmpty() || p.type() == Type.CHOICE ? "" : " (" + usageRange(p) + ")";
        String def = p.defaultText() == null || p.defaultText().isEmpty() ? "" : " [" + p.defaultText() + "]";
        return flag + " " + value + range + def;
    }

    /** "1 to 10" for a closed range, else the bounds spelt out: "> 0, <= 1000". */
    private static String usageRange(Param p) {
        boolean lo = p.min() != Double.NEGATIVE_INFINITY;
        boolean hi = p.max() != Double.POSITIVE_INFINITY;
        if (lo && hi && !p.minExclusive() && !p.maxExclusive()) {
            return p.rangeText();
        }
        String low = lo ? (p.minExclusive() ? "> " : ">= ") + Param.format(p.min()) : "";
        String high = hi ? (p.maxExclusive() ? "< " : "<= ") + Param.format(p.max()) : "";
        return low.isEmpty() ? high : high.isEmpty() ? low : low + ", " + high;
    }

    private static String wrap(List<String> tokens, String indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String t : tokens) {
            if (line.length() > indent.length() && line.length() + 3 + t.length() > WIDTH) {
                out.append(line).append(System.lineSeparator());
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append("   ");
            }
            line.append(t);
        }
        if (line.length() > indent.length()) {
            out.append(line).append(System.lineSeparator());
        }
        return out.toString();
    }

    /** The docs' table: name, default, range or choices, unit, meaning; one row per parameter, in dialog order. */
    public static String markdownTable(Schema schema) {
        StringBuilder b = new StringBuilder();
        b.append("| name | default | values | meaning |\n");
        b.append("|---|---|---|---|\n");
        for (Param p : schema.params()) {
            b.append("| `").append(p.name()).append("` | ").append(cell(defaultCell(p))).append(" | ")
                    .append(cell(valuesCell(p))).append(" | ").append(cell(meaning(p))).append(" |\n");
        }
        return b.toString();
    }

    private static String defaultCell(Param p) {
        if (p.defaultText() == null || p.defaultText().isEmpty()) {
            return "";
        }
        return switch (p.type()) {
            case BOOLEAN -> Boolean.parseBoolean(p.defaultText()) ? "on" : "off";
            case CHOICE, TEXT -> "`" + p.defaultText() + "`";
            default -> p.isAuto(p.defaultText()) ? "`" + p.defaultText() + "`" : p.defaultText();
        };
    }

    private static String valuesCell(Param p) {
        String unit = p.unit().isEmpty() ? "" : " " + p.unit();
        return switch (p.type()) {
            case BOOLEAN -> "on, off";
            case CHOICE -> "`" + String.join("`, `", p.choices()) + "`";
            case TEXT -> "text" + unit;
            case INTEGER, NUMBER -> {
                String kind = p.type() == Type.INTEGER ? "whole number" : "number";
                String range = p.rangeText().isEmpty() ? kind : p.rangeText();
                yield range + unit + (p.autoWord() != null ? ", or `" + p.autoWord() + "`" : "");
            }
        };
    }

    private static String meaning(Param p) {
        List<String> notes = new ArrayList<>();
        if (!p.in(Route.CLI)) {
            notes.add("not on the CLI");
        }
        if (!p.in(Route.DIALOG)) {
            notes.add("not in the dialog");
        }
        if (!p.in(Route.SCIJAVA)) {
            notes.add("not in the SciJava command");
        }
        if (p.isCliSwitch()) {
            notes.add("CLI: the switch `--" + p.name() + "`");
        }
        String help = p.help();
        return notes.isEmpty() ? help : help + (help.isEmpty() ? "" : " ") + "(" + String.join("; ", notes) + ")";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** The marker lines around an operation's table in the docs. */
    public static String beginMarker(String operation) {
        return "<!-- schema:" + operation + " (generated from the schema; refresh: mvn -o -q -pl fusionj test "
                + "-Dtest=SchemaDocsTest -Dfusionj.updateDocs=true) -->";
    }

    public static String endMarker(String operation) {
        return "<!-- /schema:" + operation + " -->";
    }

    /**
     * {@code doc} with every marked block replaced by the current table of its schema; blocks of operations not
     * in {@code schemas} are left alone.
     */
    public static String refresh(String doc, List<Schema> schemas) {
        String out = doc;
        for (Schema s : schemas) {
            String begin = "<!-- schema:" + s.operation() + " ";
            int b = out.indexOf(begin);
            if (b < 0) {
                continue;
            }
            int e = out.indexOf(endMarker(s.operation()), b);
            if (e < 0) {
                throw new IllegalStateException("no end marker " + endMarker(s.operation()));
            }
            out = out.substring(0, b) + beginMarker(s.operation()) + "\n" + markdownTable(s)
                    + out.substring(e);
        }
        return out;
    }
}
