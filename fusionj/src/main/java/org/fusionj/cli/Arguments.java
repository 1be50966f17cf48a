package org.fusionj.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.TextValues;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.Param.Route;
import org.fusionj.workflow.schema.Schema;

/**
 * Command-line options of the form {@code --name value}, {@code --name v1 v2 ...} or {@code --flag}. Names are
 * the snake_case parameter names used everywhere in FusionJ; dashes are accepted for underscores
 * ({@code --lambda-tv} is {@code --lambda_tv}).
 */
final class Arguments {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Arguments() {
    }

    /**
     * @param args    the words after the subcommand
     * @param options every accepted option name
     * @param flags   the options that take no value
     */
    static Arguments parse(List<String> args, Set<String> options, Set<String> flags) {
        Arguments parsed = new Arguments();
        String current = null;
        for (String arg : args) {
            if (arg.startsWith("--")) {
                String name = arg.substring(2).replace('-', '_');
                if (!options.contains(name) && !flags.contains(name)) {
                    throw new InvalidInputException("unknown option " + arg);
                }
                if (parsed.values.containsKey(name)) {
                    throw new InvalidInputException("option --" + name + " given twice");
                }
                parsed.values.put(name, new ArrayList<>());
                current = flags.contains(name) ? null : name;
            } else {
                if (current == null) {
                    throw new InvalidInputException("unexpected argument '" + arg + "'");
                }
                parsed.values.get(current).add(arg);
            }
        }
        for (Map.Entry<String, List<String>> e : parsed.values.entrySet()) {
            if (options.contains(e.getKey()) && e.getValue().isEmpty()) {
                throw new InvalidInputException("option --" + e.getKey() + " needs a value");
            }
        }
        return parsed;
    }

    /**
     * Parses with every CLI parameter of {@code schema} accepted (a value each, or none for its switches) besides
     * the command's own {@code options} (files, {@code out}) and {@code flags}.
     */
    static Arguments parse(List<String> args, Schema schema, Set<String> options, Set<String> flags) {
        Set<String> o = new HashSet<>(options);
        Set<String> f = new HashSet<>(flags);
        for (Param p : schema.params(Route.CLI)) {
            (p.isCliSwitch() ? f : o).add(p.name());
        }
        return parse(args, o, f);
    }

    /** The schema's values as the CLI gives them: a switch present reads "true", absent the default. */
    Function<String, String> lookup(Schema schema) {
        return name -> {
            if (schema.has(name) && schema.param(name).isCliSwitch()) {
                return has(name) ? "true" : null;
            }
            return schema.has(name) && !schema.param(name).in(Route.CLI) ? null : value(name);
        };
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The single value of an option, or null when absent. */
    String value(String name) {
        List<String> v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v.size() != 1) {
            throw new InvalidInputException("option --" + name + " takes one value, got " + v.size() + ": " + v);
        }
        return v.get(0);
    }

    String required(String name) {
        String v = value(name);
        if (v == null) {
            throw new InvalidInputException("missing option --" + name);
        }
        return v;
    }

    /** The option as a whole number, or {@code fallback} when absent. */
    int integer(String name, int fallback) {
        String v = value(name);
        return v == null ? fallback : TextValues.integer(name, v);
    }

    /** The option as a number, or {@code fallback} when absent. */
    double number(String name, double fallback) {
        String v = value(name);
        return v == null ? fallback : TextValues.number(name, v);
    }

    /** All values of an option (empty when absent). */
    List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }
}
