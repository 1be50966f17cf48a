package org.fusionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;

import org.fusionj.core.xanes.XanesPhantom;
import org.fusionj.core.xanes.XanesPhantomSpec;
import org.fusionj.service.XanesService;
import org.fusionj.workflow.xanes.EnergyLists;
import org.fusionj.workflow.xanes.XanesInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

/** The XANES SciJava command through a real Context and CommandService, headless. */
class XanesEdgeMapCommandTest extends SciJavaContext {

    @TempDir
    Path temp;

    @Test
    void mapsAnImageSeriesAndSaves() throws Exception {
        ImagePlus series = XanesInputs.toImage("series",
                XanesPhantom.generate(XanesPhantomSpec.defaults(24, 24, 16).withParticles(2)).series());
        Path out = temp.resolve("out");
        CommandModule m = run(XanesEdgeMapCommand.class, "series", series, "edge", "Mn K", "e0", 6549.0,
                "particles", true, "output", out.toFile(), "threads", 2);
        assertTrue(!m.isCanceled(), m.getCancelReason());
        ImagePlus map = (ImagePlus) m.getOutput("edge_energy");
        assertNotNull(map);
        assertEquals(16, map.getStackSize());
        assertTrue(Files.isRegularFile(out.resolve("particles.csv")));
    }

    @Test
    void missingEnergiesCancelWithAReason() throws Exception {
        ImagePlus series = XanesInputs.toImage("bare",
                XanesPhantom.generate(XanesPhantomSpec.defaults(8, 8, 2)).series());
        series.setProp(EnergyLists.PROPERTY, "");
        for (int i = 1; i <= series.getStackSize(); i++) {
            series.getStack().setSliceLabel(null, i);
        }
        CommandModule m = run(XanesEdgeMapCommand.class, "series", series);
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("carries no energies"), m.getCancelReason());
    }

    @Test
    void serviceGivesPresetParameters() {
        assertEquals(6539, context.service(XanesService.class).parameters("Mn K").e0Ev(), 1e-9);
    }
}
