package org.fusionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.fusionj.core.registration.phantom.Series2dPhantom;

import org.fusionj.core.xanes.XanesPhantom;
import org.fusionj.core.xanes.XanesPhantomSpec;
import org.fusionj.service.XanesService;
import org.fusionj.workflow.xanes.EnergyLists;
import org.fusionj.workflow.xanes.XanesInputs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.prefs.PrefService;

/** The XANES SciJava command through a real Context and CommandService, headless. */
class XanesEdgeMapCommandTest extends SciJavaContext {

    @TempDir
    Path temp;

    /** SciJava keeps the last values of persisted parameters: one test's windows must not reach the next. */
    @AfterEach
    void forgetLastValues() {
        context.service(PrefService.class).clear(XanesEdgeMapCommand.class);
    }

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

    private static ImagePlus stack(String title, float[]... planes) {
        int n = (int) Math.round(Math.sqrt(planes[0].length));
        ImageStack st = new ImageStack(n, n);
        for (float[] p : planes) {
            st.addSlice(null, new FloatProcessor(n, n, p));
        }
        return new ImagePlus(title, st);
    }

    /**
     * The register route as the CLI's {@code --register} (Xanes2dCliTest): raw counts of a drifting 2-D phantom
     * with flat, dark (images) and i0 (typed), registered, then mapped inside the registration's mask; one folder.
     */
    @Test
    @Timeout(300)
    void registersARawTwoDStackThenMapsIt() throws Exception {
        Series2dPhantom p = new Series2dPhantom(96, 12, 1.5, 0.01, 0.01, 6);
        float[][] raw = new float[p.count()][];
        StringBuilder i0 = new StringBuilder();
        StringBuilder energies = new StringBuilder();
        for (int e = 0; e < p.count(); e++) {
            raw[e] = p.raw(p.image(e), e).data();
            i0.append(e == 0 ? "" : ",").append(p.i0(e));
            energies.append(e == 0 ? "" : ",").append(p.energies()[e]);
        }
        Path out = temp.resolve("maps");
        CommandModule m = run(XanesEdgeMapCommand.class, "series", stack("raw", raw), "energies",
                energies.toString(), "register", true, "flat", stack("flat", p.flatImage().data()), "dark",
                stack("dark", p.darkImage().data()), "i0", i0.toString(), "transform", "similarity", "metric", "ncc",
                "edge", "custom", "e0", 6552.0, "pre_edge", "-25,-14", "post_edge", "12,30", "post_order", 0,
                "edge_window", "-10,10", "white_line_window", "0,25", "registration_mask", true, "output",
                out.toFile(), "threads", 2);
        assertTrue(!m.isCanceled(), m.getCancelReason());
        for (String f : List.of("registered.tif", "transforms.json", "registration.csv", "mse_vs_energy.png",
                "mse_vs_energy.csv", "registration_mask.tif", "squared_difference.tif", "half_height.tif",
                "mask.tif")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        float[] e0 = (float[]) ((ImagePlus) m.getOutput("edge_energy")).getProcessor().convertToFloatProcessor()
                .getPixels();
        int[] labels = p.labels();
        double sum = 0;
        int count = 0;
        int particles = 0;
        for (int i = 0; i < labels.length; i++) {
            particles += labels[i] > 0 ? 1 : 0;
            if (labels[i] > 0 && Float.isFinite(e0[i]) && e0[i] > 0) {
                sum += e0[i];
                count++;
            }
        }
        assertTrue(count > 0.5 * particles, count + " of " + particles + " particle pixels mapped");
        assertEquals(6552, sum / count, 1.0);
    }

    /** A correction or the registration's mask without register would be ignored: refused, naming register. */
    @Test
    @Timeout(120)
    void correctionWithoutRegisterIsRefused() throws Exception {
        ImagePlus series = XanesInputs.toImage("series",
                XanesPhantom.generate(XanesPhantomSpec.defaults(8, 8, 1)).series());
        CommandModule m = run(XanesEdgeMapCommand.class, "series", series, "flat", series);
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("turn on register"), m.getCancelReason());
        m = run(XanesEdgeMapCommand.class, "series", series, "registration_mask", true);
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("registration_mask needs register"), m.getCancelReason());
    }

    /** edge_fit_window reaches the kernel: a window too narrow for the edge model is refused, naming the fix. */
    @Test
    @Timeout(120)
    void theEdgeFitWindowIsTakenAndChecked() throws Exception {
        ImagePlus series = XanesInputs.toImage("series",
                XanesPhantom.generate(XanesPhantomSpec.defaults(24, 24, 4).withParticles(2)).series());
        CommandModule m = run(XanesEdgeMapCommand.class, "series", series, "e0", 6549.0, "edge_fit_window", "-2,2");
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("widen edge_fit_window"), m.getCancelReason());
        m = run(XanesEdgeMapCommand.class, "series", series, "e0", 6549.0, "edge_fit_window", "5,25");
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("edge_fit_window must reach below and above"), m.getCancelReason());
        m = run(XanesEdgeMapCommand.class, "series", series, "e0", 6549.0, "edge_fit_window", "-12,20");
        assertTrue(!m.isCanceled(), m.getCancelReason());
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
