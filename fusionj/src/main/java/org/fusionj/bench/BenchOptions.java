package org.fusionj.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.fusionj.core.InvalidInputException;

/** The options the benchmarks share: --sizes, --repeats, --threads and --help. */
final class BenchOptions {
    List<Integer> sizes;
    /** Timed runs per row, or 0 to let the benchmark choose within its time budget. */
    int repeats;
    int threads = Runtime.getRuntime().availableProcessors();
    boolean help;
    private final String usage;

    private BenchOptions(List<Integer> defaultSizes, String usage) {
        this.sizes = defaultSizes;
        this.usage = usage;
    }

    /**
     * A benchmark's {@code main}: runs {@code benchmark} on standard output; options it refuses are printed to
     * standard error with exit code 2.
     */
    static void runMain(String[] args, BiConsumer<PrintStream, List<String>> benchmark) {
        try {
            benchmark.accept(System.out, List.of(args));
        } catch (InvalidInputException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Parses {@code args}.
     *
     * @param command      the subcommand name, accepted (and dropped) as the first argument
     * @param usage        the usage text appended to the messages about unknown or incomplete options
     * @param defaultSizes the sizes without --sizes
     * @param minSize      the smallest size allowed
     * @param maxSize      the largest size allowed
     * @param sizeRule     the allowed sizes in words, as in "--sizes: each size must be {@code sizeRule}, got 4"
     * @param extra        the benchmark's own options, each with the consumer of its value
     * @throws InvalidInputException for an unknown or malformed option
     */
    static BenchOptions parse(List<String> args, String command, String usage, List<Integer> defaultSizes,
                              int minSize, int maxSize, String sizeRule, Map<String, Consumer<String>> extra) {
        BenchOptions o = new BenchOptions(defaultSizes, usage);
        List<String> a = new ArrayList<>(args);
        if (!a.isEmpty() && a.get(0).equals(command)) {
            a.remove(0);
        }
        for (int i = 0; i < a.size(); i++) {
            String key = a.get(i);
            if (key.equals("--help") || key.equals("-h")) {
                o.help = true;
                continue;
            }
            if (!key.equals("--sizes") && !key.equals("--repeats") && !key.equals("--threads")
                    && !extra.containsKey(key)) {
                throw new InvalidInputException("unknown option '" + key + "'\n" + usage);
            }
            if (i + 1 >= a.size()) {
                throw new InvalidInputException(key + " needs a value\n" + usage);
            }
            String value = a.get(++i);
            switch (key) {
                case "--sizes" -> o.sizes = parseSizes(value, minSize, maxSize, sizeRule);
                case "--repeats" -> o.repeats = positiveInt(key, value);
                case "--threads" -> o.threads = positiveInt(key, value);
                default -> extra.get(key).accept(value);
            }
        }
        return o;
    }

    /** Prints the usage text if --help was given; then the benchmark runs nothing. */
    boolean printHelp(PrintStream out) {
        if (help) {
            out.print(usage);
        }
        return help;
    }

    /** 1 and the multi-threaded count, or only 1 when that is 1. */
    int[] threadCounts() {
        return threads == 1 ? new int[] {1} : new int[] {1, threads};
    }

    private static List<Integer> parseSizes(String value, int minSize, int maxSize, String sizeRule) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : value.split(",")) {
            int s = positiveInt("--sizes", part.trim());
            if (s < minSize || s > maxSize) {
                throw new InvalidInputException("--sizes: each size must be " + sizeRule + ", got " + s);
            }
            sizes.add(s);
        }
        return List.copyOf(sizes);
    }

    /** {@code value} as a whole number of at least 1; the message names {@code key}. */
    static int positiveInt(String key, String value) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(key + " needs a positive whole number, got '" + value + "'");
    }

    /** {@code value} as a whole number of at least {@code min}; the message names {@code key}. */
    static int wholeNumber(String key, String value, int min) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(key + " needs a whole number of at least " + min + ", got '" + value + "'");
    }
}
