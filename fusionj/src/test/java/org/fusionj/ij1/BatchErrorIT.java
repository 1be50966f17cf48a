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
}
