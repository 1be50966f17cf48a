package org.fusionj.cli;

import java.io.PrintStream;
import java.util.List;

import org.fusionj.bench.FusionBenchmark;
import org.fusionj.core.InvalidInputException;

/** {@code fusionj bench KERNEL [options]}: prints benchmark figures; never part of the test suite. */
final class BenchCommand {

    static final String USAGE = FusionBenchmark.USAGE.strip();

    private BenchCommand() {
    }

    static int run(List<String> words, PrintStream out) {
        if (words.isEmpty()) {
            throw new InvalidInputException("name a benchmark: fusion");
        }
        String kernel = words.get(0);
        if (!kernel.equals("fusion")) {
            throw new InvalidInputException("unknown benchmark '" + kernel + "' (available: fusion)");
        }
        FusionBenchmark.run(out, words.subList(1, words.size()));
        return 0;
    }
}
