package org.fusionj.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
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
 * checked against the uncompressed size recorded in the zip directory before its data is read,
 * and a deflated entry against the most its compressed bytes can expand to, so a damaged or
 * hostile archive (a "zip bomb") is refused before memory is committed. Any damage to the zip
 * structure is reported as a {@link FileFormatException} naming the archive.
 */
public final class NpzReader {

    private static final String NPY_SUFFIX = ".npy";
    /** Deflate cannot expand data by more than about 1032:1. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private NpzReader() {}

    /** Reads every array in the archive, keyed by name in archive order. */
    public static LinkedHashMap<String, NdArray> read(Path file) throws IOException {
        String archiveName = file.getFileName().toString();
        LinkedHashMap<String, NdArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = open(file)) {
            for (ZipEntry entry : entries(zip, archiveName)) {
                arrays.put(keyOf(entry), readEntry(zip, entry, archiveName));
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
            return readEntry(zip, find(zip, key, archiveName), archiveName);
        }
    }

    /** The keys of the arrays in the archive, in archive order, without reading any array. */
    public static List<String> keys(Path file) throws IOException {
        String archiveName = file.getFileName().toString();
        try (ZipFile zip = open(file)) {
            List<String> keys = new ArrayList<>();
            for (ZipEntry entry : entries(zip, archiveName)) {
                keys.add(keyOf(entry));
            }
            return keys;
        }
    }

    /** Reads the array under {@code key} as an image (see {@link NpyReader#readPlanes(Path)}). */
    public static FloatPlanes readPlanes(Path file, String key) throws IOException {
        String archiveName = file.getFileName().toString();
        try (ZipFile zip = open(file)) {
            ZipEntry entry = find(zip, key, archiveName);
            String sourceName = archiveName + ":" + keyOf(entry);
            long bound = entry.getMethod() == ZipEntry.DEFLATED && entry.getCompressedSize() >= 0
                ? entry.getCompressedSize() * MAX_DEFLATE_RATIO + 1024 : NpyReader.UNKNOWN_SIZE;
            try (InputStream in = new BufferedInputStream(zip.getInputStream(entry))) {
                return NpyReader.readPlanes(in, sourceName, entry.getSize(), bound);
            } catch (ZipException | EOFException | RuntimeException e) {
                throw corrupt(sourceName, e);
            }
        }
    }

    private static ZipEntry find(ZipFile zip, String key, String archiveName) throws IOException {
        String baseKey = key.endsWith(NPY_SUFFIX) ? key.substring(0, key.length() - NPY_SUFFIX.length()) : key;
        try {
            ZipEntry entry = zip.getEntry(baseKey + NPY_SUFFIX);
            if (entry == null) entry = zip.getEntry(baseKey);
            if (entry == null || entry.isDirectory()) {
                List<String> keys = new ArrayList<>();
                for (ZipEntry e : entries(zip, archiveName)) keys.add(keyOf(e));
                throw new FileFormatException(archiveName, "no array '" + baseKey + "'; available keys: " + keys);
            }
            return entry;
        } catch (RuntimeException e) {
            throw damagedDirectory(archiveName, e);
        }
    }

    private static List<ZipEntry> entries(ZipFile zip, String archiveName) throws FileFormatException {
        List<ZipEntry> list = new ArrayList<>();
        try {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory()) list.add(entry);
            }
        } catch (RuntimeException e) {
            throw damagedDirectory(archiveName, e);
        }
        return list;
    }

    private static ZipFile open(Path file) throws IOException {
        String name = file.getFileName().toString();
        try {
            return new ZipFile(file.toFile());
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (java.io.FileNotFoundException e) {
            if (file.toFile().exists() && !file.toFile().canRead()) throw ImageFiles.permissionDenied(file);
            throw e;
        } catch (IOException | RuntimeException e) { // ZipException, EOFException, ... on a damaged directory
            throw damagedDirectory(name, e);
        }
    }

    private static FileFormatException damagedDirectory(String archiveName, Exception e) {
        return new FileFormatException(archiveName, "not a valid NPZ (zip) archive: its zip directory is damaged "
            + "or the file is truncated (" + describe(e) + "); save it again with numpy.savez", e);
    }

    private static NdArray readEntry(ZipFile zip, ZipEntry entry, String archiveName) throws IOException {
        String sourceName = archiveName + ":" + entry.getName();
        try (InputStream in = new BufferedInputStream(zip.getInputStream(entry))) {
            return NpyReader.read(in, sourceName, entry.getSize());
        } catch (ZipException | EOFException | RuntimeException e) { // damaged deflate data only surfaces while reading
            throw corrupt(sourceName, e);
        }
    }

    private static FileFormatException corrupt(String sourceName, Exception e) {
        return new FileFormatException(sourceName, "corrupt zip entry (" + describe(e) + "): the archive is damaged or"
            + " truncated", e);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String keyOf(ZipEntry entry) {
        String name = entry.getName();
        return name.endsWith(NPY_SUFFIX) ? name.substring(0, name.length() - NPY_SUFFIX.length()) : name;
    }
}
