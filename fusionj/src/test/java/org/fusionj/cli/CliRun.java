package org.fusionj.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One in-process run of the command line, with what it printed. */
record CliRun(int status, String out, String err) {

    /** {@code command}, then {@code words} (e.g. the input options of a test), then {@code more}. */
    static CliRun of(String command, List<String> words, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(command));
        all.addAll(words);
        all.addAll(List.of(more));
        return of(all.toArray(String[]::new));
    }

    /** Asserts a refusal: status 2 and one line on stderr holding every fragment. */
    void assertRefused(String... fragments) {
        org.junit.jupiter.api.Assertions.assertEquals(2, status, "expected status 2: " + out + err);
        String line = err.strip();
        org.junit.jupiter.api.Assertions.assertEquals(1, line.lines().count(), line);
        for (String f : fragments) {
            org.junit.jupiter.api.Assertions.assertTrue(line.contains(f), "'" + f + "' missing from: " + line);
        }
    }

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = FusionJCli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
