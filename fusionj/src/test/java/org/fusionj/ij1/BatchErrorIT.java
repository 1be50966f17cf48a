package org.fusionj.ij1;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.fusionj.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In ImageJ's batch mode (no ImageJ window) a refused input must end the macro with the reason in the log, not
 * open an error dialog that nobody can close.
 */
class BatchErrorIT {

    @TempDir
    Path temp;

    @Test
    void badInputInBatchModePrintsTheReasonAndEnds() throws Exception {
        Path macro = Files.writeString(temp.resolve("bad.ijm"), String.join("\n",
                "npz = getArgument();",
                "run(\"Import Array...\", \"open=[\" + npz + \"] key=HAADF\");",
                "run(\"Import Array...\", \"open=[\" + npz + \"] key=Sc\");",
                "run(\"Import Array...\", \"open=[\" + npz + \"] key=Dy\");",
                "run(\"Fuse Multi-Modal...\", \"haadf=HAADF map_1=Sc map_2=Dy elements=Sc,Dy,O\");",
                "print(\"not reached\");", ""));
        Path ij = ImageJLauncher.imageJFolder(Files.createDirectories(temp.resolve("ij")));
        ImageJLauncher.Run run = ImageJLauncher.runMacro(ij, macro, TestData.dyscO3Npz().toString());
        assertTrue(run.output().contains("Fuse Multi-Modal: error: 2 elemental map(s)"), run.output());
        assertTrue(!run.output().contains("not reached"), "the macro must stop at the error:\n" + run.output());
    }

    /** The macro route ends with the same reason as the CLI for the same input (both read through the schema). */
    @Test
    void aFailingRunEndsTheMacroWithTheCliMessage() throws Exception {
        String npz = TestData.dyscO3Npz().toString();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream errStream = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        int status = org.fusionj.cli.FusionJCli.run(java.util.List.of("fuse", "--haadf", npz + ":HAADF", "--maps",
                npz + ":Sc", npz + ":Dy", npz + ":O", "--elements", "Sc,Dy,O", "--n_iter", "0", "--lambda_tv",
                "0.1", "--out", temp.resolve("cli").toString()), new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()), errStream);
        assertTrue(status == 2, err.toString());
        String cliReason = err.toString(java.nio.charset.StandardCharsets.UTF_8).strip()
                .replaceFirst("^fusionj fuse: error: ", "");
        Path macro = Files.writeString(temp.resolve("range.ijm"), String.join("\n",
                "npz = getArgument();",
                "run(\"Import Array...\", \"open=[\" + npz + \"] key=HAADF\");",
                "run(\"Import Array...\", \"open=[\" + npz + \"] key=Sc\");",
                "run(\"Import Array...\", \"open=[\" + npz + \"] key=Dy\");",
                "run(\"Import Array...\", \"open=[\" + npz + \"] key=O\");",
                "run(\"Fuse Multi-Modal...\", \"haadf=HAADF map_1=Sc map_2=Dy map_3=O elements=Sc,Dy,O n_iter=0 "
                        + "lambda_tv=0.1\");",
                "print(\"not reached\");", ""));
        Path ij = ImageJLauncher.imageJFolder(Files.createDirectories(temp.resolve("ij2")));
        ImageJLauncher.Run run = ImageJLauncher.runMacro(ij, macro, npz);
        assertTrue(run.output().contains("Fuse Multi-Modal: error: " + cliReason), "CLI: " + cliReason + "\nmacro:\n"
                + run.output());
        assertTrue(!run.output().contains("not reached"), "the macro must stop at the error:\n" + run.output());
    }

    /** The CLI's reason for {@code args} (status 2), without its "fusionj CMD: error: " prefix. */
    private static String cliReason(String... args) {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = org.fusionj.cli.FusionJCli.run(java.util.List.of(args), new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()), new java.io.PrintStream(err, true,
                java.nio.charset.StandardCharsets.UTF_8));
        String reason = err.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        assertTrue(status == 2, reason);
        return reason.replaceFirst("^fusionj [a-z-]+: error: ", "");
    }

    /**
     * A typo in a word choice (the schema checks these since issue 12's follow-up) ends the macro with the CLI's
     * line, before any work: XANES (edge, phases) and registration (metric) on a small open stack.
     */
    @Test
    void aTypoInAWordChoiceEndsTheMacroWithTheCliLine() throws Exception {
        String missing = temp.resolve("missing.tif").toString();
        String out = temp.resolve("cli-out").toString();
        String[][] cases = {
            {"XANES Edge Map", "edge=[Mn L]", cliReason("xanes", "--series", missing, "--out", out, "--edge", "Mn L")},
            {"XANES Edge Map", "phases=ica", cliReason("xanes", "--series", missing, "--out", out, "--phases", "ica")},
            {"Register Spectro-Tomography Series", "metric=mi", cliReason("register", "--series", missing, "--out",
                    out, "--metric", "mi")},
        };
        Path ij = ImageJLauncher.imageJFolder(Files.createDirectories(temp.resolve("ij3")));
        for (int i = 0; i < cases.length; i++) {
            String[] c = cases[i];
            assertTrue(c[2].contains("must be") && c[2].contains(", got '"), c[2]);
            Path macro = Files.writeString(temp.resolve("choice" + i + ".ijm"), String.join("\n",
                    "newImage(\"s\", \"32-bit ramp\", 24, 24, 1, 4, 3);",
                    "run(\"" + c[0] + "...\", \"series=s energies=6530,6540,6550 " + c[1] + "\");",
                    "print(\"not reached\");", ""));
            ImageJLauncher.Run run = ImageJLauncher.runMacro(ij, macro, "");
            assertTrue(run.output().contains(c[0] + ": error: " + c[2]), "CLI: " + c[2] + "\nmacro:\n"
                    + run.output());
            assertTrue(!run.output().contains("not reached"), "the macro must stop at the error:\n" + run.output());
        }
    }
}
