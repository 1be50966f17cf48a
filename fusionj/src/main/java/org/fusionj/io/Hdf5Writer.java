package org.fusionj.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a new HDF5 file through jhdf; the writer itself is the handle for the root group.
 * <p>
 * What jhdf 0.10.0 can write, and therefore what this class offers:
 * <ul>
 * <li>groups, nested to any depth;</li>
 * <li>datasets of float32, float64 (and, in jhdf, signed integers, bool and strings), of any
 *     rank including scalars, in contiguous layout;</li>
 * <li>attributes on the root group, on other groups and on datasets: strings, numbers and
 *     numeric arrays.</li>
 * </ul>
 * Its limits:
 * <ul>
 * <li>no chunking, compression or other filters, so files are as large as the raw data;</li>
 * <li>no unsigned integer types, no float16, no empty (zero-element) datasets;</li>
 * <li>no soft, external or repeated hard links;</li>
 * <li>no editing or appending: files are written in one go, and nothing reaches the disk until
 *     {@link #close()}, so all data is held in memory until then (this class copies it when
 *     added, so callers may reuse their arrays);</li>
 * <li>children and attributes are written in hash order, not insertion order;</li>
 * <li>the root group gets an extra {@code _jHDF} attribute naming the library version.</li>
 * </ul>
 * jhdf itself calls its writing support "alpha": the round trip through {@link Hdf5Reader} is
 * tested, but check files carefully before relying on them in other HDF5 software.
 */
public final class Hdf5Writer extends Hdf5GroupWriter implements AutoCloseable {

    private final WritableHdfFile file;
    private final Path path;
    private boolean closed;

    private Hdf5Writer(WritableHdfFile file, Path path) {
        super(file);
        this.file = file;
        this.path = path;
    }

    /**
     * Starts a new HDF5 file.
     *
     * @throws FileAlreadyExistsException if {@code file} already exists
     */
    public static Hdf5Writer create(Path file) throws IOException {
        return create(file, false);
    }

    /**
     * Starts a new HDF5 file, replacing an existing one only if {@code overwrite} is true.
     *
     * @throws FileAlreadyExistsException if {@code file} exists and {@code overwrite} is false
     */
    public static Hdf5Writer create(Path file, boolean overwrite) throws IOException {
        if (Files.exists(file)) {
            if (!overwrite) throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite");
            // jhdf opens without truncating, so stale bytes of a larger old file would remain
            Files.delete(file);
        }
        try {
            return new Hdf5Writer(HdfFile.write(file), file);
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot create HDF5 file: " + e.getMessage(), e);
        }
    }

    /** Writes everything added so far to disk and closes the file. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            file.close();
        } catch (RuntimeException e) {
            throw new IOException(path + ": failed to write HDF5 file: " + e.getMessage(), e);
        }
    }
}
