package org.fusionj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The benchmark runs end to end on a tiny phantom and prints its Markdown table; it is not itself a benchmark. */
class FusionBenchmarkSmokeTest {

    @Test
    void tinyRunPrintsTheTable() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            FusionBenchmark.run(out, List.of("--sizes", "64", "--repeats", "1", "--dyscO3", "none"));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertTrue(text.contains(FusionBenchmark.TABLE_HEADER), text);
        assertTrue(text.contains("- machine: "), text);
        long rows = text.lines().filter(l -> l.startsWith("| phantom, FusionJ preset | 64 x 64 |")).count();
        int threads = Runtime.getRuntime().availableProcessors();
        assertEquals(threads == 1 ? 1 : 2, rows, text);
    }

    @Test
    void badOptionsAreReported() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(InvalidInputException.class, () -> FusionBenchmark.run(out, List.of("--size", "64")));
        assertThrows(InvalidInputException.class, () -> FusionBenchmark.run(out, List.of("--sizes", "64,x")));
        assertThrows(InvalidInputException.class, () -> FusionBenchmark.run(out, List.of("--repeats", "0")));
        assertThrows(InvalidInputException.class, () -> FusionBenchmark.run(out, List.of("--threads")));
    }
}
