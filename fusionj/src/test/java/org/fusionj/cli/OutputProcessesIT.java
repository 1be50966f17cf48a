package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;

import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.io.ImageFiles;
import org.fusionj.io.NdArray;
import org.fusionj.io.NpzWriter;
import org.fusionj.testing.TestData;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.fusion.FusionFiles;
import org.fusionj.workflow.fusion.FusionJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/fusionj} as separate processes, as users run it: two runs into one folder, SIGKILL and SIGTERM during
 * the save, and a small heap. Every process is bounded in time and killed if it overstays.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class OutputProcessesIT {

    private static final List<String> RESULTS = List.of("Fused_Reconstruction.h5", "convergence.png",
            "fused_Dy.tif", "fused_O.tif", "fused_Sc.tif", "fused_maps.tif", "model_haadf.tif");

    @TempDir
    static Path shared;
    private static Path big;

    @TempDir
    Path temp;

    /** A 1024 x 1024 HAADF + Sc, Dy, O archive: large enough for the save to take a while, small enough to fuse. */
    @BeforeAll
    static void bigArchive() throws IOException {
        int n = 1024;
        SplittableRandom r = new SplittableRandom(7);
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        for (String key : List.of("HAADF", "Sc", "Dy", "O")) {
            double[] v = new double[n * n];
            for (int i = 0; i < v.length; i++) {
                v[i] = key.equals("HAADF") ? 50 + 30 * Math.sin(i % n / 9.0) * Math.cos(i / n / 7.0)
                        + r.nextDouble() : r.nextInt(6);
            }
            arrays.put(key, new NdArray(new int[] {n, n}, v, NdArray.FLOAT32));
        }
        big = shared.resolve("big.npz");
        NpzWriter.write(big, arrays);
    }

    /** A started {@code bin/fusionj} with its output captured in files (no pipe can fill up and block it). */
    private record Run(Process process, Path out, Path err) {

        long pid() {
            return process.pid();
        }

        int waitExit() throws Exception {
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/fusionj did not finish: " + err());
            }
            return process.exitValue();
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }
    }

    private Run start(String javaOpts, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(TestData.projectDir().resolve("bin/fusionj").toString());
        cmd.addAll(args);
        Path dir = Files.createTempDirectory(temp, "run");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(temp.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        if (javaOpts != null) {
            pb.environment().put("FUSIONJ_JAVA_OPTS", javaOpts);
        }
        return new Run(pb.start(), dir.resolve("out"), dir.resolve("err"));
    }

    private static List<String> fuse(Path out, String lambdaTv, int iterations) {
        String npz = TestData.dyscO3Npz().toString();
        return List.of("fuse", "--haadf", npz + ":HAADF", "--maps", npz, "--elements", "Sc,Dy,O", "--lambda_tv",
                lambdaTv, "--n_iter", Integer.toString(iterations), "--threads", "2", "--out", out.toString(),
                "--quiet");
    }

    private static List<String> fuseBig(Path out) {
        return List.of("fuse", "--haadf", big + ":HAADF", "--maps", big.toString(), "--elements", "Sc,Dy,O",
                "--n_iter", "1", "--threads", "2", "--out", out.toString(), "--quiet");
    }

    private static TreeSet<String> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return new TreeSet<>();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    /** True once this run's staging folder holds a result file: the save has begun. */
    private static boolean saving(Path out) {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".fusionj-run-")).anyMatch(p -> {
                try (Stream<Path> staged = Files.list(p)) {
                    return staged.anyMatch(f -> f.getFileName().toString().endsWith(".tif"));
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static void signal(String sig, long pid) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start();
        assertTrue(k.waitFor(20, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -" + sig + " failed");
    }

    /** The fused Dy map of DyScO3 for these parameters, computed here (results do not depend on threads). */
    private static float[] expectedDy(String lambdaTv, int iterations) throws IOException {
        String npz = TestData.dyscO3Npz().toString();
        FusionParameters p = FusionParameters.builder().lambdaTv(Double.parseDouble(lambdaTv))
                .iterations(iterations).build();
        return new FusionJob(p, RunContext.threads(2)).run(FusionFiles.openHaadf(npz + ":HAADF"),
                FusionFiles.openMaps(List.of(npz), "Sc,Dy,O"), "Sc,Dy,O").result().fusedMaps().get(1);
    }

    private static float[] savedDy(Path out) throws IOException {
        ImagePlus imp = ImageFiles.open(out.resolve("fused_Dy.tif").toString());
        return (float[]) imp.getProcessor().getPixels();
    }

    /**
     * Both orders of two parameter sets: the first process holds the folder (frozen with SIGSTOP inside its
     * computation), the second is refused with status 2 before computing, naming the first by pid; after SIGCONT the
     * first completes, and the folder holds exactly its set.
     */
    @Test
    void aSecondProcessIntoTheSameFolderIsRefusedNamingTheFirst() throws Exception {
        String[][] orders = {{"0.15", "0.5"}, {"0.5", "0.15"}};
        for (String[] order : orders) {
            Path out = temp.resolve("shared-" + order[0]);
            Run first = start(null, fuse(out, order[0], 60));
            await(() -> {
                try {
                    return !first.process().isAlive()
                            || Files.readString(out.resolve(".fusionj-lock")).contains("pid=" + first.pid());
                } catch (IOException e) {
                    return false;
                }
            }, "the first run's claim");
            signal("STOP", first.pid());
            assertTrue(first.process().isAlive(), "the first run ended before it could be held: " + first.stderr());
            try {
                Run second = start(null, fuse(out, order[1], 60));
                assertEquals(2, second.waitExit(), second.stderr());
                assertTrue(second.stderr().contains("is being written by another FusionJ run (fuse, pid "
                        + first.pid()), second.stderr());
                assertEquals(1, second.stderr().strip().lines().count(), second.stderr());
            } finally {
                signal("CONT", first.pid());
            }
            assertEquals(0, first.waitExit(), first.stderr());
            assertEquals(new TreeSet<>(RESULTS), listing(out));
            assertArrayEquals(expectedDy(order[0], 60), savedDy(out), "the folder holds the first run's maps");
        }
    }

    /** The scenario as it happens: two runs started together; one wins whole, the other is refused. */
    @Test
    void twoProcessesStartedTogetherNeverMix() throws Exception {
        Map<String, float[]> expected = Map.of("0.15", expectedDy("0.15", 30), "0.5", expectedDy("0.5", 30));
        for (int trial = 0; trial < 2; trial++) {
            Path out = temp.resolve("race-" + trial);
            Run a = start(null, fuse(out, "0.15", 30));
            Run b = start(null, fuse(out, "0.5", 30));
            int sa = a.waitExit();
            int sb = b.waitExit();
            assertEquals(2, Math.min(sa, sb) == 0 ? Math.max(sa, sb) : -1, "exactly one succeeds: " + sa + " "
                    + a.stderr() + " / " + sb + " " + b.stderr());
            Run loser = sa == 0 ? b : a;
            assertTrue(loser.stderr().contains("being written by another FusionJ run")
                    || loser.stderr().contains("already holds"), loser.stderr());
            assertEquals(new TreeSet<>(RESULTS), listing(out));
            assertArrayEquals(expected.get(sa == 0 ? "0.15" : "0.5"), savedDy(out), "the winner's set, whole");
        }
    }

    /**
     * Starts a big fusion into {@code out} and signals it as soon as its save has begun; tries again (up to three
     * times) when the machine was too slow to catch the save, which the folder shows.
     */
    private Run interruptDuringTheSave(Path out, boolean kill) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            Run victim = start(null, fuseBig(out));
            await(() -> saving(out) || !victim.process().isAlive(), "the save to begin");
            if (kill) {
                victim.process().destroyForcibly();
            } else {
                victim.process().destroy();
            }
            int status = victim.waitExit();
            if (status != 0) {
                return victim;
            }
            deleteTree(out); // it finished before the signal: try again
        }
        throw new AssertionError("could not catch a run during its save in three attempts");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }

    /** SIGKILL in the middle of the save leaves its staging folder; the next run removes it and writes cleanly. */
    @Test
    void killNineDuringTheSaveThenRerun() throws Exception {
        Path out = temp.resolve("killed");
        Run victim = interruptDuringTheSave(out, true);
        TreeSet<String> left = listing(out);
        assertTrue(left.stream().anyMatch(n -> n.startsWith(".fusionj-run-")), "the kill landed in the save: " + left);
        assertTrue(left.stream().noneMatch(RESULTS::contains), "no result under its real name: " + left);

        Run again = start(null, fuseBig(out));
        assertEquals(0, again.waitExit(), again.stderr());
        assertTrue(again.stderr().contains("note: removed the partial files of an interrupted run (fuse, pid "
                + victim.pid()), again.stderr());
        assertEquals(new TreeSet<>(RESULTS), listing(out), "the results only: nothing stale kept or reused");
        assertTrue(again.stdout().contains("wrote 7 files"), again.stdout());
    }

    /** SIGTERM in the middle of the save: the shutdown hook removes every partial file (and the folder it made). */
    @Test
    void sigtermDuringTheSaveRemovesThePartialFiles() throws Exception {
        Path out = temp.resolve("terminated");
        interruptDuringTheSave(out, false);
        assertEquals(new TreeSet<>(), listing(out), "nothing left behind");
        assertFalse(Files.exists(out), "the folder the run created is removed again");
    }

    /** A small heap: refused before work with status 3 and the -Xmx to use; a real OutOfMemoryError is status 3. */
    @Test
    void aSmallHeapIsOneLineAndStatusThreeAndNothingWritten() throws Exception {
        Path out = temp.resolve("small-heap");
        Run refused = start("-Xmx96m", fuseBig(out));
        assertEquals(3, refused.waitExit(), refused.stderr());
        String line = refused.stderr().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("fusing 3 map(s) of 1024 x 1024 pixels (n_iter 1) needs about")
                && line.contains("FUSIONJ_JAVA_OPTS=-Xmx"), line);
        assertFalse(Files.exists(out));

        Run oom = start("-Xmx96m -Dfusionj.memory.check=false", fuseBig(out));
        assertEquals(3, oom.waitExit(), oom.stderr());
        line = oom.stderr().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("out of memory") && line.contains("nothing was written")
                && line.contains("FUSIONJ_JAVA_OPTS=-Xmx"), line);
        assertFalse(Files.exists(out), "nothing written: " + listing(out));
    }
}
