package org.fusionj.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads numpy {@code .npz} archives, as written by {@code numpy.savez} (stored entries) and
 * {@code numpy.savez_compressed} (deflated entries).
 * <p>
 * Keys are the entry names without their {@code .npy} suffix, in archive order. Each entry is
 * checked against the uncompressed size recorded in the zip directory before its data is read.
 */
public final class NpzReader {

    private static final String NPY_SUFFIX = ".npy";

    private NpzReader() {}

    /** Reads every array in the archive, keyed by name in archive order. */
    public static LinkedHashMap<String, NdArray> read(Path file) throws IOException {
        String archiveName = file.getFileName().toString();
        LinkedHashMap<String, NdArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = open(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory()) arrays.put(keyOf(entry), readEntry(zip, entry, archiveName));
            }
        }
        return arrays;
    }

    /**
     * Reads the single array stored under {@code key} (with or without the {@code .npy} suffix).
     *
     * @throws FileFormatException listing the available keys if there is no such array
     */
    public static NdArray read(Path file, String key) throws IOException {
        String archiveName = file.getFileName().toString();
        try (ZipFile zip = open(file)) {
            String baseKey = key.endsWith(NPY_SUFFIX) ? key.substring(0, key.length() - NPY_SUFFIX.length()) : key;
            ZipEntry entry = zip.getEntry(baseKey + NPY_SUFFIX);
            if (entry == null) entry = zip.getEntry(baseKey);
            if (entry == null || entry.isDirectory()) {
                throw new FileFormatException(archiveName, "no array '" + baseKey + "'; available keys: " + keys(zip));
            }
            return readEntry(zip, entry, archiveName);
        }
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new FileFormatException(file.getFileName().toString(),
                "not a valid NPZ (zip) archive: " + e.getMessage(), e);
        }
    }

    private static NdArray readEntry(ZipFile zip, ZipEntry entry, String archiveName) throws IOException {
        String sourceName = archiveName + ":" + entry.getName();
        try (InputStream in = new BufferedInputStream(zip.getInputStream(entry))) {
            return NpyReader.read(in, sourceName, entry.getSize());
        } catch (ZipException | EOFException e) { // damaged deflate data only surfaces while reading
            throw new FileFormatException(sourceName, "corrupt zip entry: " + e.getMessage(), e);
        }
    }

    private static String keyOf(ZipEntry entry) {
        String name = entry.getName();
        return name.endsWith(NPY_SUFFIX) ? name.substring(0, name.length() - NPY_SUFFIX.length()) : name;
    }

    private static List<String> keys(ZipFile zip) {
        List<String> keys = new ArrayList<>();
        zip.stream().filter(entry -> !entry.isDirectory()).forEach(entry -> keys.add(keyOf(entry)));
        return keys;
    }
}
