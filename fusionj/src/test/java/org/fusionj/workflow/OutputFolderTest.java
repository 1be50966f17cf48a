package org.fusionj.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.fusionj.core.InvalidInputException;
import org.fusionj.testing.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output plan and the claimed output folder on their own: checks before work, one run per output, whole sets
 * (overwrite included, with roll-back), and what dead runs leave cleaned, never reused.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutputFolderTest {

    private static final List<String> NAMES = List.of("a.tif", "b.csv", "c.h5");

    @TempDir
    Path temp;

    private static void writeSet(OutputFolder out, String content) throws IOException {
        for (String n : out.names()) {
            out.stage(n, f -> Files.writeString(f, content + " " + n));
        }
    }

    private static TreeSet<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void aWholeSetAppearsAtCommitAndNothingElseRemains() throws IOException {
        Path dir = temp.resolve("new/deeper");
        OutputPlan plan = OutputPlan.folder(dir, NAMES, false);
        plan.check();
        try (OutputFolder out = plan.claim("test")) {
            assertTrue(Files.exists(dir.resolve(".fusionj-lock")), "the claim is visible to other runs");
            writeSet(out, "one");
            for (String n : NAMES) {
                assertFalse(Files.exists(dir.resolve(n)), n + " appeared before the commit");
            }
            assertEquals(NAMES.stream().map(dir::resolve).toList(), out.commit());
        }
        assertEquals(new TreeSet<>(NAMES), listing(dir), "results only: no lock, no staging folder");
        assertEquals("one b.csv", Files.readString(dir.resolve("b.csv")));
    }

    @Test
    void aRunThatFailsOrIsCancelledLeavesTheFolderAsItWas() throws IOException {
        Path dir = temp.resolve("created-by-the-run");
        try (OutputFolder out = OutputPlan.folder(dir, NAMES, false).claim("test")) {
            out.stage("a.tif", f -> Files.writeString(f, "partial"));
        }
        assertFalse(Files.exists(dir), "the folder the claim created is removed again when nothing was written");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("other.txt"), "keep");
        try (OutputFolder out = OutputPlan.folder(dir, NAMES, false).claim("test")) {
            out.stage("a.tif", f -> Files.writeString(f, "partial"));
            assertThrows(IllegalStateException.class, out::commit, "an incomplete set is never committed");
        }
        assertEquals(new TreeSet<>(List.of("other.txt")), listing(dir));
    }

    @Test
    void onlyPlannedNamesAreWrittenOnce() throws IOException {
        try (OutputFolder out = OutputPlan.folder(temp.resolve("o"), NAMES, false).claim("test")) {
            assertThrows(IllegalArgumentException.class, () -> out.stage("d.txt", f -> Files.writeString(f, "x")));
            out.stage("a.tif", f -> Files.writeString(f, "x"));
            assertThrows(IllegalStateException.class, () -> out.stage("a.tif", f -> Files.writeString(f, "y")));
        }
    }

    @Test
    void aSecondClaimOfTheSameOutputIsRefusedNamingTheFirst() throws IOException {
        Path dir = temp.resolve("busy");
        try (OutputFolder first = OutputPlan.folder(dir, NAMES, false).claim("fuse")) {
            String m = assertThrows(InvalidInputException.class,
                    () -> OutputPlan.folder(dir, List.of("x.tif"), true).claim("xanes")).getMessage();
            assertTrue(m.contains("being written by another FusionJ run (fuse, pid "
                    + ProcessHandle.current().pid()), m);
            writeSet(first, "first");
            first.commit();
        }
        try (OutputFolder again = OutputPlan.folder(dir, List.of("x.tif"), false).claim("xanes")) {
            again.stage("x.tif", f -> Files.writeString(f, "x"));
            again.commit();
        }
        assertEquals(new TreeSet<>(List.of("a.tif", "b.csv", "c.h5", "x.tif")), listing(dir));
    }

    @Test
    void singleFilesInOneFolderAreClaimedSeparately() throws IOException {
        Path dir = temp.resolve("files");
        try (OutputFolder a = OutputPlan.file(dir.resolve("a.tif"), false).claim("learn");
             OutputFolder b = OutputPlan.file(dir.resolve("b.tif"), false).claim("learn")) {
            String m = assertThrows(InvalidInputException.class, () -> OutputPlan.file(dir.resolve("a.tif"), true)
                    .claim("enhance")).getMessage();
            assertTrue(m.startsWith("output " + dir.resolve("a.tif") + " is being written by"),
                    "a single-file claim names the file, not its folder: " + m);
            a.stage("a.tif", f -> Files.writeString(f, "a"));
            b.stage("b.tif", f -> Files.writeString(f, "b"));
            b.commit();
            a.commit();
        }
        assertEquals(new TreeSet<>(List.of("a.tif", "b.tif")), listing(dir));
    }

    @Test
    void overwriteReplacesTheWholeSetOrNothing() throws IOException {
        Path dir = temp.resolve("replace");
        try (OutputFolder out = OutputPlan.folder(dir, NAMES, false).claim("test")) {
            writeSet(out, "old");
            out.commit();
        }
        // a move that fails half way (the staged c.h5 vanishes) restores the old set
        try (OutputFolder out = OutputPlan.folder(dir, NAMES, true).claim("test")) {
            writeSet(out, "new");
            Path staged = dir.resolve(out.stagingName()).resolve("c.h5");
            Files.delete(staged);
            IOException e = assertThrows(IOException.class, out::commit);
            assertTrue(e.getMessage().contains("left as it was"), e.getMessage());
        }
        for (String n : NAMES) {
            assertEquals("old " + n, Files.readString(dir.resolve(n)), n);
        }
        assertEquals(new TreeSet<>(NAMES), listing(dir));
        try (OutputFolder out = OutputPlan.folder(dir, NAMES, true).claim("test")) {
            writeSet(out, "new");
            out.commit();
        }
        for (String n : NAMES) {
            assertEquals("new " + n, Files.readString(dir.resolve(n)), n);
        }
        assertEquals(new TreeSet<>(NAMES), listing(dir));
    }

    @Test
    void withoutOverwriteExistingNamesAreRefusedBeforeWork() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("taken"));
        Files.writeString(dir.resolve("b.csv"), "mine");
        String m = assertThrows(InvalidInputException.class, () -> OutputPlan.folder(dir, NAMES, false).check())
                .getMessage();
        assertTrue(m.contains("already holds b.csv") && m.contains("overwrite"), m);
        Files.createDirectories(dir.resolve("a.tif"));
        m = assertThrows(InvalidInputException.class, () -> OutputPlan.folder(dir, NAMES, true).check())
                .getMessage();
        assertTrue(m.contains("a.tif is a folder"), "a folder named like a result is never replaced: " + m);
        assertEquals("mine", Files.readString(dir.resolve("b.csv")));
    }

    @Test
    void anInputIsNeverAnOutputEvenWithOverwrite() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("inputs"));
        Path input = Files.writeString(dir.resolve("b.csv"), "input data");
        String m = assertThrows(InvalidInputException.class, () -> OutputPlan.folder(dir, NAMES, true)
                .protecting(List.of(Path.of(dir + "/./b.csv"))).check()).getMessage();
        assertTrue(m.contains("is an input of this run"), m);
        m = assertThrows(InvalidInputException.class, () -> OutputPlan.file(input, true)
                .protecting(List.of(input)).check()).getMessage();
        assertTrue(m.contains("is an input of this run"), m);
        assertEquals("input data", Files.readString(input));
    }

    @Test
    void badLocationsAreRefusedBeforeWork() throws IOException {
        assertTrue(assertThrows(InvalidInputException.class, () -> OutputPlan.folder(Path.of(""), NAMES, false))
                .getMessage().contains("empty"));
        Path file = Files.writeString(temp.resolve("plain.txt"), "x");
        assertTrue(assertThrows(InvalidInputException.class, () -> OutputPlan.folder(file, NAMES, false).check())
                .getMessage().contains("is a file, not a folder"));
        assertTrue(assertThrows(InvalidInputException.class, () -> OutputPlan.folder(file.resolve("sub"), NAMES,
                false).check()).getMessage().contains("is a file"));
        assertTrue(assertThrows(InvalidInputException.class, () -> OutputPlan.file(temp, false).check())
                .getMessage().contains("is a folder; name a file"));
        String m = assertThrows(InvalidInputException.class, () -> OutputPlan.folder(temp.resolve("big"), NAMES,
                false).estimatedBytes(Long.MAX_VALUE / 4).check()).getMessage();
        assertTrue(m.contains("not enough free space") && m.contains("are free"), m);
        assertFalse(Files.exists(temp.resolve("big")));
    }

    @Test
    void aReadOnlyFolderIsRefusedBeforeWork() throws Exception {
        try (Tmpfs ro = Tmpfs.mountOrSkip(temp.resolve("ro"), "ro,size=1m")) {
            for (Path dir : List.of(ro.dir(), ro.dir().resolve("sub/deeper"))) {
                String m = assertThrows(InvalidInputException.class, () -> OutputPlan.folder(dir, NAMES, false)
                        .check()).getMessage();
                assertTrue(m.contains("read-only file system") && m.contains("choose another output"), m);
                m = assertThrows(InvalidInputException.class, () -> OutputPlan.folder(dir, NAMES, false)
                        .claim("test")).getMessage();
                assertTrue(m.contains("read-only file system"), m);
            }
        }
    }

    @Test
    void whatADeadRunLeftIsCleanedAndNeverReused() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("stale"));
        // a run killed while writing: its staging folder, its lock file, and an old-style partial file
        Path staging = Files.createDirectories(dir.resolve(".fusionj-run-deadbeef"));
        Files.writeString(staging.resolve("a.tif"), "stale");
        Files.writeString(dir.resolve(".fusionj-lock"), "FusionJ output claim\nrun=deadbeef\ncommand=fuse\npid=1\n"
                + "host=elsewhere\nclaimed=2026-01-01 00:00:00\n");
        Files.writeString(dir.resolve(".fusionj-partial-b.csv"), "stale");
        // a run killed in the middle of its commit: c.h5 moved in, the old b.csv moved aside
        Files.writeString(dir.resolve("b.csv"), "older b.csv");
        Path half = Files.createDirectories(dir.resolve(".fusionj-run-cafe"));
        Files.writeString(half.resolve(".journal-moving"), "a.tif\nb.csv\nc.h5\n");
        Files.writeString(half.resolve("a.tif"), "half a");
        Files.createDirectories(half.resolve(".replaced"));
        Files.move(dir.resolve("b.csv"), half.resolve(".replaced/b.csv"));
        Files.writeString(dir.resolve("c.h5"), "half c");
        // a staging folder of a single-file claim (another key): not this run's business
        Path otherKey = Files.createDirectories(dir.resolve(".fusionj-run-f00d.x.tif"));

        OutputPlan plan = OutputPlan.folder(dir, NAMES, true);
        List<String> notes = new java.util.ArrayList<>();
        try (OutputFolder out = RunContext.threads(1).saveTo(dir, true).notes(notes::add).begin(plan, null)) {
            assertEquals("older b.csv", Files.readString(dir.resolve("b.csv")), "the half commit was rolled back");
            assertFalse(Files.exists(dir.resolve("c.h5")), "the half commit was rolled back");
            assertFalse(Files.exists(staging) || Files.exists(half) || Files.exists(dir.resolve(
                    ".fusionj-partial-b.csv")));
            assertTrue(Files.exists(otherKey));
            writeSet(out, "fresh");
            out.commit();
        }
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("interrupted run (fuse, pid 1 on elsewhere"), notes.get(0));
        for (String n : NAMES) {
            assertEquals("fresh " + n, Files.readString(dir.resolve(n)));
        }
        assertEquals(new TreeSet<>(List.of("a.tif", "b.csv", "c.h5", ".fusionj-run-f00d.x.tif")), listing(dir));
    }

    @Test
    void aCommitThatFinishedBeforeTheKillIsKept() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("done"));
        Path done = Files.createDirectories(dir.resolve(".fusionj-run-beef"));
        Files.writeString(done.resolve(".journal-moving"), "a.tif\n");
        Files.writeString(done.resolve(".journal-done"), "");
        Files.createDirectories(done.resolve(".replaced"));
        Files.writeString(done.resolve(".replaced/a.tif"), "old");
        Files.writeString(dir.resolve("a.tif"), "new");
        try (OutputFolder out = OutputPlan.folder(dir, List.of("z.tif"), false).claim("test")) {
            out.stage("z.tif", f -> Files.writeString(f, "z"));
            out.commit();
        }
        assertEquals("new", Files.readString(dir.resolve("a.tif"), StandardCharsets.UTF_8));
        assertEquals(new TreeSet<>(List.of("a.tif", "z.tif")), listing(dir));
    }

    /**
     * A rerun without overwrite into a folder where a run was killed half way through replacing its results: the
     * half set on view must not be taken for the folder's contents. The claim rolls the commit back first, so the
     * earlier set is whole again and the refusal names all of it (it used to be refused on the half set, leaving
     * the folder mixed and the dead run's files in place).
     */
    @Test
    void aRerunWithoutOverwriteRollsBackAHalfCommitBeforeRefusing() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("half"));
        for (String n : NAMES) {
            Files.writeString(dir.resolve(n), "old " + n);
        }
        // killed after moving a.tif and b.csv aside and moving the new a.tif in
        Path half = Files.createDirectories(dir.resolve(".fusionj-run-dead"));
        Files.writeString(half.resolve(".journal-moving"), "a.tif\nb.csv\nc.h5\n");
        Files.createDirectories(half.resolve(".replaced"));
        Files.move(dir.resolve("a.tif"), half.resolve(".replaced/a.tif"));
        Files.move(dir.resolve("b.csv"), half.resolve(".replaced/b.csv"));
        Files.writeString(dir.resolve("a.tif"), "new a.tif");
        Files.writeString(half.resolve("b.csv"), "new b.csv");
        Files.writeString(half.resolve("c.h5"), "new c.h5");
        Files.writeString(dir.resolve(".fusionj-lock"), "FusionJ output claim\nrun=dead\ncommand=fuse\npid=1\n");

        OutputPlan plan = OutputPlan.folder(dir, NAMES, false);
        String m = assertThrows(InvalidInputException.class,
                () -> RunContext.threads(1).saveTo(dir, false).begin(plan, null)).getMessage();
        assertTrue(m.contains("already holds a.tif, b.csv, c.h5"), m);
        for (String n : NAMES) {
            assertEquals("old " + n, Files.readString(dir.resolve(n)), "the half commit was rolled back");
        }
        assertEquals(new TreeSet<>(NAMES), listing(dir));
    }

    /**
     * Result folders (chunked arrays filled by many writers) are staged and committed with the files: nothing of a
     * failed run reaches the folder, an earlier folder survives until the commit replaces it, a half commit killed
     * after moving a folder in is rolled back, and a file never stands where a result folder goes.
     */
    @Test
    void resultFoldersAreStagedAndCommittedWithTheFiles() throws IOException {
        Path dir = temp.resolve("arrays");
        List<String> names = List.of("maps.zarr", "summary.json");
        OutputPlan plan = OutputPlan.folder(dir, names, false).withFolders(List.of("maps.zarr"));
        try (OutputFolder out = plan.claim("test")) {
            Path maps = out.stageFolder("maps.zarr");
            Files.writeString(Files.createDirectories(maps.resolve("half_height")).resolve("0.0.0"), "old chunk");
            assertThrows(IllegalArgumentException.class, () -> out.stageFolder("summary.json"), "a file name");
            out.stage("summary.json", f -> Files.writeString(f, "old"));
            assertFalse(Files.exists(dir.resolve("maps.zarr")), "nothing in place before the commit");
            out.commit();
        }
        assertEquals("old chunk", Files.readString(dir.resolve("maps.zarr/half_height/0.0.0")));
        OutputPlan again = OutputPlan.folder(dir, names, true).withFolders(List.of("maps.zarr"));
        // a run that fails after its writers filled part of the folder: the earlier set stays, nothing else
        try (OutputFolder out = again.claim("test")) {
            Files.writeString(out.stageFolder("maps.zarr").resolve("partial"), "new chunk");
        }
        assertEquals("old chunk", Files.readString(dir.resolve("maps.zarr/half_height/0.0.0")));
        assertEquals(new TreeSet<>(names), listing(dir));
        assertEquals(new TreeSet<>(List.of("half_height")), listing(dir.resolve("maps.zarr")));
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> OutputPlan.folder(dir, names, false).withFolders(List.of("maps.zarr")).check());
        assertTrue(refused.getMessage().contains("already holds maps.zarr, summary.json"), refused.getMessage());
        // killed after moving the new folder in, with the old one aside: the next claim restores the old set
        Path half = Files.createDirectories(dir.resolve(".fusionj-run-beef"));
        Files.writeString(half.resolve(".journal-moving"), "maps.zarr\nsummary.json\n");
        Files.createDirectories(half.resolve(".replaced"));
        Files.move(dir.resolve("maps.zarr"), half.resolve(".replaced/maps.zarr"));
        Files.move(dir.resolve("summary.json"), half.resolve(".replaced/summary.json"));
        Files.writeString(Files.createDirectories(dir.resolve("maps.zarr/half_height")).resolve("0.0.0"), "half");
        try (OutputFolder out = again.claim("test")) {
            assertEquals("old chunk", Files.readString(dir.resolve("maps.zarr/half_height/0.0.0")));
            assertEquals("old", Files.readString(dir.resolve("summary.json")));
            Files.writeString(out.stageFolder("maps.zarr").resolve("new"), "new chunk");
            out.stage("summary.json", f -> Files.writeString(f, "new"));
            out.commit();
        }
        assertEquals(new TreeSet<>(List.of("new")), listing(dir.resolve("maps.zarr")));
        assertEquals(new TreeSet<>(names), listing(dir));
        Path other = Files.createDirectories(temp.resolve("file"));
        Files.writeString(other.resolve("maps.zarr"), "x", StandardCharsets.UTF_8);
        InvalidInputException file = assertThrows(InvalidInputException.class, () -> OutputPlan.folder(other, names,
                true).withFolders(List.of("maps.zarr")).check());
        assertTrue(file.getMessage().contains("is a file, so the result folder maps.zarr"), file.getMessage());
    }
}
