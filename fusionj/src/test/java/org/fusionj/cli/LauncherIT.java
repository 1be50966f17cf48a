package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.fusionj.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/fusionj}, the README's demo command, run as a user runs it (after packaging). */
class LauncherIT {

    @TempDir
    Path temp;

    private static Process start(Path workDir, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = TestData.projectDir().resolve("bin/fusionj").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        return new ProcessBuilder(cmd).directory(workDir.toFile()).start();
    }

    @Test
    void demoRunsFromAnyFolderAndWritesEveryOutput() throws Exception {
        Process p = start(temp, "demo");
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "bin/fusionj demo did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out + err);
        assertTrue(out.contains("final costs: HAADF 238.910"), out);
        assertTrue(!err.contains("SLF4J"), "stray logging warnings on stderr: " + err);
        Path results = temp.resolve("fusionj-demo-output");
        for (String f : new String[] {"fused_Sc.tif", "fused_Dy.tif", "fused_O.tif", "model_haadf.tif",
                "convergence.png", "Fused_Reconstruction.h5"}) {
            assertTrue(Files.isRegularFile(results.resolve(f)), "missing " + f);
        }
    }

    @Test
    void badInputExitsWithStatusTwoAndOneLine() throws Exception {
        Process p = start(temp, "fuse", "--haadf", "missing.tif", "--maps", "x.tif", "--elements", "Sc",
                "--out", "o");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(2, p.exitValue(), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("missing.tif"), err);
    }
}
