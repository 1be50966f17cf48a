package org.fusionj.ij1;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real ImageJ 1.x with the packaged FusionJ jar in a {@code plugins/} folder, under xvfb-run (ImageJ's
 * dialogs need a display even in batch mode) and a time limit (an unknown command opens a modal dialog that would
 * otherwise hang the build).
 */
final class ImageJLauncher {

    private static final long TIMEOUT_SECONDS = 180;

    /** Output of one run. */
    record Run(int exitCode, String output) {
    }

    private ImageJLauncher() {
    }

    /** An ImageJ folder with {@code plugins/FusionJ_-*.jar}; the jar is the one Maven packaged. */
    static Path imageJFolder(Path parent) throws IOException {
        String jar = System.getProperty("fusionj.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)),
                "packaged jar not found (" + jar + "); run the tests with 'mvn verify'");
        Path plugins = Files.createDirectories(parent.resolve("plugins"));
        Files.copy(Path.of(jar), plugins.resolve(Path.of(jar).getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return parent;
    }

    /** Runs {@code ij.ImageJ -batch macro arg}. */
    static Run runMacro(Path imageJFolder, Path macro, String arg) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(javaCommand(imageJFolder, classpath()));
        cmd.addAll(List.of("ij.ImageJ", "-batch", macro.toString(), arg));
        return run(cmd);
    }

    /**
     * Runs {@code ij.ImageJ -batch macro arg} with the given class path instead of the build's dependencies, as
     * Fiji's launcher runs ImageJ: {@code Fiji.app/jars/*} on the class path, plugins from {@code Fiji.app/plugins}.
     */
    static Run runMacroWithClasspath(Path imageJFolder, String classpath, Path macro, String arg)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(javaCommand(imageJFolder, classpath));
        cmd.addAll(List.of("ij.ImageJ", "-batch", macro.toString(), arg));
        return run(cmd);
    }

    /** Runs a main class of the test sources inside the same ImageJ set-up. */
    static Run runMain(Path imageJFolder, String mainClass, String... args) throws IOException, InterruptedException {
        Path testClasses = Path.of(System.getProperty("fusionj.jar")).resolveSibling("test-classes");
        String cp = classpath() + java.io.File.pathSeparator + testClasses.toAbsolutePath()
                + java.io.File.pathSeparator + System.getProperty("fusionj.jar");
        List<String> cmd = new ArrayList<>(javaCommand(imageJFolder, cp));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String classpath() {
        String deps = System.getProperty("fusionj.deps");
        assertTrue(deps != null && Files.isDirectory(Path.of(deps)), "runtime dependencies not found: " + deps);
        return Path.of(deps).toAbsolutePath() + "/*";
    }

    private static List<String> javaCommand(Path imageJFolder, String classpath) {
        requireTool("xvfb-run", "apt-get install xvfb");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of("timeout", Long.toString(TIMEOUT_SECONDS), "xvfb-run", "-a", java,
                "-Dplugins.dir=" + imageJFolder.toAbsolutePath(),
                "-Djava.util.prefs.userRoot=" + imageJFolder.resolve("prefs").toAbsolutePath(),
                "-cp", classpath);
    }

    private static Run run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_SECONDS + 30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("ImageJ did not finish: " + String.join(" ", cmd));
        }
        return new Run(p.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void requireTool(String tool, String install) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(tool + " is needed to run ImageJ with a display (" + install + "); .ci/run installs it");
    }
}
