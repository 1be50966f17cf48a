package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.io.ImageFiles;
import org.fusionj.testing.TestData;
import org.fusionj.testing.Tmpfs;
import org.fusionj.workflow.NotEnoughMemoryException;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.dictionary.DictionaryFixtures;
import org.fusionj.workflow.fusion.FusionFiles;
import org.fusionj.workflow.fusion.FusionJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on hostile use of outputs, runs and memory (issue 9): every refusal before work, one line, the
 * right exit status, nothing written and no input touched.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReliabilityCliTest {

    @TempDir
    Path temp;

    private static String npz() {
        return TestData.dyscO3Npz().toString();
    }

    private static CliRun fuse(String out, String... extra) {
        List<String> a = new ArrayList<>(List.of("fuse", "--haadf", npz(), "--maps", npz(), "--elements",
                "Sc,Dy,O", "--out", out, "--quiet"));
        a.addAll(List.of(extra));
        if (!a.contains("--n_iter")) {
            a.addAll(List.of("--n_iter", "3"));
        }
        return CliRun.of(a.toArray(String[]::new));
    }

    private static void refused(CliRun r, int status, String... fragments) {
        assertEquals(status, r.status(), r.out() + r.err());
        String line = r.err().strip();
        assertEquals(1, line.lines().count(), "one line: " + r.err());
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' missing from: " + line);
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void anEmptyOutIsRefused() {
        refused(fuse(""), 2, "output folder name is empty");
        assertFalse(Files.exists(Path.of("fused_Sc.tif")), "nothing may be written into the current folder");
    }

    @Test
    void overwriteNeverReplacesAnInput() throws Exception {
        Path stem = temp.resolve("stem.tif");
        Path txm = temp.resolve("txm.tif");
        OutputFolder.saveTiff(DictionaryFixtures.crop("stem_train.npy", 64, "stem"), stem);
        OutputFolder.saveTiff(DictionaryFixtures.crop("txm_degraded.npy", 64, "txm"), txm);
        byte[] stemBytes = Files.readAllBytes(stem);
        refused(CliRun.of("learn", "--stem", stem.toString(), "--out", stem.toString(), "--overwrite", "--atoms",
                "16", "--steps", "2"), 2, "is an input of this run");
        assertArrayEquals(stemBytes, Files.readAllBytes(stem));

        Path dict = temp.resolve("dict.tif");
        assertEquals(0, CliRun.of("learn", "--stem", stem.toString(), "--out", dict.toString(), "--atoms", "16",
                "--steps", "2", "--batch", "16", "--training_patches", "200", "--quiet").status());
        byte[] dictBytes = Files.readAllBytes(dict);
        refused(CliRun.of("enhance", "--txm", txm.toString(), "--dictionary", dict.toString(), "--out",
                dict.toString(), "--overwrite", "--quiet"), 2, "is an input of this run", "dict.tif");
        assertArrayEquals(dictBytes, Files.readAllBytes(dict));

        // a folder holding an input under a result's name: fuse --out there --overwrite would replace it
        Path prev = temp.resolve("previous");
        assertEquals(0, fuse(prev.toString()).status());
        Path input = prev.resolve("model_haadf.tif");
        byte[] before = Files.readAllBytes(input);
        refused(CliRun.of("fuse", "--haadf", input.toString(), "--maps", npz(), "--elements", "Sc,Dy,O",
                "--out", prev.toString(), "--overwrite", "--quiet"), 2, "model_haadf.tif is an input of this run");
        assertArrayEquals(before, Files.readAllBytes(input));
    }

    @Test
    void aReadOnlyOutputIsRefusedBeforeWork() throws Exception {
        try (Tmpfs ro = Tmpfs.mountOrSkip(temp.resolve("ro"), "ro,size=1m")) {
            refused(fuse(ro.dir().resolve("results").toString()), 2, "cannot create the output folder",
                    "read-only file system");
        }
    }

    @Test
    void aFullDiskIsRefusedBeforeWork() throws Exception {
        try (Tmpfs small = Tmpfs.mountOrSkip(temp.resolve("small"), "size=1m")) {
            CliRun r = fuse(small.dir().resolve("results").toString());
            refused(r, 2, "not enough free space", "are free");
            assertEquals(0, count(small.dir()), "nothing was written");
        }
    }

    /**
     * The schema refuses rel-out's original {@code --gamma 1e308} by its range (SchemaCliTest); values inside the
     * ranges can still diverge: gamma 10 with lambda_chem 1000 leaves the maps NaN.
     */
    @Test
    void resultsThatComeOutNanAreErrorsNamingTheParameter() {
        Path out = temp.resolve("nan");
        refused(fuse(out.toString(), "--gamma", "10", "--lambda_chem", "1000"), 2, "NaN", "of its 65536 pixels",
                "gamma 10.0", "lambda_chem 1000.0");
        assertFalse(Files.exists(out), "nothing was written");
    }

    @Test
    void enhanceRefusesGapsBetweenPatchesAndConstantImages() throws Exception {
        Path stem = temp.resolve("stem.tif");
        Path txm = temp.resolve("txm.tif");
        Path flat = temp.resolve("flat.tif");
        OutputFolder.saveTiff(DictionaryFixtures.crop("stem_train.npy", 64, "stem"), stem);
        OutputFolder.saveTiff(DictionaryFixtures.crop("txm_degraded.npy", 64, "txm"), txm);
        OutputFolder.saveTiff(new ImagePlus("flat", new FloatProcessor(64, 64, new float[64 * 64])), flat);
        Path dict = temp.resolve("dict.tif");
        assertEquals(0, CliRun.of("learn", "--stem", stem.toString(), "--out", dict.toString(), "--atoms", "16",
                "--steps", "2", "--batch", "16", "--training_patches", "200", "--quiet").status());
        Path out = temp.resolve("e.tif");
        refused(CliRun.of("enhance", "--txm", txm.toString(), "--dictionary", dict.toString(), "--out",
                out.toString(), "--stride", "9"), 2, "stride 9 is larger than the dictionary's patch size 8",
                "from 1 to 8"); // within the schema's 1 to 32 (--stride 1000 is refused by that range: SchemaCliTest)
        refused(CliRun.of("enhance", "--txm", flat.toString(), "--dictionary", dict.toString(), "--out",
                out.toString()), 2, "is constant");
        assertFalse(Files.exists(out));
        assertEquals(0, CliRun.of("enhance", "--txm", txm.toString(), "--dictionary", dict.toString(), "--out",
                out.toString(), "--stride", "8", "--quiet").status(), "stride = patch size still covers the image");
        float[] px = (float[]) IJ.openImage(out.toString()).getProcessor().getPixels();
        for (float v : px) {
            assertTrue(Float.isFinite(v));
        }
    }

    /**
     * Runs inside the schema's ranges whose estimate no test heap holds: learn with 10^7 training patches of
     * 32 x 32 (about 76 GB) through the CLI, status 3; and, through the job API that scripts and the services call
     * (no schema in between), a fusion with n_iter 2000000000, whose cost logs alone need 128 GB. (rel-out's CLI
     * cases {@code --n_iter 2000000000}, {@code --training_patches 2000000000} and {@code simulate-series --size
     * 1000} are now refused by their ranges, status 2: SchemaCliTest.)
     */
    @Test
    void runsThatCannotFitTheHeapAreRefusedBeforeWorkWithStatusThree() throws Exception {
        Path stem = temp.resolve("stem.tif");
        OutputFolder.saveTiff(DictionaryFixtures.crop("stem_train.npy", 64, "stem"), stem);
        Path dict = temp.resolve("d.tif");
        refused(CliRun.of("learn", "--stem", stem.toString(), "--out", dict.toString(), "--patch", "32",
                "--training_patches", "10000000"), 3, "10000000 training patches needs about", "Java heap",
                "FUSIONJ_JAVA_OPTS=-Xmx", "Edit > Options > Memory");
        assertFalse(Files.exists(dict));

        Path out = temp.resolve("big");
        FusionParameters params = FusionParameters.builder().iterations(2_000_000_000).build();
        ImagePlus haadf = FusionFiles.openHaadf(npz() + ":HAADF");
        List<ImagePlus> maps = FusionFiles.openMaps(List.of(npz()), "Sc,Dy,O");
        NotEnoughMemoryException e = assertThrows(NotEnoughMemoryException.class, () -> new FusionJob(params,
                RunContext.threads(1).saveTo(out, false)).run(haadf, maps, "Sc,Dy,O"));
        assertTrue(e.getMessage().contains("(n_iter 2000000000) needs about"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    /**
     * The CLI's range (16 to 512, SchemaCliTest) refuses {@code --size 5000} before the simulator sees it; the
     * simulator's own guard (one volume must fit one Java array) still holds for callers without the schema.
     */
    @Test
    void simulatedSeriesLargerThanAnArrayAreRefusedAtOnce() {
        refused(CliRun.of("simulate-series", "--size", "5000", "--out", temp.resolve("s.tif").toString()), 2,
                "size must be at most 512");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new SeriesPhantom(5000, 2, new PhantomNoise(0, 0), 1));
        assertTrue(e.getMessage().contains("at most 1290 voxels per side"), e.getMessage());
    }

    /** Inside the schema's range (0 to 1024) but above the machine's limit (at most 256): lowered with a note. */
    @Test
    void threadCountsAreLoweredToTheLimit() {
        CliRun r = fuse(temp.resolve("t").toString(), "--threads", "1000");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("1000 threads requested, " + RowBlocks.threadLimit() + " used"), r.err());
        assertTrue(r.out().contains("threads " + RowBlocks.threadLimit()), r.out());
    }

    /**
     * Two runs into one folder, in both orders of their parameters: the first holds the folder (stopped inside its
     * computation), the second is refused before computing, naming the first; the folder then holds exactly the
     * first run's complete set.
     */
    @Test
    void twoRunsIntoOneFolderNeverMix() throws Exception {
        String[][] orders = {{"0.15", "0.5"}, {"0.5", "0.15"}};
        for (String[] order : orders) {
            Path out = temp.resolve("shared-" + order[0]);
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            FusionParameters params = FusionParameters.builder().lambdaTv(Double.parseDouble(order[0]))
                    .iterations(3).build();
            ImagePlus haadf = FusionFiles.openHaadf(npz() + ":HAADF");
            List<ImagePlus> maps = FusionFiles.openMaps(List.of(npz()), "Sc,Dy,O");
            RunContext run = RunContext.threads(2).command("first run").saveTo(out, false)
                    .progress((f, m) -> {
                        inside.countDown();
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
            CompletableFuture<FusionJob.Outcome> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return new FusionJob(params, run).run(haadf, maps, "Sc,Dy,O");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(inside.await(60, TimeUnit.SECONDS), "the first run did not start");
            CliRun second = fuse(out.toString(), "--lambda_tv", order[1]);
            refused(second, 2, "being written by another FusionJ run (first run, pid "
                    + ProcessHandle.current().pid(), "wait for it to finish or choose another output");
            release.countDown();
            FusionJob.Outcome o = first.get(60, TimeUnit.SECONDS);
            assertEquals(7, count(out), "exactly the first run's set, no partial files");
            float[] saved = (float[]) ImageFiles.open(out.resolve("fused_Dy.tif").toString()).getProcessor()
                    .getPixels();
            assertArrayEquals(o.result().fusedMaps().get(1), saved, "the folder holds the first run's maps");
            // a run arriving after the first finished is refused too (the names are taken), before computing
            refused(fuse(out.toString(), "--lambda_tv", order[1]), 2, "already holds");
        }
    }
}
