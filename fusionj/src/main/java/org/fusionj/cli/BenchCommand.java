package org.fusionj.cli;

import java.io.PrintStream;
import java.util.List;

import org.fusionj.bench.ColdStartBenchmark;
import org.fusionj.bench.DictionaryBenchmark;
import org.fusionj.bench.FusionBenchmark;
import org.fusionj.bench.FusionFamilyStudy;
import org.fusionj.bench.RegistrationBenchmark;
import org.fusionj.bench.TomoBenchmark;
import org.fusionj.bench.XanesBenchmark;
import org.fusionj.core.InvalidInputException;

/** {@code fusionj bench KERNEL [options]}: prints benchmark figures; never part of the test suite. */
final class BenchCommand {

    static final String USAGE = FusionBenchmark.USAGE.strip() + System.lineSeparator()
            + XanesBenchmark.USAGE.strip() + System.lineSeparator()
            + RegistrationBenchmark.USAGE.strip() + System.lineSeparator()
            + DictionaryBenchmark.USAGE.strip() + System.lineSeparator()
            + TomoBenchmark.USAGE.strip() + System.lineSeparator()
            + ColdStartBenchmark.USAGE.strip();

    private BenchCommand() {
    }

    static int run(List<String> words, PrintStream out) {
        if (words.isEmpty()) {
            throw new InvalidInputException(
                    "name a benchmark: fusion, fusion-family, xanes, registration, dictionary, tomo or coldstart");
        }
        List<String> rest = words.subList(1, words.size());
        switch (words.get(0)) {
            case "fusion" -> FusionBenchmark.run(out, rest);
            case "fusion-family" -> FusionFamilyStudy.run(out, rest);
            case "xanes" -> XanesBenchmark.run(out, rest);
            case "registration" -> RegistrationBenchmark.run(out, rest);
            case "dictionary" -> DictionaryBenchmark.run(out, rest);
            case "tomo" -> TomoBenchmark.run(out, rest);
            case "coldstart" -> ColdStartBenchmark.run(out, rest);
            default -> throw new InvalidInputException("unknown benchmark '" + words.get(0)
                    + "' (available: fusion, fusion-family, xanes, registration, dictionary, tomo, coldstart)");
        }
        return 0;
    }
}
