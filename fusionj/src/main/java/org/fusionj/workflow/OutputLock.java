package org.fusionj.workflow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.fusionj.core.InvalidInputException;

/**
 * The exclusive claim of one output (a folder's result set, or one file) by one run: a lock file in the output
 * folder, held with an operating-system lock ({@link FileChannel#tryLock()}) for the whole run and describing its
 * owner (command, pid, host, process start, claim time).
 *
 * <p>Why an OS lock and not only an exclusive create: the OS drops the lock when its process dies, even by
 * SIGKILL, so a claim left by a dead run is recognised without guessing from pids, and taken over. The owner
 * deletes the lock file before releasing the lock; a run that locked a file which is no longer the one at the path
 * (compared by file key) tries again. Within one JVM (several jobs in one Fiji) a registry stands in for the OS
 * lock, because POSIX drops all of a process's locks on a file when any of its descriptors to it is closed.
 */
final class OutputLock {

    static final String PREFIX = ".fusionj-lock";

    private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String previousOwner;
    private boolean released;

    private OutputLock(Path file, FileChannel channel, FileLock lock, String previousOwner) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.previousOwner = previousOwner;
    }

    /** The lock file's name for an output key (empty: the folder's result set). */
    static String fileName(String key) {
        return key.isEmpty() ? PREFIX : PREFIX + "." + key;
    }

    /**
     * Claims {@code key} in {@code dir} (which exists) for run {@code runId}.
     *
     * @throws InvalidInputException when another run holds it, naming that run
     */
    static OutputLock acquire(Path dir, String key, String command, String runId) throws IOException {
        Path file = dir.toRealPath().resolve(fileName(key));
        String owner = ownerText(command, runId);
        for (int attempt = 0; attempt < 50; attempt++) {
            String here = HELD_HERE.putIfAbsent(file, owner);
            if (here != null) {
                throw busy(dir, here);
            }
            OutputLock acquired = null;
            try {
                acquired = tryOnce(dir, file, owner);
            } finally {
                if (acquired == null) {
                    HELD_HERE.remove(file, owner);
                }
            }
            if (acquired != null) {
                return acquired;
            }
        }
        throw new IOException("could not claim " + file + ": it keeps being replaced");
    }

    /** One attempt: the lock, or null to try again (the file changed under us); throws when another run holds it. */
    private static OutputLock tryOnce(Path dir, Path file, String owner) throws IOException {
        Object keyBefore = fileKey(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot lock " + file + " to claim the output: " + OutputPlan.reason(e), e);
        }
        if (lock == null) {
            String other = read(ch);
            ch.close();
            throw busy(dir, other);
        }
        Object keyAfter = fileKey(file);
        boolean same = keyBefore != null && keyBefore.equals(keyAfter)
                || keyBefore == null && keyAfter == null && Files.exists(file) && !supportsFileKeys(dir);
        if (!same) {
            lock.release();
            ch.close();
            return null;
        }
        String previous = read(ch);
        byte[] bytes = owner.getBytes(StandardCharsets.UTF_8);
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(bytes), 0);
        ch.force(false);
        return new OutputLock(file, ch, lock, previous.isBlank() ? null : previous);
    }

    /** What a run that died without releasing left in the lock file (its owner), or null. */
    String previousOwner() {
        return previousOwner;
    }

    /** Deletes the lock file and releases the lock (in that order, see the class comment). */
    synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the lock file stays; the next run takes it over
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to do
        }
        HELD_HERE.remove(file);
    }

    /** "another FusionJ run (fuse, pid 1234 on host, started 2026-12-06 22:40:01)". */
    static String describeOwner(String text) {
        String details = ownerDetails(text);
        return details.isEmpty() ? "another FusionJ run" : "another FusionJ run (" + details + ")";
    }

    /** "fuse, pid 1234 on host, started 2026-12-06 22:40:01" from a lock file's text; "" when unreadable. */
    static String ownerDetails(String text) {
        Map<String, String> f = fields(text);
        if (f.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(f.getOrDefault("command", "?"));
        if (f.containsKey("pid")) {
            b.append(", pid ").append(f.get("pid"));
        }
        if (f.containsKey("host")) {
            b.append(" on ").append(f.get("host"));
        }
        if (f.containsKey("claimed")) {
            b.append(", started ").append(f.get("claimed"));
        }
        return b.toString();
    }

    private static InvalidInputException busy(Path dir, String owner) {
        return new InvalidInputException("output " + dir + " is being written by " + describeOwner(owner)
                + "; wait for it to finish or choose another output");
    }

    private static String ownerText(String command, String runId) {
        ProcessHandle self = ProcessHandle.current();
        String started = self.info().startInstant().map(TIME::format).orElse("?");
        return "FusionJ output claim\n"
                + "run=" + runId + "\n"
                + "command=" + command.replace('\n', ' ') + "\n"
                + "pid=" + self.pid() + "\n"
                + "host=" + Host.name() + "\n"
                + "process_started=" + started + "\n"
                + "claimed=" + TIME.format(Instant.now()) + "\n";
    }

    static Map<String, String> fields(String text) {
        Map<String, String> f = new LinkedHashMap<>();
        if (text == null) {
            return f;
        }
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                f.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return f;
    }

    private static String read(FileChannel ch) {
        try {
            long size = Math.min(ch.size(), 4096);
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
                // read on
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** False on file systems without file keys (Windows), where a locked file cannot be deleted anyway. */
    private static boolean supportsFileKeys(Path dir) throws IOException {
        return Files.readAttributes(dir, BasicFileAttributes.class).fileKey() != null;
    }

    /** This machine's name, for the claim (never a network lookup that could hang). */
    static final class Host {
        private static volatile String name;

        private Host() {
        }

        static String name() {
            String n = name;
            if (n == null) {
                n = System.getenv("HOSTNAME");
                if (n == null || n.isBlank()) {
                    n = System.getenv("COMPUTERNAME");
                }
                if (n == null || n.isBlank()) {
                    try {
                        n = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
                    } catch (IOException | RuntimeException e) {
                        n = "this machine";
                    }
                }
                name = Objects.requireNonNullElse(n, "this machine");
            }
            return name;
        }
    }
}
