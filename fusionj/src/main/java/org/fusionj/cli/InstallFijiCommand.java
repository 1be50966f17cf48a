package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.fusionj.core.InvalidInputException;

/**
 * {@code fusionj install-fiji DIR}: puts the plugin jar into {@code DIR/plugins/} and exactly the runtime libraries
 * the installation lacks into {@code DIR/jars/} (Fiji) or {@code DIR/plugins/jars/} (plain ImageJ 1.x, which loads
 * jars from the plugins folder). A library counts as present when a jar of the same artifact, any version, is
 * already there: Fiji's own versions win, so nothing is duplicated. Older FusionJ jars in {@code plugins/} are
 * replaced.
 */
final class InstallFijiCommand {

    static final String USAGE = """
            usage: fusionj install-fiji DIR [--dry-run]
              DIR: a Fiji.app folder (jars/ and plugins/) or a plain ImageJ 1.x folder (ij.jar and plugins/).
              Copies FusionJ_-*.jar into DIR/plugins/ and the runtime libraries DIR lacks into DIR/jars/ (Fiji) or
              DIR/plugins/jars/ (ImageJ 1.x); prints what it copied and what was already there. On a stock Fiji
              that is jhdf and compress-lzf. --dry-run prints the same without copying.
            """;

    /** "name-1.2.3.jar" -> "name": the artifact is what precedes the first "-digit". */
    private static final Pattern JAR = Pattern.compile("^(.+?)-\\d[^/]*\\.jar$");

    private InstallFijiCommand() {
    }

    static int run(List<String> words, PrintStream out) throws IOException {
        List<String> positional = new ArrayList<>();
        boolean dryRun = false;
        for (String w : words) {
            if (w.equals("--dry-run")) {
                dryRun = true;
            } else if (w.startsWith("--")) {
                throw new InvalidInputException("unknown option " + w + " (install-fiji takes DIR and --dry-run)");
            } else {
                positional.add(w);
            }
        }
        if (positional.size() != 1) {
            throw new InvalidInputException("give the Fiji.app (or ImageJ) folder: fusionj install-fiji "
                    + "/path/to/Fiji.app");
        }
        Path app = Path.of(positional.get(0)).toAbsolutePath().normalize();
        Path plugins = app.resolve("plugins");
        boolean fiji = Files.isDirectory(app.resolve("jars"));
        if (!Files.isDirectory(plugins) || !fiji && !Files.isRegularFile(app.resolve("ij.jar"))) {
            throw new InvalidInputException(app + " is not a Fiji.app (jars/ and plugins/) or ImageJ folder "
                    + "(ij.jar and plugins/)");
        }
        Path libs = fiji ? app.resolve("jars") : plugins.resolve("jars");
        Path pluginJar = pluginJar();
        Path deps = pluginJar.resolveSibling("deps");
        if (!Files.isDirectory(deps)) {
            throw new InvalidInputException("no runtime libraries next to " + pluginJar + " (expected " + deps
                    + "; build with mvn package)");
        }
        Set<String> present = artifacts(fiji ? libs : plugins);
        if (!fiji) {
            present.add("ij");
        }
        List<Path> copy = new ArrayList<>();
        List<String> there = new ArrayList<>();
        try (Stream<Path> files = Files.list(deps)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                String artifact = artifact(jar.getFileName().toString());
                if (present.contains(artifact)) {
                    there.add(jar.getFileName().toString());
                } else {
                    copy.add(jar);
                }
            }
        }
        String verb = dryRun ? "would copy" : "copied";
        if (!dryRun) {
            try (Stream<Path> old = Files.list(plugins)) {
                for (Path p : old.filter(f -> f.getFileName().toString().startsWith("FusionJ_-")).toList()) {
                    if (!p.getFileName().equals(pluginJar.getFileName())) {
                        Files.delete(p);
                        out.println("removed " + plugins.relativize(p) + " (an older FusionJ)");
                    }
                }
            }
            Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Files.createDirectories(libs);
            for (Path jar : copy) {
                Files.copy(jar, libs.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        out.println(verb + " " + pluginJar.getFileName() + " to " + plugins);
        for (Path jar : copy) {
            out.println(verb + " " + jar.getFileName() + " to " + libs);
        }
        out.println("already there (kept): " + (there.isEmpty() ? "none" : String.join(", ", there)));
        out.println("restart " + (fiji ? "Fiji" : "ImageJ") + ": the commands are under Plugins > FusionJ");
        return 0;
    }

    static String artifact(String jarName) {
        Matcher m = JAR.matcher(jarName);
        return m.matches() ? m.group(1) : jarName.replaceFirst("\\.jar$", "");
    }

    /** The artifacts of every jar under {@code dir} (subfolders too, as Fiji keeps some there). */
    private static Set<String> artifacts(Path dir) throws IOException {
        Set<String> names = new HashSet<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> files = Files.walk(dir, 3)) {
            files.filter(f -> f.toString().endsWith(".jar"))
                    .forEach(f -> names.add(artifact(f.getFileName().toString())));
        }
        return names;
    }

    /** The FusionJ jar this command runs from (bin/fusionj puts it on the class path). */
    private static Path pluginJar() {
        try {
            Path p = Path.of(InstallFijiCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p) && p.getFileName().toString().startsWith("FusionJ_-")) {
                return p;
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through
        }
        String jar = System.getProperty("fusionj.jar");
        if (jar != null && Files.isRegularFile(Path.of(jar))) {
            return Path.of(jar);
        }
        throw new InvalidInputException("install-fiji runs from the packaged jar: use bin/fusionj install-fiji");
    }
}
