package org.fusionj.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.OutputFolder;

/**
 * {@code fusionj bench coldstart}: a one-shot {@code fusionj fuse} of the DyScO3 tutorial data as a fresh process,
 * against the notebook run as a process (a numpy port of the notebook's numerics, {@code notebook_fusion.py},
 * bundled; it reproduces the published maps exactly), side by side.
 *
 * <p>Each round runs every configuration once, in the same order, as a new process: the notebook; the FusionJ CLI
 * started directly with {@code java} (no class-data archive); {@code bin/fusionj} as users run it (the script, its
 * archive: AppCDS before JDK 25, the AOT cache from JDK 25 on), also with C1 only; and, with a second JDK of version 25
 * or later ({@code --aot-java}, default {@code $FUSIONJ_JAVA}), the same rows on that JDK. Two rows run
 * {@code bin/fusionj --help}: the start-up floor. With {@code --levers}, more {@code bin/fusionj} rows on the last
 * JDK try the start-up levers of issue 11 (one solver thread, C1 only, the serial collector, later JIT compilation of
 * all but FusionJ's own code), each as users could set it ({@code --threads 1}, {@code FUSIONJ_JAVA_OPTS}). Wall time
 * is measured around the process; when {@code /usr/bin/time} exists, also the process's CPU time (user + system, all
 * its threads). Medians over the rounds, with the load average before and after, since a shared machine moves wall
 * times a lot.
 *
 * <p>{@code --notebook-command} adds rows for commands the user gives, e.g. their own run of the published notebook
 * (docs/fusion.md, cold start, says how to run it): each runs as {@code /bin/sh -c}, timed the same way, in the same
 * rounds, starting in a new empty folder; the ratio columns are then against the first such command.
 */
public final class ColdStartBenchmark {

    public static final String USAGE = """
            usage: fusionj bench coldstart [--rounds 7] [--python python3] [--java PATH] [--aot-java PATH] [--levers]
                          [--notebook-command CMD [--notebook-label TEXT]]...
                   fusionj bench coldstart --steps [--threads N]
              --rounds    processes per configuration (medians are reported; default 7)
              --python    the python with numpy that runs the notebook stand-in (default python3)
              --notebook-command  a shell command (/bin/sh -c) timed as a row in the same rounds, e.g. your own
                          run of the published notebook; repeatable. Each run starts in a new empty folder the
                          benchmark makes (relative files land there; deleted at the end). The ratio columns are
                          against the first one given (else against the stand-in)
              --notebook-label    the row label of the notebook command given just before it (default: the command)
              --java      the java of the first set of rows (default: the one running the benchmark)
              --aot-java  a JDK 25 or later java for the AOT-cache rows (default $FUSIONJ_JAVA when that is JDK 25+)
              --levers    also rows of start-up levers on the last JDK (one solver thread, C1 only, serial GC,
                          later JIT compilation of library code): docs/fusion.md, cold start
              --steps     instead: one fuse in this fresh JVM, the CPU and wall time of each step (--threads: the
                          solver's, default all cores)
            """;

    /** The dataset, under the repository's top folder. */
    static final String DATA = "test-data/DyScO3/DyScO3_HAADF_EDX.npz";

    private ColdStartBenchmark() {
    }

    /**
     * One way of running the job.
     *
     * @param fuses false for a row that only starts the CLI ({@code --help}): no output folder is appended
     * @param env   environment variables for the process (bin/fusionj's settings)
     */
    record Config(String name, List<String> command, boolean fuses, Map<String, String> env, boolean shell) {

        Config(String name, List<String> command, boolean fuses, Map<String, String> env) {
            this(name, command, fuses, env, false);
        }
    }

    /** A user's command ({@code --notebook-command}), run as {@code /bin/sh -c command}, and its row label. */
    record NotebookCommand(String label, String command) {
    }

