package org.fusionj.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fusionj.testing.TestData;
import org.fusionj.workflow.cluster.ClusterKeys;
import org.fusionj.workflow.dictionary.DictionaryKeys;
import org.fusionj.workflow.fusion.FusionKeys;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.spectrum.SpectrumKeys;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.Param.Route;
import org.fusionj.workflow.schema.Schema;
import org.fusionj.workflow.tomo.TomoKeys;
import org.fusionj.workflow.xanes.XanesKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every FusionJ dialog as a user meets it (see {@link EveryDialogMain}): OK clicked on the event thread records
 * every option (ImageJ records during the listener's close call; a plugin that returned early there recorded
 * nothing), the recorded options replay, the dialog fits a laptop screen, it has a Help button with a page that
 * exists, and it opens again with the values of the last OK.
 */
@Timeout(900)
class EveryDialogIT {

    /** The commands and the schema whose (non-boolean) dialog parameters must all be recorded. */
    private static final Map<String, Schema> SCHEMAS = Map.ofEntries(
            Map.entry("Simulate XANES Series...", XanesKeys.SIMULATE_SCHEMA),
            Map.entry("Simulate Spectro-Tomography Series...", RegistrationKeys.SIMULATE_SCHEMA),
            Map.entry("Fuse Multi-Modal...", FusionKeys.SCHEMA),
            Map.entry("XANES Edge Map...", XanesKeys.SCHEMA),
            Map.entry("XANES Edge Map... register", XanesKeys.SCHEMA),
            Map.entry("Register Spectro-Tomography Series...", RegistrationKeys.SERIES_SCHEMA),
            Map.entry("Register Spectro-Tomography Series... raw 2-D", RegistrationKeys.SERIES_SCHEMA),
            Map.entry("Register Two Volumes...", RegistrationKeys.PAIR_SCHEMA),
            Map.entry("Apply Transforms...", RegistrationKeys.APPLY_SCHEMA),
            Map.entry("Learn Dictionary...", DictionaryKeys.LEARN_SCHEMA),
            Map.entry("Enhance with Dictionary...", DictionaryKeys.ENHANCE_SCHEMA),
            Map.entry("Simulate Fused Tomography Data...", TomoKeys.SIMULATE_SCHEMA),
            Map.entry("Fused Multi-Modal Tomography...", TomoKeys.SCHEMA),
            Map.entry("Spectrum Image to Maps...", SpectrumKeys.SCHEMA),
            Map.entry("Prepare Cluster Job...", ClusterKeys.SCHEMA),
            Map.entry("Fuse Multi-Modal series", FusionKeys.SCHEMA),
            Map.entry("Fuse Series from Files...", FusionKeys.SCHEMA),
            Map.entry("Spectrum Image to Maps... windows", SpectrumKeys.SCHEMA));

    /** What each dialog shows when opened again: the value typed before. */
    private static final Map<String, String> MEMORY = Map.ofEntries(
            Map.entry("Simulate XANES Series...", "40.0"),
            Map.entry("Simulate Spectro-Tomography Series...", "0.030"),
            Map.entry("Fuse Multi-Modal...", "0.1"),
            Map.entry("XANES Edge Map...", "2.0"),
            Map.entry("XANES Edge Map... register", "similarity"),
            Map.entry("Register Spectro-Tomography Series...", "5"),
            Map.entry("Register Spectro-Tomography Series... raw 2-D", "similarity"),
            Map.entry("Register Two Volumes...", "4"),
            Map.entry("Apply Transforms...", "cubic"),
            Map.entry("Open Cluster Result...", "mask"),
            Map.entry("Prepare Cluster Job...", "6"),
            Map.entry("Learn Dictionary...", "16"),
            Map.entry("Enhance with Dictionary...", "4"),
            Map.entry("Simulate Fused Tomography Data...", "3"),
            Map.entry("Fused Multi-Modal Tomography...", "0.0200"),
            Map.entry("Spectrum Image to Maps...", "2"),
            Map.entry("Fuse Series from Files...", "0.12"));

    /** A laptop screen's usable height. */
    private static final int MAX_HEIGHT = 700;

    @TempDir
    static Path temp;
    private static String output;

    @BeforeAll
    static void runEveryDialog() throws Exception {
        Path ij = ImageJLauncher.imageJFolder(Files.createDirectories(temp.resolve("ij")));
        ImageJLauncher.Run run = ImageJLauncher.runMain(ij, EveryDialogMain.class.getName(),
                TestData.dyscO3Npz().toString());
        output = run.output();
        assertEquals(0, run.exitCode(), output);
    }

