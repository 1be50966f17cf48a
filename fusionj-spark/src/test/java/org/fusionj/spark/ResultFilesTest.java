package org.fusionj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's output claim (no Spark needed): on a path, one run at a time and whole sets as the single-machine
 * commands; under a Hadoop URI, nothing stored before the commit; arrays of an earlier run refused without
 * overwrite and removed with it.
 */
@Timeout(60)
class ResultFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aLocalOutputIsClaimedForOneRunAndCommittedWhole() throws Exception {
        Location out = Location.of(tmp.resolve("run"));
        try (ResultFiles first = ResultFiles.claim(out, List.of("a.txt", "b.txt"), List.of("maps.zarr"), false,
                "fusionj-spark pipeline")) {
            InvalidInputException second = assertThrows(InvalidInputException.class, () -> ResultFiles.claim(out,
                    List.of("a.txt"), List.of(), true, "fusionj-spark xanes"));
            assertTrue(second.getMessage().contains("fusionj-spark pipeline"), second.getMessage());
            first.stage("a.txt", f -> Files.writeString(f, "a"));
            assertFalse(Files.exists(tmp.resolve("run/a.txt")), "nothing in place before the commit");
            first.stage("b.txt", f -> Files.writeString(f, "b"));
            Location maps = first.array("maps.zarr");
            maps.resolve("half_height/0.0.0").write("chunk");
            assertFalse(Files.exists(tmp.resolve("run/maps.zarr")), "the tasks write into the staging folder");
            assertEquals(List.of(tmp.resolve("run/a.txt").toString(), tmp.resolve("run/b.txt").toString(),
                    tmp.resolve("run/maps.zarr").toString()), first.commit());
        }
        assertEquals("a", Files.readString(tmp.resolve("run/a.txt")));
        assertEquals("chunk", Files.readString(tmp.resolve("run/maps.zarr/half_height/0.0.0")));
        // an unfinished run leaves nothing and frees the folder
        try (ResultFiles failed = ResultFiles.claim(out, List.of("c.txt", "d.txt"), List.of(), false, "x")) {
            failed.stage("c.txt", f -> Files.writeString(f, "c"));
        }
        assertFalse(Files.exists(tmp.resolve("run/c.txt")));
        InvalidInputException again = assertThrows(InvalidInputException.class, () -> ResultFiles.claim(out,
                List.of("a.txt"), List.of(), false, "x"));
        assertTrue(again.getMessage().contains("already holds a.txt"), again.getMessage());
    }

    @Test
    void arraysOfAnEarlierRunAreRefusedWithoutOverwriteAndReplacedWholeAtTheCommitWithIt() throws Exception {
        for (Location out : List.of(Location.of(tmp.resolve("local")), Location.of(tmp.resolve("uri").toUri()
                .toString()))) {
            out.resolve("maps.zarr/.zgroup").write("{}");
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ResultFiles.claim(out,
                    List.of("summary.json"), List.of("maps.zarr"), false, "x"));
            assertTrue(e.getMessage().contains("already holds maps.zarr") && e.getMessage().contains("overwrite"),
                    e.getMessage());
            out.resolve("maps.zarr/old_map/0.0.0").write("stale");
            // a failed run with overwrite leaves the earlier array as it was
            try (ResultFiles r = ResultFiles.claim(out, List.of("summary.json"), List.of("maps.zarr"), true, "x")) {
                r.array("maps.zarr").resolve("new_map/0.0.0").write("new");
                assertEquals("stale", out.resolve("maps.zarr/old_map/0.0.0").readString());
            }
            assertEquals(List.of(".zgroup", "old_map"), out.resolve("maps.zarr").list(), out.toString());
            assertEquals(List.of("maps.zarr"), out.list(), "no staging folder left in " + out);
            try (ResultFiles r = ResultFiles.claim(out, List.of("summary.json"), List.of("maps.zarr"), true, "x")) {
                r.array("maps.zarr").resolve("new_map/0.0.0").write("new");
                r.stage("summary.json", f -> Files.writeString(f, "{}"));
                assertEquals("stale", out.resolve("maps.zarr/old_map/0.0.0").readString(), "kept until the commit");
                r.commit();
            }
            assertEquals("{}", out.resolve("summary.json").readString());
            assertEquals(List.of("new_map"), out.resolve("maps.zarr").list(),
                    "an earlier array never mixes with the new one");
            assertEquals(List.of("maps.zarr", "summary.json"), out.list(), "no staging folder left in " + out);
        }
    }

    @Test
    void aUriOutputStoresNothingBeforeTheCommit() throws Exception {
        Location out = Location.of(tmp.resolve("remote").toUri().toString());
        try (ResultFiles r = ResultFiles.claim(out, List.of("a.csv", "b.csv"), List.of(), false, "x")) {
            r.stage("a.csv", f -> Files.writeString(f, "1,2\n"));
            assertFalse(out.resolve("a.csv").exists());
            assertThrows(IllegalStateException.class, r::commit, "b.csv was not written");
        }
        assertFalse(out.resolve("a.csv").exists());
        try (ResultFiles r = ResultFiles.claim(out, List.of("a.csv"), List.of(), false, "x")) {
            r.stage("a.csv", f -> Files.writeString(f, "1,2\n"));
            List<String> written = r.commit();
            assertTrue(written.get(0).startsWith("file:"), written.toString());
        }
        assertEquals("1,2\n", new String(Files.readAllBytes(tmp.resolve("remote/a.csv")), StandardCharsets.UTF_8));
    }
}
