package org.fusionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.prefs.PrefService;

/**
 * The SciJava route of the schema's word choices (ChoiceRefusalTest, SchemaCliTest): a script that passes a word
 * outside a choice (SciJava checks {@code choices} only in its dialog) is cancelled with the CLI's line, before
 * any file is read (the inputs named here do not exist) and with nothing written.
 */
@Timeout(120)
class ChoiceRefusalCommandTest extends SciJavaContext {

    @TempDir
    Path temp;

    /** SciJava keeps the last values of persisted parameters (a refused run's too): each case starts clean. */
    @AfterEach
    void forgetLastValues() {
        for (Class<? extends Command> c : java.util.List.of(XanesEdgeMapCommand.class, RegisterSeriesCommand.class,
                FuseMultiModalCommand.class, PrepareClusterJobCommand.class)) {
            context.service(PrefService.class).clear(c);
        }
    }

    private void refused(String expected, Class<? extends Command> command, Object... inputs) throws Exception {
        Path out = temp.resolve("out");
        Object[] all = java.util.Arrays.copyOf(inputs, inputs.length + 2);
        all[inputs.length] = "output";
        all[inputs.length + 1] = out.toFile();
        forgetLastValues();
        CommandModule m = run(command, all);
        assertTrue(m.isCanceled(), command.getSimpleName() + " ran with a word outside the choices");
        assertEquals(expected, m.getCancelReason().replaceFirst("^[^:]*: ", ""));
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void aTypoInAWordChoiceCancelsTheCommandWithTheCliLine() throws Exception {
        java.io.File missing = temp.resolve("missing.tif").toFile();
        refused("edge must be Ti K, V K, Cr K, Mn K, Fe K, Co K, Ni K, Cu K, Zn K or custom, got 'Mn L'",
                XanesEdgeMapCommand.class, "series_file", missing, "edge", "Mn L");
        refused("connectivity must be 6 or 26, got '8'", XanesEdgeMapCommand.class, "series_file", missing,
                "particles", true, "connectivity", "8");
        refused("phases must be none, pca, kmeans or nmf, got 'ica'", XanesEdgeMapCommand.class, "series_file",
                missing, "phases", "ica");
        refused("metric must be mse or ncc, got 'mi'", RegisterSeriesCommand.class, "series_file", missing,
                "metric", "mi");
        refused("frame_axis must be first or last, got 'middle'", FuseMultiModalCommand.class, "haadf_series",
                missing.toString(), "map_series", missing.toString(), "elements", "O", "frame_axis", "middle");
        refused("compression must be raw or zlib, got 'gzip'", PrepareClusterJobCommand.class, "input",
                missing.toString(), "compression", "gzip");
    }
}
