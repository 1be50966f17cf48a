package org.fusionj.bench;

import java.io.PrintStream;
import java.util.Locale;

/** The heading of a benchmark report: its title, the machine, the thread counts and the measured heap pools. */
final class MachineInfo {

    private MachineInfo() {
    }

    /** Processors, max heap, Java, architecture and operating system, on one line. */
    static String describe() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d processors (Runtime.availableProcessors), max heap %.0f MiB, "
                        + "Java %s (%s), os.arch %s, %s %s",
                rt.availableProcessors(), rt.maxMemory() / MemoryMeter.MIB, System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("os.arch"),
                System.getProperty("os.name"), System.getProperty("os.version"));
    }

    /** Prints {@code ## title}, a blank line, the machine and the threads / heap pools bullets. */
    static void printHeading(PrintStream out, String title, int threads, MemoryMeter memory) {
        out.println("## " + title);
        out.println();
        out.println("- machine: " + describe());
        out.printf(Locale.ROOT, "- threads: 1 and %d; heap pools measured: %s%n", threads, memory.poolNames());
    }
}
