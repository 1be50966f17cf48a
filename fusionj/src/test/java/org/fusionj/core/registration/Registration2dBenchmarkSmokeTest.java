package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.fusionj.bench.RegistrationBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The 2-D benchmark runs end to end on a tiny stack and prints its table; it is not itself a benchmark. */
class Registration2dBenchmarkSmokeTest {

    @Test
    @Timeout(120)
    void tinyRunPrintsTheTableWithTheBaseline() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            RegistrationBenchmark.run(out, List.of("registration", "--2d", "--sizes", "64", "--energies", "3",
                    "--seeds", "1", "--magnification", "0", "--threads", "1"));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertTrue(text.contains("| FusionJ ncc similarity | 64 | 1 |"), text);
        // without magnification the translation-only baseline is accurate too
        String pc = text.lines().filter(l -> l.startsWith("| phase correlation")).findFirst().orElseThrow();
        double error = Double.parseDouble(pc.split("\\|")[4].trim());
        assertTrue(error < 0.2, pc);
    }
}