    /**
     * The {@code --notebook-command CMD} options in order, each with the {@code --notebook-label TEXT} that follows
     * it before the next command (default label: the command itself).
     */
    static List<NotebookCommand> notebookCommands(List<String> a) {
        List<String> commands = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String word = a.get(i);
            if (!word.equals("--notebook-command") && !word.equals("--notebook-label")) {
                continue;
            }
            if (i + 1 >= a.size() || a.get(i + 1).isBlank()) {
                throw new InvalidInputException(word + " needs a value (a shell command or a row label in quotes)");
            }
            String value = a.get(++i);
            if (word.equals("--notebook-command")) {
                commands.add(value);
                labels.add(null);
            } else if (commands.isEmpty() || labels.get(labels.size() - 1) != null) {
                throw new InvalidInputException("--notebook-label '" + value + "' must follow the --notebook-command "
                        + "it names (one label per command)");
            } else {
                labels.set(labels.size() - 1, value);
            }
        }
        List<NotebookCommand> result = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            result.add(new NotebookCommand(labels.get(i) != null ? labels.get(i) : commands.get(i), commands.get(i)));
        }
        return result;
    }

    public static void main(String[] args) throws Exception {
        run(System.out, Arrays.asList(args));
    }

    /**
     * JVM options of the {@code --levers} row that delays the JIT for all code but FusionJ's own: every compile
     * threshold times 20 (run-once library code, ImageJ's plots, AWT, fonts, PNG, jhdf, is interpreted instead of
     * compiled), then times 0.05 again for {@code org.fusionj.*} (HotSpot multiplies a method's CompileCommand
     * scaling into the global one), so the solver compiles as soon as by default.
     */
    static final String LATE_LIBRARY_JIT = "-XX:CompileThresholdScaling=20 -XX:CompileCommand=quiet "
            + "-XX:CompileCommand=CompileThresholdScaling,org.fusionj.*::*,0.05";

    /** {@code bin/fusionj bench coldstart ARGS}. */
    public static void run(PrintStream out, List<String> a) {
        int rounds = intOption(a, "--rounds", 7);
        boolean levers = a.contains("--levers");
        String python = option(a, "--python", "python3");
        Path home = Path.of(option(a, "--home", System.getProperty("fusionj.home", "."))).toAbsolutePath().normalize();
        if (a.contains("--steps")) {
            int threads = wholeNumber("--threads", option(a, "--threads", "0"));
            if (threads < 0) {
                throw new InvalidInputException("--threads must be 0 (all cores) or more, got " + threads);
            }
            try {
                Path work = Files.createTempDirectory("fusionj-coldstart-steps");
                try {
                    ColdStartSteps.run(out, home.resolve(DATA), work, threads == 0
                            ? Runtime.getRuntime().availableProcessors() : threads);
                } finally {
                    OutputFolder.deleteTree(work);
                }
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String java = option(a, "--java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String env = System.getenv("FUSIONJ_JAVA");
        String aotJava = option(a, "--aot-java", env != null && featureVersion(env) >= 25 ? env : null);
        List<NotebookCommand> notebooks = notebookCommands(a);
        try {
            run(out, home, python, java, aotJava, rounds, levers, notebooks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String option(List<String> a, String name, String fallback) {
        int i = a.indexOf(name);
        return i >= 0 && i + 1 < a.size() ? a.get(i + 1) : fallback;
    }

    private static int wholeNumber(String name, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " must be a whole number, got '" + text + "'");
        }
    }

    private static int intOption(List<String> a, String name, int fallback) {
        int n = wholeNumber(name, option(a, name, Integer.toString(fallback)));
        if (n < 1) {
            throw new InvalidInputException(name + " must be at least 1, got " + n);
        }
        return n;
    }

    /**
     * The feature version of a java ({@code 17}, {@code 25}), from its home's {@code release} file as bin/fusionj
     * reads it, else by asking it; 0 when unknown.
     */
    public static int featureVersion(String java) {
        try {
            Path home = Path.of(java).toRealPath().getParent().getParent();
            Path release = home.resolve("release");
            String text = Files.isRegularFile(release) ? Files.readString(release) : "";
            Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(text);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Path out = Files.createTempFile("fusionj-java-version-", ".txt");
            Process p = new ProcessBuilder(java, "-XshowSettings:properties", "-version").redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String props = ended ? Files.readString(out, StandardCharsets.UTF_8) : "";
            Files.deleteIfExists(out);
            m = Pattern.compile("java\\.specification\\.version = (\\d+)").matcher(props);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Runs the rounds in a temporary folder, deleted at the end whatever happens (every process writes a full output
     * set there: some 3 MB each, 60 to 100 of them).
     */
    static void run(PrintStream out, Path home, String python, String java, String aotJava, int rounds,
                    boolean levers, List<NotebookCommand> notebooks) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("fusionj-coldstart");
        try {
            measure(out, home, python, java, aotJava, rounds, levers, notebooks, work);
        } finally {
            OutputFolder.deleteTree(work);
        }
    }

    private static void measure(PrintStream out, Path home, String python, String java, String aotJava, int rounds,
                                boolean levers, List<NotebookCommand> notebooks, Path work)
            throws IOException, InterruptedException {
        Path data = home.resolve(DATA);
        Path module = home.resolve("fusionj");
        Path jar;
        try (var s = Files.list(module.resolve("target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("FusionJ_-.*\\.jar")
                    && !p.getFileName().toString().matches(".*-(sources|tests|javadoc)\\.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no packaged jar in fusionj/target: run mvn package first"));
        }
        String cp = jar + File.pathSeparator + module.resolve("target/deps") + "/*";
        String script = home.resolve("bin/fusionj").toString();
        Path notebook = work.resolve("notebook_fusion.py");
        try (InputStream in = ColdStartBenchmark.class.getResourceAsStream("notebook_fusion.py")) {
            Files.copy(in, notebook);
        }
        List<String> fuseArgs = fuseArgs(data, List.of());
        List<Config> configs = new ArrayList<>();
        configs.add(new Config("notebook (numpy port, python process)", List.of(python, notebook.toString(),
                data.toString()), true, Map.of()));
        for (NotebookCommand nb : notebooks) {
            configs.add(new Config(nb.label(), List.of("/bin/sh", "-c", nb.command()), false, Map.of(), true));
        }
        List<String> javas = new ArrayList<>(List.of(java));
        if (aotJava != null && !samePath(aotJava, java)) {
            javas.add(aotJava);
        }
        for (String j : javas) {
            int v = featureVersion(j);
            String archive = v >= 25 ? "AOT cache" : "AppCDS archive";
            List<String> direct = new ArrayList<>(List.of(j, "-Djava.awt.headless=true",
                    "-Dslf4j.internal.verbosity=ERROR", "-cp", cp, "org.fusionj.cli.FusionJCli"));
            direct.addAll(fuseArgs);
            configs.add(new Config("fusionj fuse, JDK " + v + ", no archive (java -cp)", direct, true, Map.of()));
            List<String> viaScript = new ArrayList<>(List.of(script));
            viaScript.addAll(fuseArgs);
            configs.add(new Config("bin/fusionj fuse, JDK " + v + ", " + archive, viaScript, true,
                    Map.of("FUSIONJ_JAVA", j, "FUSIONJ_JAVA_OPTS", "")));
            configs.add(new Config("bin/fusionj fuse, JDK " + v + ", " + archive + " + C1 only", viaScript, true,
                    Map.of("FUSIONJ_JAVA", j, "FUSIONJ_JAVA_OPTS", "-XX:TieredStopAtLevel=1")));
            configs.add(new Config("bin/fusionj --help, JDK " + v + ", " + archive + " (start-up floor)",
                    List.of(script, "--help"), false, Map.of("FUSIONJ_JAVA", j, "FUSIONJ_JAVA_OPTS", "")));
        }
        if (levers) {
            configs.addAll(leverConfigs(script, data, javas.get(javas.size() - 1)));
        }
        // Once before the rounds: bin/fusionj builds its archive for each java (once per build), not timed.
        for (Config c : configs) {
            if (c.command().get(0).equals(script) && c.fuses()) {
                time(withOutput(c, work.resolve("warm-up-" + configs.indexOf(c))), c.env(), work);
            }
        }
        boolean cpuTimes = Files.isExecutable(Path.of("/usr/bin/time"));
        double[][] wall = new double[configs.size()][rounds];
        double[][] cpu = new double[configs.size()][rounds];
        double loadBefore = load();
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < configs.size(); c++) {
                Config config = configs.get(c);
                List<String> cmd = config.fuses() ? withOutput(config, work.resolve("out-" + r + "-" + c))
                        : new ArrayList<>(config.command());
                if (cpuTimes) {
                    List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "CPU %U %S"));
                    timed.addAll(cmd);
                    cmd = timed;
                }
                // a user's command starts in a new empty folder of its own, where its relative files land
                double[] t = config.shell() ? timeInNewFolder(cmd, config.env(), work.resolve("run-" + r + "-" + c))
                        : time(cmd, config.env(), work);
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
        out.println("- bin/fusionj rows run the script as users do (FUSIONJ_JAVA = the row's JDK); threads: all "
                + "(fusionj's default) unless the row says one thread");
        out.println("- outputs: the notebook stand-in saves the 3 fused maps and the model as .npy (no figure, no "
                + "record); fusionj fuse writes 5 TIFFs, convergence.png (3 ImageJ plots drawn) and the HDF5 record "
                + "(inputs, results, costs, parameters): fuse has no option to write less");
        if (!notebooks.isEmpty()) {
            out.println("- notebook commands: timed as given, with all they start (a Jupyter kernel included, when "
                    + "the process waits for it); they write what they write");
        }
        for (NotebookCommand nb : notebooks) {
            out.println("- notebook command '" + nb.label() + "': /bin/sh -c '" + nb.command()
                    + "', in a new empty folder each run");
        }
        int baseline = notebooks.isEmpty() ? 0 : 1;
        out.println("- ratio columns (notebook / this): against the row '" + configs.get(baseline).name() + "'");
        out.println();
        table(out, configs.stream().map(Config::name).toList(), wall, cpu, baseline, cpuTimes);
    }

    /**
     * The table: per row the median and minimum wall time, the median CPU time and the ratios of the {@code baseline}
     * row's medians to the row's ({@code cpuTimes} false: no CPU was measured).
     */
    static void table(PrintStream out, List<String> names, double[][] wall, double[][] cpu, int baseline,
                      boolean cpuTimes) {
        out.println("| configuration | median wall (s) | min wall (s) | median CPU (s) | notebook / this (wall) "
                + "| notebook / this (CPU) |");
        out.println("|---|---:|---:|---:|---:|---:|");
        double nbWall = median(wall[baseline]);
        double nbCpu = median(cpu[baseline]);
        for (int c = 0; c < names.size(); c++) {
            double w = median(wall[c]);
            double u = median(cpu[c]);
            out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %s | %.2f | %s |%n", names.get(c).replace("|", "\\|"), w,
                    Arrays.stream(wall[c]).min().orElse(Double.NaN), cpuTimes ? String.format(Locale.ROOT, "%.3f", u)
                            : "n/a", nbWall / w, cpuTimes ? String.format(Locale.ROOT, "%.2f", nbCpu / u) : "n/a");
        }
    }

    /** The fuse words of every fusing row, {@code extra} options before {@code --out} (the folder comes last). */
    static List<String> fuseArgs(Path data, List<String> extra) {
        List<String> words = new ArrayList<>(List.of("fuse", "--haadf", data.toString(), "--maps", data.toString(),
                "--elements", "Sc,Dy,O", "--preset", "tutorial", "--quiet"));
        words.addAll(extra);
        words.add("--out");
        return words;
    }

    /**
     * The {@code --levers} rows: bin/fusionj on {@code java} with one solver thread (no pool, the JIT has the other
     * core), then that with C1 only, with the serial collector, and with {@link #LATE_LIBRARY_JIT}.
     */
    static List<Config> leverConfigs(String script, Path data, String java) {
        int v = featureVersion(java);
        String archive = v >= 25 ? "AOT cache" : "AppCDS archive";
        String prefix = "bin/fusionj fuse, JDK " + v + ", " + archive;
        List<String> oneThread = new ArrayList<>(List.of(script));
        oneThread.addAll(fuseArgs(data, List.of("--threads", "1")));
        List<Config> rows = new ArrayList<>();
        rows.add(new Config(prefix + ", one thread", oneThread, true, Map.of("FUSIONJ_JAVA", java,
                "FUSIONJ_JAVA_OPTS", "")));
        rows.add(new Config(prefix + ", one thread + C1 only", oneThread, true, Map.of("FUSIONJ_JAVA", java,
                "FUSIONJ_JAVA_OPTS", "-XX:TieredStopAtLevel=1")));
        rows.add(new Config(prefix + ", one thread + serial GC", oneThread, true, Map.of("FUSIONJ_JAVA", java,
                "FUSIONJ_JAVA_OPTS", "-XX:+UseSerialGC")));
        rows.add(new Config(prefix + ", one thread + library JIT x20 later", oneThread, true,
                Map.of("FUSIONJ_JAVA", java, "FUSIONJ_JAVA_OPTS", LATE_LIBRARY_JIT)));
        return rows;
    }

    private static boolean samePath(String a, String b) {
        try {
            return Path.of(a).toRealPath().equals(Path.of(b).toRealPath());
        } catch (IOException | RuntimeException e) {
            return a.equals(b);
        }
    }

    private static List<String> withOutput(Config c, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<String> cmd = new ArrayList<>(c.command());
        cmd.add(outDir.toString());
        return cmd;
    }

    /**
     * {@link #time} in {@code folder}, made here (refused if it exists: the command must find it empty), which the
     * caller deletes.
     */
    static double[] timeInNewFolder(List<String> cmd, Map<String, String> env, Path folder)
            throws IOException, InterruptedException {
        return time(cmd, env, Files.createDirectory(folder));
    }

    /** Runs a process; returns {wall seconds, CPU seconds (NaN when not measured)}. */
    private static double[] time(List<String> cmd, Map<String, String> env, Path dir)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("FUSIONJ_JAVA_OPTS");
        pb.environment().putAll(env);
        // the output goes to a file, not a pipe read to its end first: a process that hangs would block that read
        // and the time bound below would never be reached
        Path log = Files.createTempFile("fusionj-coldstart-", ".log");
        pb.redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Files.deleteIfExists(log);
            throw new IOException("timed out after 600 s: " + cmd);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
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
