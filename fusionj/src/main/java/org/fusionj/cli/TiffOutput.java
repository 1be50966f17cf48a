package org.fusionj.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.OutputFolder;

/** The single TIFF file a {@code simulate-*} command writes: {@code --out FILE.tif}, written whole or not at all. */
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

    /** Refuses an unwritable folder or an existing file (unless {@code overwrite}) before any work. */
    static void checkWritable(Path file, boolean overwrite) {
        OutputFolder.checkFileWritable(file, overwrite);
    }

    /** Writes {@code imp} to {@code file}: the file appears complete or not at all. */
    static void write(Path file, ImagePlus imp, boolean overwrite) throws IOException {
        OutputFolder folder = OutputFolder.open(folder(file), List.of(file.getFileName().toString()), overwrite);
        try {
            folder.stageTiff(file.getFileName().toString(), imp);
            folder.commit();
        } finally {
            folder.discard();
        }
    }

    private static Path folder(Path file) {
        return file.toAbsolutePath().getParent();
    }
}
