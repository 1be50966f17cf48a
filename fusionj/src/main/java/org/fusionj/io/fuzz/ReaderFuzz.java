package org.fusionj.io.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ij.ImagePlus;

import org.fusionj.io.FileFormatException;
import org.fusionj.io.ImageFiles;
import org.fusionj.io.ReadWatchdog;

/**
 * Opens damaged files from {@link DamagedFiles} through {@link ImageFiles#open(String)}, the entry point every
 * command uses, one at a time, each on its own thread with a time bound, and sorts the outcomes:
 * <ul>
 * <li><b>clean refusal</b>: a {@link FileFormatException} whose message is one line starting with the file's name;</li>
 * <li><b>opened</b>: an image came back (a flipped bit in the pixels is still an image); a file that was cut short
 *     must then give exactly the pixels of the undamaged file (the cut removed nothing the image needs), otherwise
 *     it was zero-filled and counts as a failure;</li>
 * <li><b>failure</b>: anything else: another exception, an Error such as OutOfMemoryError, an unclear message, or a
 *     read still running at the time bound (a hang).</li>
 * </ul>
 * While it runs, the watchdog's base limit for third-party parsers is lowered to {@value #WATCHDOG_SECONDS} s (unless
 * set), so that a parser loop shows up as a refusal within the per-file bound rather than after a minute.
 */
public final class ReaderFuzz {

    static final int WATCHDOG_SECONDS = 10;

    /** The outcome of one family's run. */
    public record Result(Family family, int files, int cleanRefusals, int opened, List<String> watchdogRefusals,
            List<String> failures, long slowestMillis, String slowestMutation) {

        public int failureCount() {
            return failures.size();
        }
    }

    private ReaderFuzz() {
    }

    /**
     * Generates and opens {@code count} damaged files of {@code family}.
     *
     * @param seed the generator seed; the same seed gives the same files
     * @param scratch a folder for the files (each is deleted after it is opened)
     * @param perFileMillis the time bound for one open
     */
    public static Result run(Family family, int count, long seed, Path scratch, long perFileMillis) throws IOException {
        String previous = System.getProperty(ReadWatchdog.PROPERTY);
        if (previous == null) {
            System.setProperty(ReadWatchdog.PROPERTY, Integer.toString(WATCHDOG_SECONDS));
        }
        try {
            return runBounded(family, count, seed, scratch, perFileMillis);
        } finally {
            if (previous == null) {
                System.clearProperty(ReadWatchdog.PROPERTY);
            }
        }
    }

    private static Result runBounded(Family family, int count, long seed, Path scratch, long perFileMillis)
            throws IOException {
        List<DamagedFiles.Base> bases = DamagedFiles.bases(family, scratch);
        List<ImagePlus> originals = new ArrayList<>();
        for (DamagedFiles.Base base : bases) {
            Path f = scratch.resolve("base." + family.extension);
            Files.write(f, base.bytes());
            originals.add(ImageFiles.open(f + (base.key() == null ? "" : ":" + base.key())));
            Files.delete(f);
        }
        Random random = new Random(seed * 31 + family.ordinal());
        int clean = 0;
        int opened = 0;
        List<String> watchdog = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long slowest = 0;
        String slowestWhat = "";
        for (int i = 0; i < count; i++) {
            DamagedFiles.Mutant m = DamagedFiles.mutate(family, bases, random);
            String fileName = String.format("%s-%05d.%s", family.name().toLowerCase(), i, family.extension);
            Path file = scratch.resolve(fileName);
            Files.write(file, m.bytes());
            String spec = file + (m.base().key() == null ? "" : ":" + m.base().key());
            String what = fileName + " (" + m.base().name() + ", " + m.mutation() + ")";
            long t0 = System.nanoTime();
            Object outcome = openBounded(spec, perFileMillis);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > slowest) {
                slowest = ms;
                slowestWhat = what;
            }
            if (outcome instanceof ImagePlus imp) {
                ImagePlus original = originals.get(bases.indexOf(m.base()));
                if (m.truncated() && !samePixels(original, imp)) {
                    failures.add(what + ": a truncated file opened with other pixels (zero-filled?)");
                } else {
                    opened++;
                }
            } else if (outcome instanceof FileFormatException e) {
                String msg = e.getMessage();
                if (msg == null || msg.contains("\n") || !msg.startsWith(fileName)) {
                    failures.add(what + ": unclear message: " + msg);
                } else {
                    clean++;
                    if (msg.contains("did not finish within")) {
                        watchdog.add(what);
                    }
                }
            } else if (outcome instanceof TimeoutException) {
                failures.add(what + ": no result within " + perFileMillis + " ms (hang)");
            } else {
                Throwable t = (Throwable) outcome;
                failures.add(what + ": " + t.getClass().getName() + ": " + t.getMessage());
            }
            Files.deleteIfExists(file);
        }
        return new Result(family, count, clean, opened, watchdog, failures, slowest, slowestWhat);
    }

    /** Opens {@code spec} on a daemon thread; returns the image, the Throwable, or a TimeoutException. */
    private static Object openBounded(String spec, long millis) {
        FutureTask<Object> task = new FutureTask<>(() -> {
            try {
                return ImageFiles.open(spec);
            } catch (Throwable t) { // the fuzz records everything, Errors included
                return t;
            }
        });
        Thread worker = new Thread(task, "fuzz open");
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    private static boolean samePixels(ImagePlus a, ImagePlus b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight() || a.getStackSize() != b.getStackSize()) {
            return false;
        }
        for (int s = 1; s <= a.getStackSize(); s++) {
            float[] x = (float[]) a.getStack().getProcessor(s).convertToFloatProcessor().getPixels();
            float[] y = (float[]) b.getStack().getProcessor(s).convertToFloatProcessor().getPixels();
            if (!Arrays.equals(x, y)) {
                return false;
            }
        }
        return true;
    }
}
