package org.fusionj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.fusionj.workflow.cluster.ClusterJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose task fails half way leaves nothing that looks like a result: the injected fault is a cut chunk of
 * the input (one energy of one block), so the other block tasks run and write their map chunks before the job
 * fails. Then: no maps.zarr, no summary.json, no staging folder, no lock; and an earlier result in the folder
 * (rerun with overwrite) is left exactly as it was. On a path and through Hadoop (a file: URI).
 */
class FailedRunTest extends LocalSparkTest {

    private static final int SIZE = 32;
    private static final int BLOCK = 16;

    @TempDir
    Path tmp;

    private static TreeSet<String> listing(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return new TreeSet<>();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Every file under {@code dir} with its bytes, for "left exactly as it was". */
    private static Map<String, String> contents(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).collect(Collectors.toMap(p -> dir.relativize(p).toString(),
                    p -> {
                        try {
                            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(
                                    "SHA-256").digest(Files.readAllBytes(p)));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, (a, b) -> a, java.util.TreeMap::new));
        }
    }

    private static ClusterJob xanesJob(SpectroPhantom p, Path series, String output, boolean overwrite) {
        ClusterJob j = FusionJSpark.pipelineJob(series, Path.of("unused"), p.energies(), BLOCK, 2);
        return new ClusterJob("xanes", new ClusterJob.Input("zarr", series, "", p.energies(), null, "pixel"),
                output, overwrite, "raw", false, j.blockSize(), j.registration(), j.xanes(), j.enhance(),
                j.resources());
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aRunWithAFailingTaskLeavesNoResultAndKeepsTheEarlierOne() throws Exception {
        SpectroPhantom p = new SpectroPhantom(SIZE, 12, 5);
        Path good = p.writeZarr(tmp.resolve("good.zarr"), BLOCK, 2);
        Path bad = p.writeZarr(tmp.resolve("bad.zarr"), BLOCK, 2);
        // the last block's chunk of energy 6 is cut: that block's task fails when it reads its footprint
        Path cut = bad.resolve("6.1.1.1");
        assertTrue(Files.exists(cut), "the chunk to cut exists");
        Files.write(cut, new byte[10]);

        for (boolean viaHadoop : List.of(false, true)) {
            Path dir = tmp.resolve(viaHadoop ? "uri" : "local");
            String fresh = viaHadoop ? dir.resolve("fresh").toUri().toString() : dir.resolve("fresh").toString();
            String earlier = viaHadoop ? dir.resolve("earlier").toUri().toString()
                    : dir.resolve("earlier").toString();
            String where = viaHadoop ? "through Hadoop" : "on a path";

            // a failed run into a new folder leaves nothing there
            Exception e = assertThrows(Exception.class, () -> run(xanesJob(p, bad, fresh, false), "xanes"));
            assertTrue(String.valueOf(rootMessage(e)).contains("6.1.1.1"), "the task failed on the cut chunk: "
                    + rootMessage(e));
            assertEquals(new TreeSet<>(), listing(dir.resolve("fresh")), "a failed run leaves nothing " + where);

            // a finished run, then a failed rerun with overwrite: the finished run's results stay as they were
            run(xanesJob(p, good, earlier, false), "xanes");
            Map<String, String> before = contents(dir.resolve("earlier"));
            assertTrue(before.containsKey("summary.json") && before.containsKey("maps.zarr/half_height/.zarray"),
                    before.keySet().toString());
            float[] halfHeight = readAll(dir.resolve("earlier/maps.zarr/half_height"));
            assertThrows(Exception.class, () -> run(xanesJob(p, bad, earlier, true), "xanes"));
            assertEquals(before, contents(dir.resolve("earlier")), "the earlier result is untouched " + where);
            assertArrayEquals(halfHeight, readAll(dir.resolve("earlier/maps.zarr/half_height")));
            assertFalse(listing(dir.resolve("earlier")).stream().anyMatch(n -> n.startsWith(".fusionj")),
                    "no staging folder or lock left " + where + ": " + listing(dir.resolve("earlier")));

            // a successful rerun with overwrite replaces the whole set
            run(xanesJob(p, good, earlier, true), "xanes");
            assertArrayEquals(halfHeight, readAll(dir.resolve("earlier/maps.zarr/half_height")));
            assertEquals(new TreeSet<>(List.of("energies.txt", "histograms.csv", "maps.zarr", "overview.h5",
                    "particles.csv", "spectra.csv", "summary.json")), listing(dir.resolve("earlier")), where);
        }
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
