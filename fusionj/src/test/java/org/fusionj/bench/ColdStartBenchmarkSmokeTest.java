package org.fusionj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the cold-start benchmark decides before it starts processes: which JDK a java is (its rows are labelled and
 * its archive kind chosen by it, as bin/fusionj chooses) and its refusals. Its full run starts some forty processes
 * and is not part of the test suite (docs/benchmarks.md).
 */
class ColdStartBenchmarkSmokeTest {

    @Test
    @Timeout(60)
    void featureVersionOfAJavaIsReadAsBinFusionjReadsIt() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertEquals(Runtime.version().feature(), ColdStartBenchmark.featureVersion(java));
        assertEquals(0, ColdStartBenchmark.featureVersion("/no/such/java"));
    }

    @Test
    @Timeout(60)
    void leverRowsPutTheirOptionsBeforeTheOutputFolderAndRunTheScript() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<ColdStartBenchmark.Config> rows = ColdStartBenchmark.leverConfigs("bin/fusionj", Path.of("d.npz"), java);
        assertEquals(4, rows.size());
        for (ColdStartBenchmark.Config row : rows) {
            List<String> cmd = row.command();
            assertEquals("bin/fusionj", cmd.get(0));
            assertEquals("--out", cmd.get(cmd.size() - 1), "the folder is appended after --out: " + cmd);
            assertEquals("1", cmd.get(cmd.indexOf("--threads") + 1), row.name());
            assertEquals(java, row.env().get("FUSIONJ_JAVA"));
            assertTrue(row.fuses());
        }
        assertEquals("-XX:TieredStopAtLevel=1", rows.get(1).env().get("FUSIONJ_JAVA_OPTS"));
        assertEquals(ColdStartBenchmark.LATE_LIBRARY_JIT, rows.get(3).env().get("FUSIONJ_JAVA_OPTS"));
        List<String> plain = ColdStartBenchmark.fuseArgs(Path.of("d.npz"), List.of());
        assertEquals(List.of("fuse", "--haadf", "d.npz", "--maps", "d.npz", "--elements", "Sc,Dy,O", "--preset",
                "tutorial", "--quiet", "--out"), plain);
    }

    @Test
    @Timeout(300)
    void stepsRunEveryStepOfAFuseAndPrintTheirTimes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ColdStartBenchmark.run(out, List.of("--steps", "--threads", "1", "--home",
                TestData.projectDir().toString()));
        String text = bytes.toString(StandardCharsets.UTF_8);
        for (String step : List.of("JVM start", "read the NPZ", "solve (1 thread)", "three ImageJ plots", "five TIFFs",
                "draw the convergence figure", "PNG", "HDF5 record", "total")) {
            assertTrue(text.contains("| " + step), step + " missing in:\n" + text);
        }
    }

    @Test
    void badOptionsAreRefusedBeforeAnyProcess() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ColdStartBenchmark.run(out, List.of("--rounds", "0")));
        assertTrue(e.getMessage().contains("--rounds"), e.getMessage());
        for (List<String> bad : List.of(List.of("--rounds", "x"), List.of("--steps", "--threads", "two"))) {
            InvalidInputException notANumber = assertThrows(InvalidInputException.class,
                    () -> ColdStartBenchmark.run(out, bad));
            assertTrue(notANumber.getMessage().contains(bad.get(bad.size() - 2) + " must be a whole number"),
                    notANumber.getMessage());
        }
    }
}
