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
        // Every row has the header's cells: SIRT, KL (EM), KL + TV, fuse tilts first, the two fused runs, the two
        // best-comparison ratios and the four ratios baseline / fused.
        long cells = TomoBenchmark.ACCURACY_HEADER.chars().filter(c -> c == '|').count();
        assertEquals(16, cells);
        text.lines().filter(l -> l.startsWith("| 16^3 seed 1, ")).forEach(l -> {
            assertEquals(cells, l.chars().filter(c -> c == '|').count(), l);
            String[] f = l.split("\\|");
            // the ratio columns are the baselines' errors over the fused one
            double fused = Double.parseDouble(f[8].trim());
            for (int b = 0; b < 4; b++) {
                // SIRT, KL (EM), KL + TV, fuse tilts first (columns 4 to 7) over fused (column 8)
                assertEquals(Double.parseDouble(f[4 + b].trim()) / fused, Double.parseDouble(f[12 + b].trim()), 0.02,
                        l);
            }
        });
        assertTrue(text.contains("- KL (EM) best total EM steps: 16^3 seed 1, mixed, dose 1.00: "), text);
    }

    @Test
    void plainEmBaselineIsChemicalKlWithoutTv() {
        var p = TomoBenchmark.plainEm(6);
        assertEquals(org.fusionj.core.tomo.TomoMethod.CHEMICAL_KL, p.method());
        assertTrue(!p.tvStep(), "no TV step");
        assertEquals(6, p.initIterations() + p.iterations());
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
