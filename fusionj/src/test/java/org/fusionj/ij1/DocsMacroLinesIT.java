package org.fusionj.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.fusionj.testing.TestData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code run("...")} line of a FusionJ command quoted in docs/ and the README, replayed in the real ImageJ
 * macro interpreter (under xvfb, as the other ITs): the recorded keys must keep working. Each line runs after a
 * prelude that opens the windows it names (the DyScO3 arrays, simulated series, a learnt dictionary); paths are
 * replaced by real ones.
 */
class DocsMacroLinesIT {

    private static final Pattern RUN = Pattern.compile("^run\\(\"([^\"]+)\", (.*)\\);\\s*$");
    private static final List<String> COMMANDS = List.of("Fuse Multi-Modal...", "Import Array...",
            "XANES Edge Map...", "Simulate XANES Series...", "Register Spectro-Tomography Series...",
            "Register Two Volumes...", "Simulate Spectro-Tomography Series...", "Learn Dictionary...",
            "Enhance with Dictionary...", "Simulate Fused Tomography Data...", "Fused Multi-Modal Tomography...",
            "Apply Transforms...", "Spectrum Image to Maps...", "Open Cluster Result...",
            "Prepare Cluster Job...", "Fuse Series from Files...");

    @TempDir
    Path temp;

    /** The quoted lines, with where they come from. */
    static List<String[]> quotedLines() throws IOException {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> docs = Files.list(TestData.projectDir().resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        pages.add(TestData.projectDir().resolve("README.md"));
        List<String[]> lines = new ArrayList<>();
        for (Path page : pages) {
            List<String> text = Files.readAllLines(page);
            for (int i = 0; i < text.size(); i++) {
                Matcher m = RUN.matcher(text.get(i).trim());
                if (m.matches() && COMMANDS.contains(m.group(1))) {
                    lines.add(new String[] {page.getFileName() + ":" + (i + 1), m.group(1), text.get(i).trim()});
                }
            }
        }
        return lines;
    }

    @TestFactory
    Stream<DynamicTest> everyQuotedLineStillRuns() throws IOException {
        List<String[]> lines = quotedLines();
        assertTrue(lines.size() >= 8, "expected the docs' recorded lines, found " + lines.size());
        return lines.stream().map(l -> DynamicTest.dynamicTest(l[0] + " " + l[1], () -> runLine(l[1], l[2])));
    }

    private void runLine(String command, String line) throws Exception {
        Path ij = ImageJLauncher.imageJFolder(Files.createTempDirectory(temp, "ij"));
        Path out = Files.createTempDirectory(temp, "out");
        String replayed = line.replaceAll("output=\\[[^\\]]*\\]", "output=[" + out.resolve("result") + "]")
                .replace("/path/to/FusionJ/test-data/DyScO3/DyScO3_HAADF_EDX.npz", TestData.dyscO3Npz().toString());
        if (command.startsWith("Learn")) {
            replayed = replayed.replace("output=[" + out.resolve("result") + "]",
                    "output=[" + out.resolve("dictionary.tif") + "]");
        }
        // Apply Transforms: the docs' transforms file is the one the prelude's registration saved
        String registered = out.resolve("registered").toString();
        replayed = replayed.replace("/data/registered", registered);
        if (command.startsWith("Spectrum Image")) {
            // the docs' spectrum image is a placeholder: a generated one (Fe Ka, O Ka; 0 to 10 keV, 10 eV channels)
            replayed = replayed.replaceAll("input=\\[[^\\]]*\\]", java.util.regex.Matcher.quoteReplacement("input=["
                    + EveryDialogMain.spectrumImage().replace("\\", "/") + "]"));
        }
        if (command.startsWith("Open Cluster")) {
            // the docs' results folder is a placeholder: a made-up finished run's (maps.zarr with half_height, mask)
            replayed = replayed.replaceAll("results=\\[[^\\]]*\\]", java.util.regex.Matcher.quoteReplacement(
                    "results=[" + EveryDialogMain.clusterResult().replace("\\", "/") + "]"));
        }
        if (command.startsWith("Prepare Cluster")) {
            // the docs' series is a placeholder: a made-up Zarr array folder (the job only names it)
            replayed = replayed.replaceAll("input=\\[[^\\]]*\\]", java.util.regex.Matcher.quoteReplacement(
                    "input=[" + EveryDialogMain.clusterSeries().replace("\\", "/") + "]"));
        }
        // Fuse Series from Files: the docs' /data/series folders are made by the prelude (a TIFF per frame)
        String seriesDir = out.resolve("series").toString().replace("\\", "/");
        if (command.startsWith("Fuse Series from Files")) {
            replayed = replayed.replace("/data/series", seriesDir);
        }
        String macro = "setBatchMode(true);\nnpz = \"" + TestData.dyscO3Npz() + "\";\n"
                + prelude(command, line).replace("@REGISTERED@", registered)
                .replace("@SERIES@", seriesDir) + replayed + "\nprint(\"LINE RAN\");\n";
        Path file = temp.resolve("line-" + System.nanoTime() + ".ijm");
        Files.writeString(file, macro);
        ImageJLauncher.Run run = ImageJLauncher.runMacro(ij, file, "");
        assertEquals(0, run.exitCode(), macro + "\n" + run.output());
        assertTrue(run.output().contains("LINE RAN"), macro + "\n" + run.output());
        assertFalse(run.output().contains("error:"), macro + "\n" + run.output());
    }

    /**
     * After the DyScO3 arrays: the series docs/fusion.md names, "HAADF series", "Sc series", ... (three 64 x 64
     * frames cut from each array, as macros/fuse_series.ijm makes them).
     */
    private static final String SERIES = """
            keys = newArray("HAADF", "Sc", "Dy", "O");
            for (k = 0; k < keys.length; k++) {
                for (f = 0; f < 3; f++) {
                    selectWindow(keys[k]);
                    makeRectangle(64 * f, 32 * f, 64, 64);
                    run("Duplicate...", "title=" + keys[k] + "_frame" + (f + 1));
                }
                run("Images to Stack", "name=[" + keys[k] + " series] title=" + keys[k] + "_frame use");
            }
            """;

    /** "raw 2-D XANES" (12 images of counts, 64 x 64), "flat" and "dark", as docs/registration.md names them. */
    private static final String RAW_2D = """
            newImage("flat", "32-bit black", 64, 64, 1);
            run("Set...", "value=10100");
            newImage("dark", "32-bit black", 64, 64, 1);
            run("Set...", "value=100");
            newImage("raw 2-D XANES", "32-bit black", 64, 64, 12);
            for (i = 1; i <= 12; i++) {
                setSlice(i);
                run("Select None");
                run("Set...", "value=10100 slice");
                a = 0.5;
                if (i > 6) a = 1.2;
                makeOval(16 + 0.6 * i, 18 + 0.4 * i, 26, 18);
                run("Set...", "value=" + (10000 * exp(-a) + 100) + " slice");
                makeOval(40 - 0.3 * i, 40, 10, 14);
                run("Set...", "value=" + (10000 * exp(-2 * a) + 100) + " slice");
            }
            run("Select None");
            """;

    /**
     * After the DyScO3 arrays: the series of {@link #SERIES} kept in files, a folder per array under @SERIES@ with a
     * TIFF per frame ("@SERIES@/HAADF/frame1.tif", ...), as the docs' line names them.
     */
    private static final String SERIES_FILES = """
            File.makeDirectory("@SERIES@");
            keys = newArray("HAADF", "Sc", "Dy", "O");
            for (k = 0; k < keys.length; k++) {
                File.makeDirectory("@SERIES@/" + keys[k]);
                for (f = 0; f < 3; f++) {
                    selectWindow(keys[k]);
                    makeRectangle(64 * f, 32 * f, 64, 64);
                    run("Duplicate...", "title=" + keys[k] + "_frame" + (f + 1));
                    saveAs("Tiff", "@SERIES@/" + keys[k] + "/frame" + (f + 1) + ".tif");
                    close();
                }
            }
            """;

    /** Opens what the line's command needs, under the names the docs use. */
    private static String prelude(String command, String line) {
        String arrays = "run(\"Import Array...\", \"open=[\" + npz + \"] key=HAADF\");\n"
                + "run(\"Import Array...\", \"open=[\" + npz + \"] key=Sc\");\n"
                + "run(\"Import Array...\", \"open=[\" + npz + \"] key=Dy\");\n"
                + "run(\"Import Array...\", \"open=[\" + npz + \"] key=O\");\n";
        String stemTxm = "run(\"Import Array...\", \"open=[\" + npz + \"] key=HAADF\");\nrename(\"stem.tif\");\n"
                + "run(\"Import Array...\", \"open=[\" + npz + \"] key=Sc\");\nrename(\"txm.tif\");\n";
        return switch (command) {
            case "Fuse Multi-Modal..." -> arrays + SERIES;
            case "Fuse Series from Files..." -> arrays + SERIES_FILES;
            // the register route maps a 2-D stack (one image per energy): one slice of a simulated series
            case "XANES Edge Map..." -> line.contains(" register ")
                    ? "run(\"Simulate XANES Series...\", \"width=48 height=48 depth=8 particles=2 snr=50 seed=1\");\n"
                            + "run(\"Duplicate...\", \"title=[2-D XANES] duplicate slices=4\");\n"
                    : "run(\"Simulate XANES Series...\", \"width=24 height=24 depth=4 particles=2 snr=50 seed=1\");\n";
            // a raw 2-D stack (flat=): counts of a drifting particle whose absorbance rises after the 6th of 12
            // energies, a flat of 10000 counts above a dark of 100
            case "Register Spectro-Tomography Series..." -> line.contains(" flat=") ? RAW_2D
                    : "run(\"Simulate Spectro-Tomography Series...\", "
                    + "\"size=64 energies=3 noise=0.02 salt_pepper=0 seed=1\");\n";
            case "Register Two Volumes..." -> "run(\"Simulate Spectro-Tomography Series...\", \"size=64 "
                    + "energies=2 noise=0.02 salt_pepper=0 seed=1\");\n"
                    + "run(\"Duplicate...\", \"title=fixed.tif duplicate frames=2\");\n"
                    + "selectImage(\"Simulated spectro-tomography series\");\n"
                    + "run(\"Duplicate...\", \"title=moving.tif duplicate frames=1\");\n";
            case "Apply Transforms..." -> "run(\"Simulate Spectro-Tomography Series...\", \"size=32 energies=3 "
                    + "noise=0.02 salt_pepper=0 seed=1\");\n"
                    + "run(\"Register Spectro-Tomography Series...\", \"series=[Simulated spectro-tomography series] "
                    + "levels=2 iterations=5 save output=[@REGISTERED@]\");\n"
                    // the label image the docs' nearest-neighbour line names
                    + "selectImage(\"Simulated spectro-tomography series\");\n"
                    + "run(\"Duplicate...\", \"title=labels duplicate\");\nrun(\"8-bit\");\n"
                    + "selectImage(\"Simulated spectro-tomography series\");\n";
            case "Learn Dictionary..." -> stemTxm;
            case "Enhance with Dictionary..." -> stemTxm + "run(\"Learn Dictionary...\", \"stem=stem.tif mode="
                    + "coupled atoms=64 steps=5 batch=32 training_patches=200 txm=txm.tif\");\n";
            case "Fused Multi-Modal Tomography..." -> "run(\"Simulate Fused Tomography Data...\", \"size=24 "
                    + "particles=4\");\n";
            default -> "";
        };
    }
}
