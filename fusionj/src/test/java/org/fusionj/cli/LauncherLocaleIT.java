package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.fusionj.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/fusionj} reads files with non-ASCII names even when started under LANG=C (a plain ASCII locale). */
class LauncherLocaleIT {

    @TempDir
    Path temp;

    @Test
    @Timeout(300)
    void nonAsciiPathsWorkUnderTheCLocale() throws Exception {
        Path tiff = temp.resolve("échantillon_µm.tif");
        Files.copy(TestData.projectDir().resolve("test-data/dictionary/stem_crop128.tif"), tiff);
        // a STEM image is not a dictionary: the run must read the file (by its non-ASCII name) and refuse it
        ProcessBuilder pb = new ProcessBuilder(TestData.projectDir().resolve("bin/fusionj").toString(), "enhance",
                "--dictionary", tiff.toString(), "--txm", tiff.toString(), "--out", temp.resolve("o.tif").toString())
                .directory(temp.toFile());
        pb.environment().put("LANG", "C");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "bin/fusionj did not finish");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertFalse(err.contains("Malformed"), err);
        assertEquals(2, p.exitValue(), err);
        assertTrue(err.contains("échantillon_µm.tif"), err);
        assertEquals(1, err.lines().count(), err);
    }
}
