package org.fusionj.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.RunContext;

/**
 * The single TIFF file a {@code simulate-*} command writes: {@code --out FILE.tif}, checked and claimed before any
 * work, written whole or not at all.
 */
final class TiffOutput {

    private TiffOutput() {
    }

    /** The {@code --out} file; refused unless it names a .tif file. */
    static Path file(Arguments args) {
        Path file = Path.of(args.required("out"));
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tif")) {
            throw new InvalidInputException("--out must name a .tif file, got " + file);
        }
        return file;
    }

    /**
     * Checks the file (writable, not existing unless {@code overwrite}, room for {@code bytes}) and the memory,
     * and claims it, before any work.
     */
    static OutputFolder claim(String command, Path file, boolean overwrite, long bytes, MemoryEstimate memory)
            throws IOException {
        RunContext run = RunContext.defaults().command(command).saveTo(file, overwrite);
        return run.begin(run.filePlan().estimatedBytes(bytes), memory);
    }

    /** Writes {@code imp} as the claimed file: it appears complete or not at all. */
    static void write(OutputFolder out, ImagePlus imp) throws IOException {
        out.stageTiff(out.names().get(0), imp);
        out.commit();
    }
}
