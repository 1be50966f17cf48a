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

/** The benchmark runs end to end on a tiny phantom and prints its table; it is not itself a benchmark. */
class XanesBenchmarkSmokeTest {

    @Test
    void tinyRunPrintsTheTable() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            XanesBenchmark.run(out, List.of("xanes", "--sizes", "16", "--repeats", "1"));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertTrue(text.contains(XanesBenchmark.TABLE_HEADER), text);
        assertTrue(text.contains("- machine: "), text);
        long rows = text.lines().filter(l -> l.startsWith("| ") && l.contains("| 16^3 x 60 |")).count();
        int threads = Runtime.getRuntime().availableProcessors();
        assertEquals((threads == 1 ? 1 : 2) * 6, rows, text);
        assertTrue(text.contains("| normalisation + half-height | 16^3 x 60 | 1 | 1 |"), text);
    }

    @Test
    void badOptionsAreReported() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(InvalidInputException.class, () -> XanesBenchmark.run(out, List.of("--size", "16")));
        assertThrows(InvalidInputException.class, () -> XanesBenchmark.run(out, List.of("--sizes", "16,x")));
        assertThrows(InvalidInputException.class, () -> XanesBenchmark.run(out, List.of("--sizes", "4")));
        assertThrows(InvalidInputException.class, () -> XanesBenchmark.run(out, List.of("--repeats", "0")));
        assertThrows(InvalidInputException.class, () -> XanesBenchmark.run(out, List.of("--threads")));
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        XanesBenchmark.run(new PrintStream(help, true, StandardCharsets.UTF_8), List.of("--help"));
        assertEquals(XanesBenchmark.USAGE, help.toString(StandardCharsets.UTF_8));
    }
}
