package org.fusionj.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.spectrum.EnergyAxis;
import org.fusionj.core.spectrum.LineTable;
import org.fusionj.core.spectrum.SpectrumKind;
import org.fusionj.core.spectrum.SpectrumMapper;
import org.fusionj.core.spectrum.SpectrumMaps;
import org.fusionj.core.spectrum.SpectrumPhantom;
import org.fusionj.core.spectrum.WindowPlanner;
import org.fusionj.core.spectrum.WindowSettings;
import org.fusionj.io.NpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

/** The spectrum-image-to-maps SciJava command through a real Context, headless. */
class SpectrumMapsCommandTest extends SciJavaContext {

    @TempDir
    Path temp;

    @Test
    @Timeout(120)
    void mapsAFileLikeTheCoreAndSaves() throws Exception {
        LineTable t = LineTable.bundled(SpectrumKind.EDX);
        EnergyAxis axis = new EnergyAxis(0, 10, 1000);
        SpectrumPhantom ph = SpectrumPhantom.generate(SpectrumKind.EDX, List.of(t.find("Fe:Ka").get(0),
                t.find("O:Ka").get(0)), 20, 16, axis, 200, 1, WindowSettings.defaults(), 4);
        Path npy = temp.resolve("si.npy");
        NpyWriter.writeFloat32(npy, new int[] {16, 20, 1000}, ph.image().counts());
        Path out = temp.resolve("maps");
        CommandModule module = run(SpectrumMapsCommand.class, "input_file", npy.toString(), "elements", "Fe,O",
                "energy_offset", "0", "dispersion", "10", "output", out.toFile(), "threads", 2);
        assertTrue(!module.isCanceled(), "cancelled: " + module.getCancelReason());
        ImagePlus maps = (ImagePlus) module.getOutput("maps");
        assertEquals(2, maps.getStackSize());
        SpectrumMaps direct = new SpectrumMapper(1).map(ph.image(), WindowPlanner.plan(t, axis, List.of("Fe", "O"),
                WindowSettings.defaults()).windows());
        assertArrayEquals(direct.maps().get(1).pixels(), (float[]) maps.getStack().getPixels(2));
        assertTrue(Files.isRegularFile(out.resolve("windows.csv")));
    }

    /**
     * {@code windows}, as the CLI's {@code --windows}: an earlier run's windows.csv given back gives the same maps
     * without {@code elements} (and is never replaced by the results: a run into its own folder is refused), typed
     * windows are used as given, and a bad window cancels naming the parameter.
     */
    @Test
    @Timeout(120)
    void takesWindowsTypedOrFromAnEarlierWindowsCsv() throws Exception {
        LineTable t = LineTable.bundled(SpectrumKind.EDX);
        EnergyAxis axis = new EnergyAxis(0, 10, 1000);
        SpectrumPhantom ph = SpectrumPhantom.generate(SpectrumKind.EDX, List.of(t.find("Fe:Ka").get(0),
                t.find("O:Ka").get(0)), 20, 16, axis, 200, 1, WindowSettings.defaults(), 5);
        Path npy = temp.resolve("si.npy");
        NpyWriter.writeFloat32(npy, new int[] {16, 20, 1000}, ph.image().counts());
        Path planned = temp.resolve("planned");
        CommandModule first = run(SpectrumMapsCommand.class, "input_file", npy.toString(), "elements", "Fe,O",
                "energy_offset", "0", "dispersion", "10", "output", planned.toFile());
        assertTrue(!first.isCanceled(), "cancelled: " + first.getCancelReason());
        String csv = planned.resolve("windows.csv").toString();
        CommandModule again = run(SpectrumMapsCommand.class, "input_file", npy.toString(), "windows", csv,
                "energy_offset", "0", "dispersion", "10");
        assertTrue(!again.isCanceled(), "cancelled: " + again.getCancelReason());
        ImagePlus a = (ImagePlus) first.getOutput("maps");
        ImagePlus b = (ImagePlus) again.getOutput("maps");
        assertEquals(2, b.getStackSize());
        for (int i = 1; i <= 2; i++) {
            assertArrayEquals((float[]) a.getStack().getPixels(i), (float[]) b.getStack().getPixels(i), "map " + i);
        }
        CommandModule intoItsFolder = run(SpectrumMapsCommand.class, "input_file", npy.toString(), "windows", csv,
                "energy_offset", "0", "dispersion", "10", "output", planned.toFile(), "overwrite", true);
        assertTrue(intoItsFolder.isCanceled(), "the results replaced the windows.csv they read");
        CommandModule typed = run(SpectrumMapsCommand.class, "input_file", npy.toString(), "windows",
                "Fe=6350-6450/6000-6100;O=480-570/380-440", "energy_offset", "0", "dispersion", "10");
        assertTrue(!typed.isCanceled(), "cancelled: " + typed.getCancelReason());
        SpectrumMaps direct = new SpectrumMapper(1).map(ph.image(), org.fusionj.workflow.spectrum.WindowsText
                .parse("Fe=6350-6450/6000-6100;O=480-570/380-440", SpectrumKind.EDX));
        assertArrayEquals(direct.maps().get(0).pixels(),
                (float[]) ((ImagePlus) typed.getOutput("maps")).getStack().getPixels(1));
        CommandModule bad = run(SpectrumMapsCommand.class, "input_file", npy.toString(), "windows", "Fe=6450-6350",
                "energy_offset", "0", "dispersion", "10");
        assertTrue(bad.isCanceled());
        assertTrue(bad.getCancelReason().contains("windows"), bad.getCancelReason());
    }

    @Test
    @Timeout(120)
    void aFileWithoutCalibrationCancelsWithTheReason() throws Exception {
        Path npy = temp.resolve("bare.npy");
        NpyWriter.writeFloat32(npy, new int[] {4, 4, 100}, new float[1600]);
        CommandModule module = run(SpectrumMapsCommand.class, "input_file", npy.toString(), "elements", "Fe");
        assertTrue(module.isCanceled());
        assertTrue(module.getCancelReason().contains("no energy calibration"), module.getCancelReason());
        assertNull(module.getOutput("maps"));
        assertTrue(!new File(temp.toFile(), "map_Fe.tif").exists());
    }
}
