package org.fusionj.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run {@code bin/fusionj} records its class-data archive (JDK 13-24) or AOT cache (JDK 25+) from, once
 * per build: what a user's one-shot {@code fusionj fuse} runs, in one JVM, so that its classes (and, with an AOT
 * cache, its method profiles) are in the archive. Three fuses of the bundled DyScO3 data: the default preset from
 * the NPZ, the {@code tutorial} preset (the notebook's numerics: its own TV step and weights), and the default preset
 * again from TIFF files (the first run's outputs), so that the TIFF reader is in it too.
 *
 * <p>Usage: {@code java -XX:... -cp ... org.fusionj.cli.ArchiveTraining DATA.npz WORK_DIR}; exit status 0 when every
 * fuse succeeded (bin/fusionj keeps no archive otherwise).
 */
public final class ArchiveTraining {

    private ArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (args.length != 2) {
            System.err.println("usage: ArchiveTraining DATA.npz WORK_DIR");
            System.exit(2);
        }
        System.exit(train(args[0], Path.of(args[1]), System.err));
    }

    /** Runs the three fuses into folders under {@code work}; returns the first non-zero exit status, or 0. */
    static int train(String data, Path work, PrintStream err) throws IOException {
        Files.createDirectories(work);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Path first = work.resolve("fusionj");
        List<List<String>> runs = List.of(
                fuse(data, List.of(data), first, "fusionj"),
                fuse(data, List.of(data), work.resolve("tutorial"), "tutorial"),
                fuse(first.resolve("model_haadf.tif").toString(), List.of(first.resolve("fused_Sc.tif").toString(),
                        first.resolve("fused_Dy.tif").toString(), first.resolve("fused_O.tif").toString()),
                        work.resolve("tiff"), "fusionj"));
        for (List<String> run : runs) {
            int status = FusionJCli.run(run, quiet, err);
            if (status != 0) {
                return status;
            }
        }
        return 0;
    }

    private static List<String> fuse(String haadf, List<String> maps, Path out, String preset) {
        List<String> words = new ArrayList<>(List.of("fuse", "--haadf", haadf, "--maps"));
        words.addAll(maps);
        words.addAll(List.of("--elements", "Sc,Dy,O", "--preset", preset, "--quiet", "--out", out.toString()));
        return words;
    }
}
