package org.fusionj.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * 300 damaged files per family, opened through ImageFiles as every command opens its inputs: each must give an image
 * or FusionJ's own one-line refusal within the per-file bound; no hang, no OutOfMemoryError, no other exception, no
 * truncated file opened with other pixels. Seeded: a failure names the file and the mutation, and re-running gives
 * the same files. (bin/fusionj fuzz runs the same with more files.)
 */
class ReaderFuzzTest {

    static final int FILES = 300;
    static final long SEED = 20261206L;

    @TempDir
    Path scratch;

    @TestFactory
    Stream<DynamicTest> damagedFilesAreOpenedOrRefusedCleanly() {
        return Arrays.stream(Family.values()).map(f -> DynamicTest.dynamicTest(f.name(),
                () -> assertTimeoutPreemptively(Duration.ofSeconds(120), () -> check(f))));
    }

    private void check(Family family) throws IOException {
        ReaderFuzz.Result r = ReaderFuzz.run(family, FILES, SEED, scratch, 30_000);
        System.out.printf("fuzz %s: %d files, %d clean refusals (%d by the watchdog), %d opened, %d failures,"
                + " slowest %d ms (%s)%n", family, r.files(), r.cleanRefusals(), r.watchdogRefusals().size(), r.opened(),
                r.failureCount(), r.slowestMillis(), r.slowestMutation());
        assertEquals(FILES, r.files());
        assertTrue(r.failures().isEmpty(), r.failureCount() + " failures, first: "
                + r.failures().subList(0, Math.min(5, r.failureCount())));
        // the generator must damage files, and not all beyond recognition
        assertTrue(r.cleanRefusals() > FILES / 10, "refusals: " + r.cleanRefusals());
        assertTrue(r.opened() > 0, "nothing opened");
    }
}
