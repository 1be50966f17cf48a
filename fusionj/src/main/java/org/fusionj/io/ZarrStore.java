package org.fusionj.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Where the files of one Zarr array or group live, by key ({@code .zarray}, {@code .zattrs}, {@code 0.3.1}): a
 * folder of a local or mounted file system ({@link #of(Path)}), or another store such as Hadoop's file systems
 * (HDFS, S3 through s3a), which the Spark module supplies. Every write is whole: a reader never sees part of a
 * file and a rewrite replaces it, so many tasks can write their own chunks at once.
 */
public interface ZarrStore {

    /** The bytes under {@code key}, or null when there are none. */
    byte[] read(String key) throws IOException;

    /** Writes {@code bytes} under {@code key} whole (replacing what was there). */
    void write(String key, byte[] bytes) throws IOException;

    /** Whether something is stored under {@code key}. */
    boolean exists(String key) throws IOException;

    /** Makes the store's folder (and its parents) where the store has folders. */
    void create() throws IOException;

    /** The store of a member of this group (a sub-folder). */
    ZarrStore child(String name);

    /** The store's path or URI, for messages. */
    String describe();

    /** The store's folder on the local file system, or null for other stores. */
    default Path localFolder() {
        return null;
    }

    /** A folder of the local (or a mounted) file system. */
    static ZarrStore of(Path dir) {
        return new Folder(dir);
    }

    /** A folder: one file per key, written under a unique temporary name and renamed into place. */
    final class Folder implements ZarrStore {
        private final Path dir;

        Folder(Path dir) {
            this.dir = dir;
        }

        @Override
        public byte[] read(String key) throws IOException {
            try {
                return Files.readAllBytes(dir.resolve(key));
            } catch (NoSuchFileException missing) {
                return null;
            }
        }

        @Override
        public void write(String key, byte[] bytes) throws IOException {
            Path file = dir.resolve(key);
            if (key.indexOf('/') >= 0) {
                Files.createDirectories(file.getParent());
            }
            writeAtomically(file, bytes);
        }

        @Override
        public boolean exists(String key) {
            return Files.exists(dir.resolve(key));
        }

        @Override
        public void create() throws IOException {
            Files.createDirectories(dir);
        }

        @Override
        public ZarrStore child(String name) {
            return new Folder(dir.resolve(name));
        }

        @Override
        public String describe() {
            return dir.toString();
        }

        @Override
        public Path localFolder() {
            return dir;
        }

        /** Writes bytes under a unique temporary name in the same folder, then renames them into place. */
        public static void writeAtomically(Path file, byte[] bytes) throws IOException {
            Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
