package org.fusionj.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes numpy {@code .npz} archives readable by {@code numpy.load}: one deflated
 * {@code <key>.npy} entry per array, in map iteration order. Arrays whose dtype is a 32-bit
 * float are stored as {@code <f4}; everything else as {@code <f8}, which holds every value of
 * an {@link NdArray} exactly.
 */
public final class NpzWriter {

    private NpzWriter() {}

    /**
     * Writes {@code arrays} to {@code file}, replacing any existing file.
     *
     * @throws IllegalArgumentException if a key is empty
     */
    public static void write(Path file, Map<String, NdArray> arrays) throws IOException {
        for (String key : arrays.keySet()) {
            if (key == null || key.isEmpty()) throw new IllegalArgumentException("NPZ keys must not be empty");
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
            ZipOutputStream zip = new ZipOutputStream(out))
        {
            for (Map.Entry<String, NdArray> entry : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey() + ".npy"));
                NpyWriter.write(zip, entry.getValue());
                zip.closeEntry();
            }
        }
    }
}
