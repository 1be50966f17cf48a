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

/** The benchmark runs end to end on small phantoms and prints its tables; it is not itself a benchmark. */
class RegistrationBenchmarkSmokeTest {

    @Test
    void smallRunPrintsBothTables() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            RegistrationBenchmark.run(out, List.of("registration", "--sizes", "64", "--repeats", "1", "--threads",
                    "2", "--energies", "3", "--series_size", "64"));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("| pair, affine mix | 64^3 | 1 | 1 |"), text);
        assertTrue(text.contains("| pair, affine mix | 64^3 | 2 | 1 |"), text);
        assertEquals(2, text.lines().filter(l -> l.startsWith("| series, drift | 64^3 | 3 |")).count(), text);
    }

    @Test
    void badOptionsAreReported() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(InvalidInputException.class, () -> RegistrationBenchmark.run(out, List.of("--sizes", "32")));
        assertThrows(InvalidInputException.class, () -> RegistrationBenchmark.run(out, List.of("--energies", "x")));
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        RegistrationBenchmark.run(new PrintStream(help, true, StandardCharsets.UTF_8), List.of("--help"));
        assertEquals(RegistrationBenchmark.USAGE, help.toString(StandardCharsets.UTF_8));
    }
}
