package org.fusionj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void notebookCommandsAreTakenInOrderWithTheLabelThatFollowsEach() {
        List<ColdStartBenchmark.NotebookCommand> none = ColdStartBenchmark.notebookCommands(List.of("--rounds", "3"));
        assertTrue(none.isEmpty());
        List<ColdStartBenchmark.NotebookCommand> two = ColdStartBenchmark.notebookCommands(List.of("--rounds", "3",
                "--notebook-command", "PYTHONPATH=x python3 run.py a=b", "--notebook-label", "published notebook",
                "--levers", "--notebook-command", "jupyter nbconvert --execute nb.ipynb"));
        assertEquals(List.of(new ColdStartBenchmark.NotebookCommand("published notebook",
                        "PYTHONPATH=x python3 run.py a=b"),
                new ColdStartBenchmark.NotebookCommand("jupyter nbconvert --execute nb.ipynb",
                        "jupyter nbconvert --execute nb.ipynb")), two, "a command keeps its '=', an unlabelled one "
                + "is labelled by itself");
    }

    @Test
    void notebookOptionsWithoutAValueOrALabelWithoutItsCommandAreRefused() {
        for (List<String> bad : List.of(List.of("--notebook-command"), List.of("--notebook-command", " "),
                List.of("--notebook-label", "x"), List.of("--notebook-command", "a", "--notebook-label", "x",
                        "--notebook-label", "y"), List.of("--notebook-command", "a", "--notebook-label"))) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> ColdStartBenchmark.notebookCommands(bad), bad.toString());
            assertTrue(e.getMessage().contains("--notebook-"), e.getMessage());
        }
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(InvalidInputException.class, () -> ColdStartBenchmark.run(out,
                List.of("--notebook-label", "x", "--notebook-command", "true")), "refused before any process");
    }

    @Test
    void theTableGivesMediansAndRatiosAgainstTheChosenBaselineRow() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        double[][] wall = {{2, 1, 3}, {10, 12, 8}, {1, 2, 4}};
        double[][] cpu = {{1, 1, 1}, {6, 6, 6}, {2, 3, 1}};
        ColdStartBenchmark.table(out, List.of("stand-in", "my | notebook", "fuse"), wall, cpu, 1, true);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertEquals("| stand-in | 2.000 | 1.000 | 1.000 | 5.00 | 6.00 |", lines.get(2));
        assertEquals("| my \\| notebook | 10.000 | 8.000 | 6.000 | 1.00 | 1.00 |", lines.get(3),
                "a | in a label is escaped for markdown");
        assertEquals("| fuse | 2.000 | 1.000 | 2.000 | 5.00 | 3.00 |", lines.get(4));
        bytes.reset();
        ColdStartBenchmark.table(out, List.of("stand-in", "fuse"), new double[][] {{4, 4}, {1, 3}},
                new double[][] {{Double.NaN, Double.NaN}, {Double.NaN, Double.NaN}}, 0, false);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("| fuse | 2.000 | 1.000 | n/a | 2.00 | n/a |"),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(120)
    void aNotebookCommandRunsInANewEmptyFolderAndItsFailureIsReported(@TempDir Path work) throws Exception {
        List<String> sh = List.of("/bin/sh", "-c", "test -z \"$(ls -A)\" && echo empty > made.txt");
        double[] t = ColdStartBenchmark.timeInNewFolder(sh, Map.of(), work.resolve("run-0-1"));
        assertTrue(t[0] >= 0, "wall " + t[0]);
        assertEquals("empty", Files.readString(work.resolve("run-0-1/made.txt")).trim(),
                "the command started in the new folder, and found it empty");
        assertThrows(IOException.class, () -> ColdStartBenchmark.timeInNewFolder(sh, Map.of(),
                work.resolve("run-0-1")), "an existing folder is not reused");
        IOException failed = assertThrows(IOException.class, () -> ColdStartBenchmark.timeInNewFolder(
                List.of("/bin/sh", "-c", "echo no such notebook; exit 3"), Map.of(), work.resolve("run-0-2")));
        assertTrue(failed.getMessage().contains("failed (3)") && failed.getMessage().contains("no such notebook"),
                failed.getMessage());
    }
}
