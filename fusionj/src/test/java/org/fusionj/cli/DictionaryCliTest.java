package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.dictionary.DictionaryFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fusionj learn} and {@code fusionj enhance}: files in, files out, one-line errors. */
class DictionaryCliTest {

    @TempDir
    Path temp;

    private Path stem;
    private Path txm;

    @BeforeEach
    void crops() throws Exception {
        stem = temp.resolve("stem.tif");
        txm = temp.resolve("txm.tif");
        OutputFolder.saveTiff(DictionaryFixtures.crop("stem_train.npy", 96, "stem"), stem);
        OutputFolder.saveTiff(DictionaryFixtures.crop("txm_degraded.npy", 96, "txm"), txm);
    }

    @Test
    void learnsThenEnhances() {
        Path dict = temp.resolve("dict.tif");
        CliRun r = CliRun.of("learn", "--stem", stem.toString(), "--out", dict.toString(), "--mode", "coupled",
                "--txm", txm.toString(), "--atoms", "80", "--steps", "20", "--batch", "64", "--training_patches",
                "2000", "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("learnt a coupled dictionary: 80 atoms of 8 x 8"), r.out());
        assertTrue(Files.isRegularFile(dict));
        Path out = temp.resolve("enhanced.tif");
        r = CliRun.of("enhance", "--txm", txm.toString(), "--dictionary", dict.toString(), "--out", out.toString(),
                "--coder", "omp", "--error_target", "auto", "--quiet");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("omp to residual RMS"), r.out());
        assertTrue(r.out().contains("7921 patches"), r.out());
        assertTrue(Files.isRegularFile(out));
        // an existing output is refused, as one line with status 2
        r = CliRun.of("enhance", "--txm", txm.toString(), "--dictionary", dict.toString(), "--out", out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains(out + " already exists") && r.err().contains("overwrite"), r.err());
    }

    @Test
    void badInputGivesStatusTwoAndOneLine() {
        oneLine(CliRun.of("learn", "--stem", stem.toString(), "--out", temp.resolve("d.tif").toString(), "--atoms",
                "0"), "atoms");
        oneLine(CliRun.of("learn", "--stem", stem.toString(), "--out", temp.resolve("d.tif").toString(), "--patch",
                "200"), "patch must be at most 32");
        oneLine(CliRun.of("enhance", "--txm", txm.toString(), "--dictionary", stem.toString(), "--out",
                temp.resolve("e.tif").toString()), "not a FusionJ dictionary");
        oneLine(CliRun.of("enhance", "--txm", txm.toString(), "--dictionary", stem.toString(), "--out",
                temp.resolve("e.tif").toString(), "--alpha", "-1"), "alpha");
    }

    private static void oneLine(CliRun r, String expected) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }
}