    private static String value(String command, String what) {
        String prefix = "CASE " + command + " " + what + " ";
        return output.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + prefix + "' in:\n" + output));
    }

    private static List<String> commands() {
        List<String> c = new ArrayList<>(SCHEMAS.keySet());
        c.add("Import Array...");
        c.add("Open Cluster Result...");
        return c;
    }

    @Test
    void okOnTheEventThreadRecordsEveryOptionAndTheRecordingReplays() {
        List<String> problems = new ArrayList<>();
        for (String command : commands()) {
            String recorded = value(command, "RECORDED");
            if (recorded.equals("null")) {
                problems.add(command + " recorded nothing");
                continue;
            }
            Schema schema = SCHEMAS.get(command);
            if (schema != null) {
                for (Param p : schema.params(Route.DIALOG)) {
                    if (p.type() != Param.Type.BOOLEAN && !recorded.contains(p.name() + "=")) {
                        problems.add(command + " did not record " + p.name() + ": " + recorded);
                    }
                }
            }
            if (!value(command, "RUN").equals("ok")) {
                problems.add(command + " after OK: " + value(command, "RUN"));
            }
            if (!value(command, "REPLAY").equals("ok")) {
                problems.add(command + " replaying '" + recorded + "': " + value(command, "REPLAY"));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n" + output);
        assertFalse(output.contains(": error:"), output);
    }

    @Test
    void everyDialogFitsALaptopScreenAndHasHelp() {
        for (String command : commands()) {
            int h = Integer.parseInt(value(command, "HEIGHT"));
            assertTrue(h <= MAX_HEIGHT, command + " is " + h + " px tall (at most " + MAX_HEIGHT + ")");
            assertEquals("true", value(command, "HELP"), command + " has no Help button");
        }
    }

    @Test
    void dialogsOpenWithTheLastValues() {
        for (Map.Entry<String, String> e : MEMORY.entrySet()) {
            assertEquals(e.getValue(), value(e.getKey(), "MEMORY"), e.getKey() + " forgot its last value");
        }
        assertEquals("map_4=*None* elements=Sc,Dy,O", value("Fuse Multi-Modal...", "REOPENED"),
                "Fuse must offer the maps of the last run, not the result windows, and keep the elements");
        assertEquals("map_4=*None* elements=Sc,Dy,O", value("Fuse Multi-Modal...", "GUESSED"),
                "without memory Fuse must guess the maps among the inputs, not the results or plots");
    }

    /** A HAADF stack in the fusion dialog: every frame fused, calibrated hyperstack windows with a frame each. */
    @Test
    void aHaadfStackIsFusedAsASeries() {
        assertEquals("channels=3 frames=3 composite=true pixel=0.02nm model_frames=3",
                value("Fuse Multi-Modal series", "SERIES"), output);
    }

    /**
     * A series kept in files (a folder of TIFFs, HDF5 datasets with a frame axis) in its own dialog: the same
     * results as the stack route, the HAADF files' calibration; recorded with the CLI's keys, replayed.
     */
    @Test
    void aSeriesKeptInFilesIsFusedFromItsDialog() {
        assertEquals("channels=3 frames=3 composite=true pixel=0.02nm model_frames=3",
                value("Fuse Series from Files...", "SERIES"), output);
        String recorded = value("Fuse Series from Files...", "RECORDED");
        assertTrue(recorded.contains("haadf_series=") && recorded.contains("map_series=")
                && recorded.contains("frame_axis=first"), recorded);
    }

    /**
     * Fuse Series from Files' preview: ticked, it fuses the first frame (64 x 64 here: all of it) with the dialog's
     * values in Fuse Multi-Modal's preview window, and OK closes it.
     */
    @Test
    void theSeriesFromFilesPreviewShowsTheFirstFrameAndClosesOnOk() {
        assertEquals("maps=3 64x64", value("Fuse Series from Files...", "PREVIEW"), output);
        assertEquals("closed", value("Fuse Series from Files...", "PREVIEW_AFTER_OK"), output);
    }

    /**
     * Fuse Multi-Modal's and Enhance with Dictionary's previews: ticked, they show a crop's result (the HAADF and
     * the TXM are 128 x 128 or larger: the preview's centred 128-pixel square), and OK closes them; a value the
     * dialog refuses disables OK until it is typed right.
     */
    @Test
    void theFusionAndEnhancePreviewsShowACropAndARefusalDisablesOk() {
        assertEquals("ok=false then ok=true", value("Fuse Multi-Modal...", "REFUSED"), output);
        assertEquals("maps=3 128x128", value("Fuse Multi-Modal...", "PREVIEW"), output);
        assertEquals("closed", value("Fuse Multi-Modal...", "PREVIEW_AFTER_OK"), output);
        assertEquals("ok=false then ok=true", value("Enhance with Dictionary...", "REFUSED"), output);
        assertEquals("maps=1 128x128", value("Enhance with Dictionary...", "PREVIEW"), output);
        assertEquals("closed", value("Enhance with Dictionary...", "PREVIEW_AFTER_OK"), output);
    }

    /** The two fusion dialogs remember their own values: Fuse Series from Files' OK leaves Fuse Multi-Modal's. */
    @Test
    void theTwoFusionDialogsKeepTheirOwnMemory() {
        assertEquals("0.1", value("Fuse Series from Files...", "OTHER_MEMORY"), output);
    }

    /** Windows typed in the spectrum dialog (no elements): recorded, the maps made from them, replayed. */
    @Test
    void theSpectrumDialogTakesExplicitWindows() {
        String recorded = value("Spectrum Image to Maps... windows", "RECORDED");
        assertTrue(recorded.contains("windows=Fe:Ka=6250-6560/5860-6020/6790-6950;O=480-570/380-440"), recorded);
        assertTrue(value("Spectrum Image to Maps... windows", "MAPS").startsWith("2("), output);
    }

    /** The spectrum dialog's live preview: the plot and the maps appear when ticked, follow an edit, and close. */
    @Test
    void theSpectrumPreviewFollowsTheDialog() {
        assertEquals("maps=2(Fe) plot=true then maps=1(Fe) plot=true closed=true",
                value("Spectrum Image to Maps...", "PREVIEW"), output);
    }

    /** edge_fit_window (typed in the dialog) is recorded with the value typed. */
    @Test
    void xanesRecordsTheEdgeFitWindow() {
        String recorded = value("XANES Edge Map...", "RECORDED");
        assertTrue(recorded.contains("edge_fit_window=-12,24"), recorded);
    }

    @Test
    void xanesPlotsNameTheirSeries() {
        assertTrue(value("XANES Edge Map...", "WINDOWS").contains("Edge-energy histograms of XANES series"),
                value("XANES Edge Map...", "WINDOWS"));
        // the kernel densities beside the histograms (the paper's Fig. 4e)
        assertTrue(value("XANES Edge Map...", "WINDOWS").contains("Edge-energy densities of XANES series"),
                value("XANES Edge Map...", "WINDOWS"));
    }

    /** Register first: the registered stack and its MSE plot open beside the maps, and the recording names them. */
    @Test
    void xanesRegistersARawStackFirst() {
        String windows = value("XANES Edge Map... register", "WINDOWS");
        assertTrue(windows.contains("raw 2-D XANES registered") && windows.contains("half_height"), windows);
        String recorded = value("XANES Edge Map... register", "RECORDED");
        assertTrue(recorded.contains("register ") && recorded.contains("flat=flat") && recorded.contains("i0=")
                && recorded.contains("registration_mask"), recorded);
    }

    /**
     * Register Series on raw counts: flat, dark and i0 are recorded (and replayed, above), and the registered stack
     * is absorbance (a few units), not counts (the flat is some 10000).
     */
    @Test
    void registerSeriesCorrectsARawStackFirst() {
        String recorded = value("Register Spectro-Tomography Series... raw 2-D", "RECORDED");
        assertTrue(recorded.contains("flat=flat") && recorded.contains("dark=dark")
                && recorded.matches(".*\\bi0=\\[?[0-9].*"), recorded);
        double max = Double.parseDouble(value("Register Spectro-Tomography Series... raw 2-D", "MAX"));
        assertTrue(max > 0.1 && max < 20, "the registered stack is no absorbance: max " + max);
    }

    @Test
    void tomographyShowsTheSectionsByDefault() {
        String windows = value("Fused Multi-Modal Tomography...", "WINDOWS");
        assertTrue(windows.contains("|XZ volumes of HAADF tilt series") && windows.contains(
                "|YZ volumes of HAADF tilt series"),
                "views=xz_yz (the default) opened no XZ / YZ section windows: " + windows);
    }

    @Test
    void theRegistrationPlotHasTwoColours() {
        String plot = value("Register Spectro-Tomography Series...", "PLOT");
        String[] f = plot.split("[ =]");
        assertTrue(Integer.parseInt(f[1]) > 20 && Integer.parseInt(f[3]) > 20, "before (red) and after (blue): "
                + plot);
    }
}
