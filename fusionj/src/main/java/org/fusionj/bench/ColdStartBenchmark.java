package org.fusionj.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code fusionj bench coldstart} (run as {@code java -cp ... org.fusionj.bench.ColdStartBenchmark}): a one-shot
 * {@code fusionj fuse} of the DyScO3 tutorial data as a fresh process, against the notebook run as a process (a
 * numpy port of the notebook's numerics, {@code notebook_fusion.py}, bundled; it reproduces the published maps
 * exactly), side by side.
 *
 * <p>Each round runs every configuration once, in the same order, as a new process: the notebook; the FusionJ CLI
 * without and with the application class-data archive (AppCDS) that {@code bin/fusionj} builds; and with the archive
 * plus {@code -XX:TieredStopAtLevel=1} (C1 only). Wall time is measured around the process; when
 * {@code /usr/bin/time} exists, also the process's CPU time (user + system, all its threads). Medians over the
 * rounds, with the load average before and after, since a shared machine moves wall times a lot.
 */
public final class ColdStartBenchmark {

    private ColdStartBenchmark() {
    }

    /** One way of running the job. */
    record Config(String name, List<String> command) {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        int rounds = intOption(a, "--rounds", 7);
        String python = option(a, "--python", "python3");
        Path home = Path.of(option(a, "--home", System.getProperty("fusionj.home", "."))).toAbsolutePath().normalize();
        run(System.out, home, python, rounds);
    }

    private static String option(List<String> a, String name, String fallback) {
        int i = a.indexOf(name);
        return i >= 0 && i + 1 < a.size() ? a.get(i + 1) : fallback;
    }

    private static int intOption(List<String> a, String name, int fallback) {
        return Integer.parseInt(option(a, name, Integer.toString(fallback)));
    }

    static void run(PrintStream out, Path home, String python, int rounds) throws IOException, InterruptedException {
        Path data = home.resolve("test-data/DyScO3/DyScO3_HAADF_EDX.npz");
        Path module = home.resolve("fusionj");
        Path jar;
        try (var s = Files.list(module.resolve("target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("FusionJ_-.*\\.jar")
                    && !p.getFileName().toString().matches(".*-(sources|tests|javadoc)\\.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no packaged jar in fusionj/target: run mvn package first"));
        }
        String cp = jar + java.io.File.pathSeparator + module.resolve("target/deps") + "/*";
        Path work = Files.createTempDirectory("fusionj-coldstart");
        Path script = work.resolve("notebook_fusion.py");
        try (InputStream in = ColdStartBenchmark.class.getResourceAsStream("notebook_fusion.py")) {
            Files.copy(in, script);
        }
        Path archive = module.resolve("target/fusionj-cds.jsa");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> base = List.of(java, "-Djava.awt.headless=true", "-Dslf4j.internal.verbosity=ERROR");
        List<String> fuse = List.of("-cp", cp, "org.fusionj.cli.FusionJCli", "fuse", "--haadf", data.toString(),
                "--maps", data.toString(), "--elements", "Sc,Dy,O", "--preset", "tutorial", "--quiet", "--out");
        if (!Files.isRegularFile(archive) || Files.getLastModifiedTime(archive).compareTo(
                Files.getLastModifiedTime(jar)) < 0) {
            List<String> train = new ArrayList<>(base);
            train.add("-XX:ArchiveClassesAtExit=" + archive);
            train.addAll(fuse);
            train.add(work.resolve("train").toString());
            time(train, work);
        }
        List<String> cds = List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        List<Config> configs = List.of(
                new Config("notebook (numpy port, python process)", List.of(python, script.toString(),
                        data.toString())),
                new Config("fusionj fuse, no class-data archive", concat(base, List.of(), fuse)),
                new Config("fusionj fuse, AppCDS archive (bin/fusionj)", concat(base, cds, fuse)),
                new Config("fusionj fuse, AppCDS + C1 only", concat(base, concat(cds,
                        List.of("-XX:TieredStopAtLevel=1"), List.of()), fuse)));
        boolean cpuTimes = Files.isExecutable(Path.of("/usr/bin/time"));
        double[][] wall = new double[configs.size()][rounds];
        double[][] cpu = new double[configs.size()][rounds];
        double loadBefore = load();
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < configs.size(); c++) {
                List<String> cmd = new ArrayList<>(configs.get(c).command());
                Path outDir = work.resolve("out-" + r + "-" + c);
                Files.createDirectories(outDir);
                cmd.add(outDir.toString());
                if (cpuTimes) {
                    List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "CPU %U %S"));
                    timed.addAll(cmd);
                    cmd = timed;
                }
                double[] t = time(cmd, work);
                wall[c][r] = t[0];
                cpu[c][r] = t[1];
            }
        }
        double loadAfter = load();
        out.println("## Cold start: one-shot fuse of DyScO3 (256 x 256, Sc/Dy/O, tutorial preset, 30 iterations)");
        out.println();
        out.println("- machine: " + MachineInfo.describe());
        out.printf(Locale.ROOT, "- rounds: %d, every configuration once per round, as a new process; load average "
                + "%.2f before, %.2f after (shared machine)%n", rounds, loadBefore, loadAfter);
        out.println("- wall: around the process (start to exit, files written); CPU: user + system of the process "
                + "and all its threads (/usr/bin/time)" + (cpuTimes ? "" : ", not available here"));
        out.println();
        out.println("| configuration | median wall (s) | min wall (s) | median CPU (s) | notebook / this (wall) "
                + "| notebook / this (CPU) |");
        out.println("|---|---:|---:|---:|---:|---:|");
        double nbWall = median(wall[0]);
        double nbCpu = median(cpu[0]);
        for (int c = 0; c < configs.size(); c++) {
            double w = median(wall[c]);
            double u = median(cpu[c]);
            out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %s | %.2f | %s |%n", configs.get(c).name(), w,
                    Arrays.stream(wall[c]).min().orElse(Double.NaN), cpuTimes ? String.format(Locale.ROOT, "%.3f", u)
                            : "n/a", nbWall / w, cpuTimes ? String.format(Locale.ROOT, "%.2f", nbCpu / u) : "n/a");
        }
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    /** Runs a process; returns {wall seconds, CPU seconds (NaN when not measured)}. */
    private static double[] time(List<String> cmd, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("failed (" + p.exitValue() + "): " + cmd + "\n" + text);
        }
        double cpu = Double.NaN;
        for (String line : text.split("\n")) {
            if (line.startsWith("CPU ")) {
                String[] f = line.trim().split(" ");
                cpu = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
            }
        }
        return new double[] {wall, cpu};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
