package org.fusionj.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;

import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.testing.TestData;
import org.fusionj.testing.Tmpfs;
import org.fusionj.workflow.fusion.FusionFiles;
import org.fusionj.workflow.fusion.FusionJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills up between the check before work and the save (another program writes meanwhile): the save fails
 * saying "no space left on device", and no result and no partial file remains.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DiskFullTest {

    @TempDir
    Path temp;

    @Test
    void aDiskThatFillsDuringTheRunLeavesNothingAndSaysSo() throws Exception {
        try (Tmpfs disk = Tmpfs.mountOrSkip(temp.resolve("disk"), "size=8m")) {
            Path out = disk.dir().resolve("results");
            Path filler = disk.dir().resolve("someone-else.bin");
            String npz = TestData.dyscO3Npz().toString();
            ImagePlus haadf = FusionFiles.openHaadf(npz + ":HAADF");
            List<ImagePlus> maps = FusionFiles.openMaps(List.of(npz), "Sc,Dy,O");
            AtomicBoolean filled = new AtomicBoolean();
            RunContext run = RunContext.threads(2).saveTo(out, false).progress((f, m) -> {
                if (f >= 1 && filled.compareAndSet(false, true)) {
                    fill(filler, 300 << 10);
                }
            });
            FusionParameters p = FusionParameters.builder().iterations(3).build();
            IOException e = assertThrows(IOException.class, () -> new FusionJob(p, run).run(haadf, maps,
                    "Sc,Dy,O"));
            assertTrue(filled.get(), "the disk was filled after the check");
            assertTrue(e.getMessage().startsWith("no space left on device while writing ")
                    && e.getMessage().contains("nothing was written"), e.getMessage());
            assertEquals(new TreeSet<>(List.of("someone-else.bin")), listing(disk.dir()),
                    "no result, no partial file, no lock, no folder left");
        }
    }

    /** Fills the file system holding {@code file} until about {@code leave} bytes are free. */
    private static void fill(Path file, long leave) {
        try (OutputStream o = Files.newOutputStream(file)) {
            byte[] block = new byte[64 << 10];
            while (Files.getFileStore(file).getUsableSpace() > leave + block.length) {
                o.write(block);
                o.flush();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TreeSet<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(q -> q.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
