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
import org.junit.jupiter.api.Timeout;

/** The benchmark runs end to end on tiny phantoms and prints its tables; it is not itself a benchmark. */
class TomoBenchmarkSmokeTest {

    @Test
    @Timeout(300)
    void tinyRunPrintsBothTables() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            TomoBenchmark.run(out, List.of("--sizes", "16", "--iterations", "2", "--threads", "2", "--family", "16",
                    "--seeds", "1"));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertTrue(text.contains(TomoBenchmark.SPEED_HEADER), text);
        assertTrue(text.contains(TomoBenchmark.ACCURACY_HEADER), text);
        assertTrue(text.contains("- load average before: "), text);
        assertEquals(2, text.lines().filter(l -> l.startsWith("| 16^3 | ")).count(), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("| 16^3, separate TV | ")).count(), text);
        // Two phantoms (mixed, spheres), three elements and their mean each.
        assertEquals(8, text.lines().filter(l -> l.startsWith("| 16^3 seed 1, ")).count(), text);
        assertEquals(2, text.lines().filter(l -> l.contains("| **mean** |")).count(), text);
    }

    @Test
    void badOptionsAreReported() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(InvalidInputException.class, () -> TomoBenchmark.run(out, List.of("--sizes", "8")));
        assertThrows(InvalidInputException.class, () -> TomoBenchmark.run(out, List.of("--doses", "0")));
        assertThrows(InvalidInputException.class, () -> TomoBenchmark.run(out, List.of("--family", "x")));
        assertThrows(InvalidInputException.class, () -> TomoBenchmark.run(out, List.of("--bogus", "1")));
        assertThrows(InvalidInputException.class, () -> TomoBenchmark.run(out, List.of("--separate_lambda_tv", "-1")));
    }
}
