package org.fusionj.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusionj.io.NdArray;
import org.fusionj.io.NpyReader;

/** Where the tests find the bundled data and the team's reference outputs. */
public final class TestData {

    private TestData() {
    }

    /**
     * The repository's top folder (test-data/, macros/, docs/, bin/ and, beside it, ../shared). Maven runs the tests
     * in the module folder and passes the top folder as {@code fusionj.repo}; run from an IDE, the module folder's
     * parent is taken.
     */
    public static Path projectDir() {
        String repo = System.getProperty("fusionj.repo");
        Path module = Path.of("").toAbsolutePath();
        return (repo != null ? Path.of(repo).toAbsolutePath() : module.getParent()).normalize();
    }

    /** The bundled DyScO3 HAADF + X-EDS archive. */
    public static Path dyscO3Npz() {
        Path p = projectDir().resolve("test-data/DyScO3/DyScO3_HAADF_EDX.npz");
        assertTrue(Files.isRegularFile(p), "bundled test data missing: " + p);
        return p;
    }

    /**
     * The shared reference folder for fusion ({@code ../shared/reference/fusion/DyScO3}, beside the clone in CI).
     * Missing reference data fails the test: CI always has it, and a skipped parity test proves nothing.
     */
    public static Path fusionReference() {
        Path p = projectDir().resolve("../shared/reference/fusion/DyScO3").normalize();
        if (!Files.isDirectory(p)) {
            fail("reference outputs not found at " + p + " (the shared/ folder must sit beside the project)");
        }
        return p;
    }

    public static NdArray reference(String name) throws IOException {
        return NpyReader.read(fusionReference().resolve(name));
    }

    /** Largest absolute difference between a reference array and float pixels. */
    public static double maxAbsDiff(NdArray expected, float[] actual) {
        double[] e = expected.data();
        assertTrue(e.length == actual.length, "size differs: " + e.length + " vs " + actual.length);
        double m = 0;
        for (int i = 0; i < e.length; i++) {
            m = Math.max(m, Math.abs(e[i] - actual[i]));
        }
        return m;
    }
}
