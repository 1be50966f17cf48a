package org.fusionj.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.Calibration;

import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.core.fusion.FusionSolver;
import org.fusionj.workflow.ImagePlanes;
import org.fusionj.workflow.fusion.ConvergencePlots;
import org.fusionj.workflow.fusion.FusionFiles;
import org.fusionj.workflow.fusion.FusionImages;
import org.fusionj.workflow.fusion.FusionInputs;
import org.fusionj.workflow.fusion.FusionKeys;
import org.fusionj.workflow.fusion.FusionRecord;

/**
 * {@code fusionj bench coldstart --steps}: where the CPU of one cold fuse goes. Runs, in this (fresh) JVM, the steps a
 * one-shot {@code fusionj fuse} of DyScO3 (tutorial preset) runs, in its order and with its classes: the parameters,
 * reading the NPZ, the solve, the three ImageJ plots, the result images, the five TIFFs, drawing the convergence
 * figure, its PNG, the HDF5 record; and prints per step the process CPU (all threads: the JIT compiler's, the GC's,
 * the solver's helper), the main thread's CPU and the wall time. The first row is the JVM's start (CPU and uptime
 * before {@code main}). Run through {@code bin/fusionj} so that the JVM is as a user's (its AOT cache or AppCDS
 * archive); the numbers say nothing on a JVM that has already run a fuse.
 */
final class ColdStartSteps {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threadsBean = ManagementFactory.getThreadMXBean();
    private final List<String[]> rows = new ArrayList<>();
    private long cpu;
    private long mainCpu;
    private long wall;

    private ColdStartSteps() {
        // the JVM's start: what the process spent before this point, and its uptime as the wall time
        long now = System.nanoTime();
        wall = now - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
        cpu = 0;
        mainCpu = 0;
    }

    private void step(String name) {
        long c = os.getProcessCpuTime();
        long m = threadsBean.getCurrentThreadCpuTime();
        long w = System.nanoTime();
        rows.add(new String[] {name, seconds(c - cpu), seconds(m - mainCpu), seconds(w - wall)});
        cpu = c;
        mainCpu = m;
        wall = w;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /**
     * Runs the steps on {@code data} (the DyScO3 NPZ) into {@code outDir} with {@code threads} solver threads and
     * prints the table.
     */
    static void run(PrintStream out, Path data, Path outDir, int threads) throws IOException {
        ColdStartSteps s = new ColdStartSteps();
        s.step("JVM start (before main)");
        Files.createDirectories(outDir);
        FusionParameters params = FusionKeys.parameters(FusionKeys.SCHEMA.read(
                k -> FusionKeys.PRESET.equals(k) ? "tutorial" : null));
        s.step("parameters");
        ImagePlus haadf = FusionFiles.openHaadf(data.toString());
        List<ImagePlus> maps = FusionFiles.openMaps(List.of(data.toString()), "Sc,Dy,O");
        FusionProblem problem = FusionInputs.problem(haadf, maps, "Sc,Dy,O");
        s.step("read the NPZ");
        FusionResult result = new FusionSolver(threads).solve(problem, params);
        s.step("solve (" + threads + " thread" + (threads == 1 ? "" : "s") + ")");
        Calibration cal = haadf.getCalibration();
        ConvergencePlots plots = ConvergencePlots.of(result.costs(), params, result.lambdaHaadf());
        s.step("three ImageJ plots");
        FusionImages images = FusionImages.of(result, cal, haadf.getTitle(), plots);
        s.step("result images");
        for (int e = 0; e < result.symbols().size(); e++) {
            String el = result.symbols().get(e);
            new FileSaver(ImagePlanes.toImagePlus(el, result.fusedMaps().get(e), result.width(), result.height(),
                    cal)).saveAsTiff(outDir.resolve("fused_" + el + ".tif").toString());
        }
        new FileSaver(images.fusedMaps()).saveAsTiffStack(outDir.resolve("fused_maps.tif").toString());
        new FileSaver(images.modelHaadf()).saveAsTiff(outDir.resolve("model_haadf.tif").toString());
        s.step("five TIFFs");
        ImagePlus figure = images.convergence().asFigure("convergence");
        s.step("draw the convergence figure (AWT, fonts)");
        new FileSaver(figure).saveAsPng(outDir.resolve("convergence.png").toString());
        s.step("PNG");
        FusionRecord.write(outDir.resolve(FusionRecord.FILE_NAME), result, params, cal.getUnit(), cal.pixelWidth,
                cal.pixelHeight);
        s.step("HDF5 record");
        out.println("## Cold start, step by step: one fuse of DyScO3 (256 x 256, Sc/Dy/O, tutorial preset, "
                + "30 iterations) in a fresh JVM");
        out.println();
        out.println("- machine: " + MachineInfo.describe());
        out.printf(Locale.ROOT, "- java %s, options %s; load average %.2f at the end (shared machine)%n",
                Runtime.version(), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                s.os.getSystemLoadAverage());
        out.println("- process CPU: all threads (JIT compilers, GC, the solver's helper); main: this thread only");
        out.println();
        out.println("| step | process CPU (s) | main thread CPU (s) | wall (s) |");
        out.println("|---|---:|---:|---:|");
        for (String[] r : s.rows) {
            out.println("| " + String.join(" | ", r) + " |");
        }
        out.printf(Locale.ROOT, "| total | %.3f | %.3f | %.3f |%n", s.os.getProcessCpuTime() / 1e9,
                s.threadsBean.getCurrentThreadCpuTime() / 1e9, ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
    }
}
