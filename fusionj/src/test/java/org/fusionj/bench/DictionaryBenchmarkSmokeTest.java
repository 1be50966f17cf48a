package org.fusionj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.DictionaryReference;
import org.junit.jupiter.api.Test;

/** The benchmark runs end to end on a tiny crop with a few learning steps; it is not itself a benchmark. */
class DictionaryBenchmarkSmokeTest {

    @Test
    void tinyRunPrintsTheTable() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            DictionaryBenchmark.run(out, List.of("dictionary", "--sizes", "32", "--repeats", "1", "--threads", "1",
                    "--steps", "2", "--data", DictionaryReference.folder().toString()));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(DictionaryBenchmark.TABLE_HEADER), text);
        assertTrue(text.contains("| learn plain, 2 steps | 512^2 | 1 | 1 |"), text);
        assertTrue(text.contains("| learn coupled, 2 steps | 512^2 | 1 | 1 |"), text);
        assertTrue(text.contains("| OMP, 2 atoms, every patch | 32^2 (625 patches) | 1 | 1 |"), text);
        assertEquals(4, text.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| case")).count(), text);
    }

    @Test
    void badOptionsAreReported() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(InvalidInputException.class, () -> DictionaryBenchmark.run(out, List.of("--steps", "0")));
        assertThrows(InvalidInputException.class, () -> DictionaryBenchmark.run(out, List.of("--sizes", "4")));
        assertThrows(InvalidInputException.class, () -> DictionaryBenchmark.run(out, List.of("--data",
                "/nonexistent")));
    }
}
