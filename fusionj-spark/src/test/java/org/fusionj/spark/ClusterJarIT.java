package org.fusionj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded cluster jar (after package): it holds FusionJ's core, io, workflow and Spark driver, ImageJ 1, jhdf
 * and EJML, and none of what the cluster's Spark ships (Spark, Hadoop, Scala, Jackson, slf4j, log4j, commons-lang3,
 * lz4, lzf) nor the Fiji front-ends (SciJava, ImgLib2, FusionJ's dialogs, commands and CLI); the transforms
 * reader/writer needs no ImageJ class; and the jar runs the demo pipeline with nothing but Spark's own jars beside
 * it (a separate JVM, local[1]).
 */
class ClusterJarIT {

    @TempDir
    Path tmp;

    static Path jar() {
        Path jar = Path.of(System.getProperty("fusionj.clusterJar", "target/fusionj-spark-0.1.0-SNAPSHOT-cluster.jar"));
        assertTrue(Files.isRegularFile(jar), "no cluster jar at " + jar + " (run mvn package)");
        return jar;
    }

    @Test
    void theJarHoldsFusionJAndItsOwnDependenciesButNothingSparkShips() throws Exception {
        List<String> names = new ArrayList<>();
        try (JarFile j = new JarFile(jar().toFile())) {
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements();) {
                names.add(e.nextElement().getName());
            }
            for (String needed : List.of("org/fusionj/spark/FusionJSpark.class",
                    "org/fusionj/core/registration/TwoStageRegistrar.class", "org/fusionj/io/ZarrArray.class",
                    "org/fusionj/workflow/registration/TransformsJson.class", "io/jhdf/HdfFile.class",
                    "org/ejml/data/DMatrixRMaj.class", "ij/measure/ResultsTable.class")) {
                assertTrue(names.contains(needed), "the jar lacks " + needed);
            }
            for (String banned : List.of("org/slf4j/", "org/apache/logging/", "org/apache/spark/", "scala/",
                    "org/apache/hadoop/", "com/fasterxml/", "org/apache/commons/lang3/", "net/jpountz/", "com/ning/",
                    "org/scijava/", "net/imglib2/", "org/fusionj/ij1/", "org/fusionj/command/", "org/fusionj/cli/",
                    "org/fusionj/service/", "org/fusionj/bench/")) {
                assertFalse(names.stream().anyMatch(n -> n.startsWith(banned)), "the jar holds " + banned);
            }
            String transforms = new String(j.getInputStream(j.getEntry(
                    "org/fusionj/workflow/registration/TransformsJson.class")).readAllBytes(), StandardCharsets.ISO_8859_1);
            assertFalse(transforms.contains("ij/"), "TransformsJson refers to an ImageJ class");
        }
        System.out.printf("cluster jar: %d entries, %.1f MB%n", names.size(), Files.size(jar()) / 1e6);
    }

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void theJarRunsThePipelineWithOnlySparksJarsBesideIt() throws Exception {
        // Spark's classpath: the test classpath without FusionJ and the libraries the cluster jar carries
        List<String> spark = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String n = e.replace('\\', '/');
            boolean shaded = n.contains("/FusionJ_") || n.contains("/fusionj/target/") || n.contains("/net/imagej/ij/")
                    || n.contains("/io/jhdf/") || n.contains("/org/ejml/") || n.contains("/fusionj-spark/target/")
                    || n.contains("/junit") || n.contains("/opentest4j/") || n.contains("/apiguardian/")
                    || n.contains("surefire") || n.contains("failsafe");
            if (!shaded) {
                spark.add(e);
            }
        }
        assertTrue(spark.stream().anyMatch(e -> e.contains("spark-core")), "Spark on the classpath: " + spark);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(System.getProperty("fusionj.opens", "").trim().split("\\s+")));
        cmd.addAll(List.of("-Xmx1g", "-Djava.awt.headless=true", "-cp", jar() + File.pathSeparator
                + String.join(File.pathSeparator, spark), "org.fusionj.spark.FusionJSpark", "demo", "--out",
                tmp.toString(), "--size", "32", "--energies", "12", "--block", "16", "--local", "1"));
        cmd.removeIf(String::isEmpty);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile())
                .start();
        boolean done = p.waitFor(540, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String log = Files.readString(tmp.resolve("log.txt"));
        assertTrue(done, "the demo did not finish:\n" + log);
        assertEquals(0, p.exitValue(), log);
        for (String f : List.of("transforms.json", "registration.csv", "particles.csv", "histograms.csv",
                "spectra.csv", "overview.h5", "summary.json", "maps.zarr/half_height/.zarray")) {
            assertTrue(Files.exists(tmp.resolve("results").resolve(f)), f + " missing; log:\n" + log);
        }
    }
}
