package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.fusionj.bench.ColdStartBenchmark;
import org.fusionj.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/fusionj} on JDK 25 or later ({@code FUSIONJ_JAVA}): it builds its AOT cache once per build and JDK, runs
 * with it, prints nothing more than on JDK 17 (no JVM log lines, one-line errors), and writes the same maps, bit for
 * bit, as the java on the PATH. Skipped when no JDK 25+ is found ({@code -Dfusionj.test.aotJava=PATH/bin/java}, else
 * the JDKs under /usr/lib/jvm).
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class LauncherAotCacheIT {

    @TempDir
    Path temp;

    /** A java of feature version 25 or later, or null. */
    static Path aotJava() throws IOException {
        String given = System.getProperty("fusionj.test.aotJava");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.map(h -> h.resolve("bin/java")).filter(Files::isExecutable)
                    .filter(j -> ColdStartBenchmark.featureVersion(j.toString()) >= 25).sorted().findFirst()
                    .orElse(null);
        }
    }

    /** Runs bin/fusionj with {@code FUSIONJ_JAVA = java} (null: unset); returns {exit status, stdout, stderr}. */
    private Object[] run(Path java, String name, String... args) throws Exception {
        return run(java, name, List.of(), args);
    }

    /** As above, with JVM options in {@code FUSIONJ_JAVA_OPTS}. */
    private Object[] run(Path java, String name, List<String> javaOpts, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(TestData.projectDir().resolve("bin/fusionj").toString()));
        cmd.addAll(List.of(args));
        Path out = temp.resolve(name + ".out");
        Path err = temp.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(temp.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("FUSIONJ_JAVA_OPTS", String.join(" ", javaOpts));
        pb.environment().remove("FUSIONJ_CDS");
        if (java != null) {
            pb.environment().put("FUSIONJ_JAVA", java.toString());
        } else {
            pb.environment().remove("FUSIONJ_JAVA");
        }
        Process p = pb.start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/fusionj " + String.join(" ", args) + " did not finish in 600 s");
        }
        return new Object[] {p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8)};
    }

    private String[] fuse(String out) {
        String data = TestData.projectDir().resolve("test-data/DyScO3/DyScO3_HAADF_EDX.npz").toString();
        return new String[] {"fuse", "--haadf", data, "--maps", data, "--elements", "Sc,Dy,O", "--preset",
            "tutorial", "--quiet", "--out", temp.resolve(out).toString()};
    }

    @Test
    void jdk25RunsWithItsAotCacheQuietlyAndWritesTheSameMaps() throws Exception {
        Path java = aotJava();
        assumeTrue(java != null, "no JDK 25 or later found");
        Object[] aot = run(java, "aot", fuse("aot"));
        assertEquals(0, aot[0], aot[1] + "\n" + aot[2]);
        assertTrue(((String) aot[1]).contains("final costs: HAADF 238.910"), (String) aot[1]);
        assertEquals("", aot[2], "bin/fusionj on JDK 25 wrote to stderr");
        try (Stream<Path> files = Files.list(TestData.projectDir().resolve("fusionj/target"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("fusionj-aot-.*\\.aot")),
                    "no AOT cache in fusionj/target");
        }
        // The second run maps the cache (the first may have built it): FusionJ's classes come from it.
        Path classLog = temp.resolve("classes.log");
        Object[] again = run(java, "again", List.of("-Xlog:class+load:file=" + classLog), fuse("again"));
        assertEquals(0, again[0], again[1] + "\n" + again[2]);
        assertEquals("", again[2]);
        assertTrue(Files.readAllLines(classLog).stream().anyMatch(l -> l.contains("org.fusionj.cli.FuseCommand ")
                && l.contains("shared objects file")), "FuseCommand not loaded from the AOT cache");

        Object[] plain = run(null, "plain", fuse("plain"));
        assertEquals(0, plain[0], plain[1] + "\n" + plain[2]);
        for (String f : new String[] {"fused_Sc.tif", "fused_Dy.tif", "fused_O.tif", "fused_maps.tif",
            "model_haadf.tif"}) {
            byte[] expected = Files.readAllBytes(temp.resolve("plain").resolve(f));
            assertArrayEquals(expected, Files.readAllBytes(temp.resolve("aot").resolve(f)), f + " differs (JDK 25)");
            assertArrayEquals(expected, Files.readAllBytes(temp.resolve("again").resolve(f)), f + " differs");
        }
    }

    @Test
    void badInputOnJdk25IsStillOneLineAndStatusTwo() throws Exception {
        Path java = aotJava();
        assumeTrue(java != null, "no JDK 25 or later found");
        Object[] r = run(java, "bad", "fuse", "--haadf", "missing.tif", "--maps", "x.tif", "--elements", "Sc",
                "--out", "o");
        String err = ((String) r[2]).strip();
        assertEquals(2, r[0], err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("missing.tif"), err);
    }
}
