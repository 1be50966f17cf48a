package org.fusionj.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Helpers for the benchmarks' Markdown output: the table and the notes below it. */
final class MarkdownTable {

    private MarkdownTable() {
    }

    /** The separator line: {@code left} left-aligned columns, then {@code right} right-aligned (number) ones. */
    static String separator(int left, int right) {
        return "|" + "---|".repeat(left) + "---:|".repeat(right);
    }

    /** The single-thread best over this row's best to 2 decimals, or empty for the single-thread row itself. */
    static String speedUp(Double singleBest, double best) {
        return singleBest == null ? "" : String.format(Locale.ROOT, "%.2f", singleBest / best);
    }

    /** {@code bytes / inputBytes} in {@code format}, or "n/a" where {@code bytes} is unknown (negative). */
    static String ratioOrNa(long bytes, long inputBytes, String format) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, format, (double) bytes / inputBytes);
    }

    /** A blank line after the table, then one bullet per note. */
    static void printNotes(PrintStream out, List<String> notes) {
        out.println();
        for (String note : notes) {
            out.println("- " + note);
        }
    }

    /** The last bullet: the whole benchmark's wall time since {@code startNanos} ({@link System#nanoTime()}). */
    static void printWholeBenchmark(PrintStream out, long startNanos) {
        out.printf(Locale.ROOT, "- whole benchmark: %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
        out.flush();
    }
}
