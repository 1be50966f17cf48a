package org.fusionj.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkEnv;
import org.fusionj.io.ZarrStore;
import org.fusionj.workflow.cluster.ClusterJob;

import scala.Tuple2;

/**
 * A file or folder of a distributed run: a path of the local (or a mounted) file system, read and written with
 * java.nio as the single-machine commands do, or a Hadoop file system URI ({@code s3a://}, {@code hdfs://},
 * {@code file://}, any scheme the cluster's Hadoop knows), read and written through Hadoop's {@link FileSystem}
 * API. Serializable (it is only text): tasks carry it and open what they read.
 *
 * <p>Whole-file writes: on a file system, under a unique temporary name then renamed into place; on an object
 * store (s3a, gs, abfs, ...), where a rename is a copy but an object appears only when its upload completes,
 * directly. Hadoop's local file system is used without its checksum files (no {@code .crc} beside every chunk).
 */
final class Location implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Schemes whose objects appear whole when their upload completes (and whose renames are copies). */
    private static final Set<String> OBJECT_STORES = Set.of("s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb",
            "wasbs", "oss", "cos", "cosn", "obs");

    private final String text;

    private Location(String text) {
        this.text = text;
    }

    /** A path (made absolute) or a URI, as a job file gives it. */
    static Location of(String location) {
        if (ClusterJob.isUri(location)) {
            return new Location(location);
        }
        return new Location(Path.of(location).toAbsolutePath().normalize().toString());
    }

    static Location of(Path path) {
        return of(path.toString());
    }

    /** Whether this is a path of the local (or a mounted) file system, handled without Hadoop. */
    boolean isLocal() {
        return !ClusterJob.isUri(text);
    }

    /** The local path (only for {@link #isLocal()} locations). */
    Path path() {
        if (!isLocal()) {
            throw new IllegalStateException(text + " is not a local path");
        }
        return Path.of(text);
    }

    Location resolve(String name) {
        return new Location(isLocal() ? Path.of(text).resolve(name).toString()
                : text.replaceFirst("/+$", "") + "/" + name);
    }

    /** The Zarr store of this folder. */
    ZarrStore zarr() {
        return isLocal() ? ZarrStore.of(Path.of(text)) : new HadoopStore(this);
    }

    /** The file's bytes, or null when it does not exist. */
    byte[] read() throws IOException {
        if (isLocal()) {
            try {
                return Files.readAllBytes(Path.of(text));
            } catch (NoSuchFileException e) {
                return null;
            }
        }
        FileSystem fs = fileSystem();
        try (InputStream in = fs.open(hadoopPath())) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    String readString() throws IOException {
        byte[] b = read();
        if (b == null) {
            throw new NoSuchFileException(text);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    boolean exists() throws IOException {
        return isLocal() ? Files.exists(Path.of(text)) : fileSystem().exists(hadoopPath());
    }

    boolean isFile() throws IOException {
        return isLocal() ? Files.isRegularFile(Path.of(text)) : fileSystem().isFile(hadoopPath());
    }

    void mkdirs() throws IOException {
        if (isLocal()) {
            Files.createDirectories(Path.of(text));
        } else {
            fileSystem().mkdirs(hadoopPath());
        }
    }

    /** Writes the file whole (see the class comment), replacing what was there. */
    void write(byte[] bytes) throws IOException {
        if (isLocal()) {
            Path file = Path.of(text);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            ZarrStore.Folder.writeAtomically(file, bytes);
            return;
        }
        FileSystem fs = fileSystem();
        org.apache.hadoop.fs.Path target = hadoopPath();
        if (OBJECT_STORES.contains(scheme())) {
            try (OutputStream out = fs.create(target, true)) {
                out.write(bytes);
            }
            return;
        }
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName()
                + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = fs.create(tmp, false)) {
                out.write(bytes);
            }
            if (!fs.rename(tmp, target)) {
                // HDFS does not rename over an existing file: a retried task replaces its chunk
                fs.delete(target, false);
                if (!fs.rename(tmp, target)) {
                    throw new IOException("cannot rename " + tmp + " to " + target);
                }
            }
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, false);
            }
        }
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes the folder and everything in it (nothing when it does not exist). */
    void deleteTree() throws IOException {
        if (isLocal()) {
            Path dir = Path.of(text);
            if (!Files.exists(dir)) {
                return;
            }
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } else {
            fileSystem().delete(hadoopPath(), true);
        }
    }

    /**
     * Renames this file or folder to {@code target} (which must not exist; same file system): a rename on a
     * local or HDFS path, a copy of every object then a delete on an object store (Hadoop's rename).
     */
    void rename(Location target) throws IOException {
        if (isLocal() != target.isLocal()) {
            throw new IllegalArgumentException("cannot rename " + this + " to " + target + ": not the same store");
        }
        if (isLocal()) {
            Files.move(Path.of(text), target.path(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        if (!fileSystem().rename(hadoopPath(), target.hadoopPath())) {
            throw new IOException("cannot rename " + this + " to " + target);
        }
    }

    /** Names directly in this folder (empty when it does not exist). */
    List<String> list() throws IOException {
        if (isLocal()) {
            Path dir = Path.of(text);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (var s = Files.list(dir)) {
                return s.map(p -> p.getFileName().toString()).sorted().toList();
            }
        }
        FileSystem fs = fileSystem();
        if (!fs.exists(hadoopPath())) {
            return List.of();
        }
        return java.util.Arrays.stream(fs.listStatus(hadoopPath())).map(st -> st.getPath().getName()).sorted()
                .toList();
    }

    private String scheme() {
        return URI.create(text).getScheme().toLowerCase(java.util.Locale.ROOT);
    }

    private org.apache.hadoop.fs.Path hadoopPath() {
        return new org.apache.hadoop.fs.Path(text);
    }

    private FileSystem fileSystem() throws IOException {
        FileSystem fs = hadoopPath().getFileSystem(Hadoop.configuration());
        // Hadoop's local file system writes a .crc file beside every file: use the raw one underneath
        return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Location l && l.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The Hadoop configuration of this JVM: the cluster's (core-site.xml etc.) plus Spark's spark.hadoop.* keys. */
    static final class Hadoop {
        private static volatile Configuration conf;

        private Hadoop() {
        }

        static Configuration configuration() {
            Configuration c = conf;
            if (c == null) {
                synchronized (Hadoop.class) {
                    c = conf;
                    if (c == null) {
                        c = new Configuration();
                        SparkEnv env = SparkEnv.get();
                        if (env != null) {
                            for (Tuple2<String, String> kv : env.conf().getAll()) {
                                if (kv._1().startsWith("spark.hadoop.")) {
                                    c.set(kv._1().substring("spark.hadoop.".length()), kv._2());
                                }
                            }
                        }
                        conf = c;
                    }
                }
            }
            return c;
        }
    }

    /** A Zarr array or group folder under a Hadoop URI. */
    static final class HadoopStore implements ZarrStore {
        private final Location dir;

        HadoopStore(Location dir) {
            this.dir = dir;
        }

        @Override
        public byte[] read(String key) throws IOException {
            return dir.resolve(key).read();
        }

        @Override
        public void write(String key, byte[] bytes) throws IOException {
            dir.resolve(key).write(bytes);
        }

        @Override
        public boolean exists(String key) throws IOException {
            return dir.resolve(key).exists();
        }

        @Override
        public void create() throws IOException {
            dir.mkdirs();
        }

        @Override
        public ZarrStore child(String name) {
            return new HadoopStore(dir.resolve(name));
        }

        @Override
        public String describe() {
            return dir.toString();
        }
    }

    /** Unchecked, for lambdas. */
    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e.getMessage(), e);
    }
}
