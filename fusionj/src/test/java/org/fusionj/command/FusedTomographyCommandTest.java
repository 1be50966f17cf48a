package org.fusionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;

import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.workflow.tomo.SimulatedTomo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

/** The fused-tomography SciJava command through a real Context, headless, on a small phantom. */
@Timeout(180)
class FusedTomographyCommandTest extends SciJavaContext {

    @TempDir
    static Path temp;

    private static ImagePlus haadf;
    private static String maps;

    @BeforeAll
    static void phantom() {
        TomoPhantom ph = TomoPhantom.generate(TomoPhantomSpec.defaults(24).toBuilder().symbols("Au", "Cu").build(),
                2);
        haadf = SimulatedTomo.series("HAADF", ph.problem().haadf());
        StringBuilder files = new StringBuilder();
        for (ElementTiltSeries e : ph.problem().elements()) {
            Path f = temp.resolve(e.symbol() + ".tif");
            IJ.saveAsTiff(SimulatedTomo.series(e.symbol(), e.series()), f.toString());
            files.append(files.length() == 0 ? "" : ",").append(f);
        }
        maps = files.toString();
    }

    @Test
    void reconstructsAndSaves() throws Exception {
        Path out = temp.resolve("out");
        CommandModule m = run(FusedTomographyCommand.class, "haadf", haadf, "maps_file", maps, "elements", "Au,Cu",
                "n_iter", 3, "output", out.toFile(), "threads", 2);
        assertFalse(m.isCanceled(), m.getCancelReason());
        ImagePlus v = (ImagePlus) m.getOutput("volumes");
        assertEquals(2, v.getNChannels());
        assertEquals(24, v.getNSlices());
        assertTrue(Files.isRegularFile(out.resolve("tomo_record.h5")));
    }

    @Test
    void badAnglesCancelWithAReason() throws Exception {
        CommandModule m = run(FusedTomographyCommand.class, "haadf", haadf, "maps_file", maps, "elements", "Au,Cu",
                "chem_angles", "-70:70:20", "n_iter", 2);
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("8 tilt angles but the stack holds 15 images"), m.getCancelReason());
    }
}
