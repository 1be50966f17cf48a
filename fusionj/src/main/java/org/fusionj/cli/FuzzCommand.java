package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.fusionj.core.InvalidInputException;
import org.fusionj.io.fuzz.Family;
import org.fusionj.io.fuzz.ReaderFuzz;

/**
 * {@code fusionj fuzz [--per-family N] [--seed S] [--families npy,tiff,...] [--timeout_ms T]}: a developer command
 * that opens N damaged files of each family through the readers every command uses and prints a table (family,
 * files, clean refusals, opened, failures, slowest file), then the failures. Exit 0 when nothing failed, 1 otherwise.
 */
final class FuzzCommand {

    static final String USAGE = """
            usage: fusionj fuzz [--per-family N] [--seed S] [--families npy,npz,hdf5,emd,tiff] [--timeout_ms T]
              opens N damaged files per family (default 300, seed 1) through FusionJ's readers and prints a table;
              every file must open or be refused with one clear line within T ms (default 30000); exit 1 if not
            """;

    private FuzzCommand() {
    }

    static int run(List<String> words, PrintStream out) throws IOException {
        Arguments args = Arguments.parse(words, Set.of("per_family", "seed", "families", "timeout_ms"), Set.of());
        int perFamily = args.integer("per_family", 300);
        if (perFamily < 1 || perFamily > 1_000_000) {
            throw new InvalidInputException("--per-family must be 1 to 1000000, got " + perFamily);
        }
        long seed = (long) args.number("seed", 1);
        long timeout = (long) args.number("timeout_ms", 30_000);
        if (timeout < 100) {
            throw new InvalidInputException("--timeout_ms must be at least 100, got " + timeout);
        }
        List<Family> families = new ArrayList<>();
        if (args.has("families")) {
            for (String f : args.value("families").split(",")) {
                try {
                    families.add(Family.valueOf(f.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("unknown family '" + f + "' (npy, npz, hdf5, emd, tiff)");
                }
            }
        } else {
            families.addAll(List.of(Family.values()));
        }
        Path scratch = Files.createTempDirectory("fusionj-fuzz");
        Runtime rt = Runtime.getRuntime();
        out.printf(Locale.ROOT, "## Reader fuzz: %d damaged files per family, seed %d%n%n", perFamily, seed);
        out.printf(Locale.ROOT, "- machine: %d processors, max heap %d MiB, Java %s, %s %s; load average at start"
                + " %.2f%n", rt.availableProcessors(), rt.maxMemory() >> 20, System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.println();
        out.println("| family | files | clean refusals | (by the watchdog) | opened OK | failures | slowest file ms |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        List<String> failures = new ArrayList<>();
        List<String> slowest = new ArrayList<>();
        List<String> watchdog = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (Family family : families) {
                ReaderFuzz.Result r = ReaderFuzz.run(family, perFamily, seed, scratch, timeout);
                out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d |%n", family, r.files(), r.cleanRefusals(),
                        r.watchdogRefusals().size(), r.opened(), r.failureCount(), r.slowestMillis());
                out.flush();
                failures.addAll(r.failures());
                watchdog.addAll(r.watchdogRefusals());
                slowest.add(family + ": " + r.slowestMutation());
            }
        } finally {
            try (var left = Files.list(scratch)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(scratch);
        }
        out.println();
        out.printf(Locale.ROOT, "- wall time %.1f s; load average at end %.2f%n", (System.nanoTime() - t0) / 1e9,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (String s : slowest) {
            out.println("- slowest " + s);
        }
        for (String w : watchdog) {
            out.println("- stopped by the watchdog: " + w);
        }
        for (String f : failures) {
            out.println("- FAILURE " + f);
        }
        return failures.isEmpty() ? 0 : 1;
    }
}
