package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded mutation fuzzing for file readers: valid files are damaged the ways real files get damaged (cut short,
 * bits flipped, length and count fields overwritten with extreme values, chunks dropped or repeated), and every
 * damaged file must either open or be refused with a {@link FileFormatException} (an {@link IOException} naming
 * the file), within a time bound. Any other exception, a hang or a huge allocation fails the test. The same seed
 * gives the same files, so a failure is reproducible from the case number printed.
 */
final class MutationFuzzer {

    /** Opens a file; what a reader under test does. */
    @FunctionalInterface
    interface Opener {
        void open(Path file) throws IOException;
    }

    /** Outcome counts of a run. */
    record Outcome(int opened, int refused) {
    }

    private static final long[] EXTREMES = {0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffffL, 0x80000000L,
        0xffffffffL, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, 1L << 40};

    private MutationFuzzer() {
    }

    /** One damaged copy of {@code valid}: one to four mutations. */
    static byte[] mutate(byte[] valid, SplittableRandom rng) {
        byte[] b = valid.clone();
        int mutations = 1 + rng.nextInt(4);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            switch (rng.nextInt(6)) {
                case 0 -> b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
                case 1 -> b[rng.nextInt(b.length)] = (byte) EXTREMES[rng.nextInt(6)];
                case 2 -> { // a 2-, 4- or 8-byte field overwritten with an extreme value, either byte order
                    int width = new int[] {2, 4, 8}[rng.nextInt(3)];
                    if (b.length >= width) {
                        int at = rng.nextInt(b.length - width + 1);
                        long v = EXTREMES[rng.nextInt(EXTREMES.length)];
                        boolean big = rng.nextBoolean();
                        for (int i = 0; i < width; i++) {
                            int shift = 8 * (big ? width - 1 - i : i);
                            b[at + i] = (byte) (v >>> shift);
                        }
                    }
                }
                case 3 -> b = Arrays.copyOf(b, rng.nextInt(b.length)); // cut short
                case 4 -> { // a chunk removed
                    int from = rng.nextInt(b.length);
                    int len = Math.min(b.length - from, 1 + rng.nextInt(64));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, from);
                    System.arraycopy(b, from + len, c, from, b.length - from - len);
                    b = c;
                }
                default -> { // a chunk repeated
                    int from = rng.nextInt(b.length);
                    int len = Math.min(b.length - from, 1 + rng.nextInt(64));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, from + len);
                    System.arraycopy(b, from, c, from + len, b.length - from);
                    b = c;
                }
            }
        }
        return b;
    }

    /**
     * Writes {@code cases} damaged copies of {@code valid} into {@code dir} and opens each with {@code opener}, each
     * within {@code perFile}.
     */
    static Outcome run(byte[] valid, String fileName, Path dir, long seed, int cases, Duration perFile,
                       Opener opener) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        int opened = 0;
        int refused = 0;
        for (int i = 0; i < cases; i++) {
            byte[] damaged = mutate(valid, rng);
            Path file = dir.resolve(i + "-" + fileName);
            Files.write(file, damaged);
            int caseNumber = i;
            boolean ok = assertTimeoutPreemptively(perFile, () -> {
                try {
                    opener.open(file);
                    return true;
                } catch (FileFormatException expected) {
                    if (!expected.getMessage().startsWith(file.getFileName().toString())) {
                        fail("case " + caseNumber + " (seed " + seed + "): message does not name the file: "
                                + expected.getMessage());
                    }
                    return false;
                } catch (Throwable other) {
                    throw new AssertionError("case " + caseNumber + " (seed " + seed + "): " + other, other);
                }
            }, () -> "case " + caseNumber + " (seed " + seed + ") took longer than " + perFile);
            if (ok) {
                opened++;
            } else {
                refused++;
            }
            Files.delete(file);
        }
        return new Outcome(opened, refused);
    }
}
