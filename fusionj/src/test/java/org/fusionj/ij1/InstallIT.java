package org.fusionj.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.fusionj.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's install, done as it says into a fake Fiji.app (the ImageJ 1.x jar and the libraries a stock Fiji
 * already has in {@code jars/}, an empty {@code plugins/}): {@code bin/fusionj install-fiji} must copy exactly the
 * jars the README lists, and then every menu command must run once with Fiji's class path ({@code jars/*}). A Fiji
 * without EJML must end in an error naming the missing library, not a silent NoClassDefFoundError.
 */
@Timeout(900)
class InstallIT {

    /**
     * What a stock Fiji built on pom-scijava 45.0.0 already has of FusionJ's runtime libraries, reasoned from the
     * managed versions (no Fiji can be downloaded here): ImageJ 1.54p, scijava-common 2.100.1 with parsington,
     * ImgLib2 8.0.0, commons-lang3 3.18.0, slf4j-api 2.0.17 (logback-classic is a direct dependency of Fiji),
     * EJML 0.41 (ejml-all, through jitk-tps of BigWarp and BigStitcher) and lz4-java (1.9-inv, through N5).
     */
    static final Set<String> STOCK_FIJI = Set.of("ij", "scijava-common", "parsington", "imglib2", "commons-lang3",
            "slf4j-api", "ejml-core", "ejml-ddense", "lz4-java");

    @TempDir
    Path temp;

    private Path fakeFiji(String name, Set<String> has) throws IOException {
        Path app = Files.createDirectories(temp.resolve(name));
        Files.createDirectories(app.resolve("plugins"));
        Path jars = Files.createDirectories(app.resolve("jars"));
        try (Stream<Path> deps = Files.list(Path.of(System.getProperty("fusionj.deps")))) {
            for (Path jar : deps.toList()) {
                if (has.contains(artifact(jar.getFileName().toString()))) {
                    Files.copy(jar, jars.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return app;
    }

    private static String artifact(String jar) {
        return jar.replaceFirst("-\\d.*\\.jar$", "");
    }

    private static String install(Path app) throws Exception {
        Process p = new ProcessBuilder(TestData.projectDir().resolve("bin/fusionj").toString(), "install-fiji",
                app.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "install-fiji did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** The jars the README says install-fiji copies into a stock Fiji's jars/. */
    private static Set<String> readmeList() throws IOException {
        String readme = Files.readString(TestData.projectDir().resolve("README.md"));
        String line = readme.lines().filter(l -> l.startsWith("On a stock Fiji")).findFirst()
                .orElseThrow(() -> new AssertionError("README has no line 'On a stock Fiji ...' listing the jars"));
        Set<String> jars = new TreeSet<>();
        Matcher m = Pattern.compile("`([A-Za-z0-9._-]+\\.jar)`").matcher(line);
        while (m.find()) {
            jars.add(m.group(1));
        }
        return jars;
    }

    private static Set<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    private Path everyCommandMacro() throws IOException {
        Path macro = temp.resolve("every_command.ijm");
        try (InputStream in = InstallIT.class.getResourceAsStream("every_command.ijm")) {
            Files.copy(in, macro, StandardCopyOption.REPLACE_EXISTING);
        }
        return macro;
    }

    @Test
    void installAsTheReadmeSaysThenEveryCommandRunsInFiji() throws Exception {
        Path app = fakeFiji("Fiji.app", STOCK_FIJI);
        Set<String> before = list(app.resolve("jars"));
        String log = install(app);
        Set<String> added = list(app.resolve("jars"));
        added.removeAll(before);
        assertEquals(readmeList(), added, "install-fiji copied other jars than the README says:\n" + log);
        Set<String> plugins = list(app.resolve("plugins"));
        assertEquals(1, plugins.size(), plugins.toString());
        assertTrue(plugins.iterator().next().startsWith("FusionJ_-"), plugins.toString());

        Path out = Files.createDirectories(temp.resolve("out"));
        ImageJLauncher.Run run = ImageJLauncher.runMacroWithClasspath(app, app.resolve("jars") + "/*",
                everyCommandMacro(), TestData.dyscO3Npz() + "|" + out);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("EVERY COMMAND RAN"), run.output());
        assertFalse(run.output().contains("NoClassDefFoundError") || run.output().contains("error:"), run.output());
        assertTrue(Files.isRegularFile(out.resolve("fusion.h5")) || Files.list(out).findAny().isPresent(),
                "Fuse saved nothing: " + run.output());
    }

    @Test
    void aMissingLibraryIsNamed() throws Exception {
        Set<String> noEjml = new TreeSet<>(STOCK_FIJI);
        noEjml.removeAll(List.of("ejml-core", "ejml-ddense"));
        Path app = fakeFiji("NoEjml.app", noEjml);
        install(app);
        Files.list(app.resolve("jars")).filter(p -> p.getFileName().toString().startsWith("ejml"))
                .forEach(p -> p.toFile().delete());
        Path macro = temp.resolve("learn.ijm");
        Files.writeString(macro, "setBatchMode(true);\nparts = split(getArgument(), \"|\");\n"
                + "run(\"Import Array...\", \"open=[\" + parts[0] + \"] key=HAADF\");\n"
                + "run(\"Learn Dictionary...\", \"stem=HAADF atoms=16 steps=3 batch=16 training_patches=100\");\n");
        ImageJLauncher.Run run = ImageJLauncher.runMacroWithClasspath(app, app.resolve("jars") + "/*", macro,
                TestData.dyscO3Npz() + "|x");
        assertTrue(run.output().contains("a library FusionJ needs is missing: ejml"), run.output());
    }
}
