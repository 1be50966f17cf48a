package org.fusionj.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for a test (a full disk, a read-only folder), where the machine allows it (Linux, as root,
 * mount permitted); otherwise the test is skipped with the reason printed.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /**
     * Mounts a tmpfs with {@code options} (e.g. "size=1m" or "ro,size=1m") on the new folder {@code dir}, or skips
     * the calling test, printing why.
     */
    public static Tmpfs mountOrSkip(Path dir, String options) throws IOException, InterruptedException {
        String reason = null;
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            reason = "tmpfs mounts need Linux";
        } else {
            Files.createDirectories(dir);
            String out = run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()));
            if (out != null) {
                reason = "cannot mount a tmpfs here (" + out + ")";
            }
        }
        if (reason != null) {
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("umount", "-l", dir.toString()));
    }

    /** Runs a command with a time bound; null on success, else its output or the failure. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : (out.isEmpty() ? "exit " + p.exitValue() : out);
    }
}
