package org.fusionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;

import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.service.RegistrationService;
import org.fusionj.workflow.registration.SimulatedSeries;
import org.fusionj.workflow.registration.Volumes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.prefs.PrefService;

/** The registration SciJava commands and service through a real Context, headless. */
class RegisterCommandsTest extends SciJavaContext {

    private static ImagePlus series;

    @TempDir
    Path temp;

    @BeforeAll
    static void makeSeries() {
        series = SimulatedSeries.toImage("series", new SeriesPhantom(40, 3, PhantomNoise.DEFAULT, 4), 2);
    }

    @Test
    void registersASeriesAndSaves() throws Exception {
        Path out = temp.resolve("out");
        CommandModule m = run(RegisterSeriesCommand.class, "series", series, "levels", 2, "output", out.toFile(),
                "threads", 2);
        assertFalse(m.isCanceled(), m.getCancelReason());
        ImagePlus reg = (ImagePlus) m.getOutput("registered");
        assertNotNull(reg);
        assertEquals(3, reg.getNFrames());
        assertTrue(Files.isRegularFile(out.resolve("transforms.json")));
    }

    @Test
    void appliesTheSavedTransformsAndReproducesTheRegistration() throws Exception {
        Path out = temp.resolve("reg");
        CommandModule m = run(RegisterSeriesCommand.class, "series", series, "levels", 2, "output", out.toFile(),
                "threads", 2);
        assertFalse(m.isCanceled(), m.getCancelReason());
        ImagePlus reg = (ImagePlus) m.getOutput("registered");
        Path saved = temp.resolve("applied.tif");
        CommandModule a = run(ApplyTransformsCommand.class, "input", series, "transforms",
                out.resolve("transforms.json").toFile(), "output", saved.toFile(), "threads", 2);
        assertFalse(a.isCanceled(), a.getCancelReason());
        ImagePlus applied = (ImagePlus) a.getOutput("transformed");
        assertEquals(reg.getStackSize(), applied.getStackSize());
        for (int i = 1; i <= reg.getStackSize(); i++) {
            float[] x = (float[]) reg.getStack().getPixels(i);
            float[] y = (float[]) applied.getStack().getPixels(i);
            for (int k = 0; k < x.length; k++) {
                assertEquals(x[k], y[k], 1e-5f, "slice " + i + " pixel " + k);
            }
        }
        assertTrue(Files.isRegularFile(saved));
        CommandModule none = run(ApplyTransformsCommand.class, "input", series);
        assertTrue(none.isCanceled());
        assertTrue(none.getCancelReason().contains("transforms"), none.getCancelReason());
    }

    @Test
    void registersA2dStack() throws Exception {
        org.fusionj.core.registration.phantom.Series2dPhantom p =
                new org.fusionj.core.registration.phantom.Series2dPhantom(64, 4, 1, 0.01, 0.01, 2);
        ij.ImageStack st = new ij.ImageStack(64, 64);
        for (int e = 0; e < p.count(); e++) {
            st.addSlice(null, new ij.process.FloatProcessor(64, 64, p.image(e).data()));
        }
        ImagePlus stack = new ImagePlus("stack", st);
        org.fusionj.workflow.SpectralImages.store(stack, p.energies());
        Path out = temp.resolve("reg2d");
        CommandModule m = run(RegisterSeriesCommand.class, "series", stack, "metric", "ncc", "transform",
                "similarity", "output", out.toFile(), "threads", 2);
        assertFalse(m.isCanceled(), m.getCancelReason());
        ImagePlus reg = (ImagePlus) m.getOutput("registered");
        assertEquals(4, reg.getNFrames());
        assertEquals(1, reg.getNSlices());
        assertTrue(Files.isRegularFile(out.resolve("registration_mask.tif")));
    }

    /**
     * Raw counts of a drifting, magnified 2-D phantom (96 x 96, 6 energies) with flat and dark images and i0 typed,
     * as {@code fusionj register --flat --dark --i0} takes them (Register2dCliTest): corrected to absorbance, then
     * registered to within 0.05 px of the phantom's motions.
     */
    @Test
    @org.junit.jupiter.api.Timeout(300)
    void correctsRawCountsWithFlatDarkAndI0ThenRegisters() throws Exception {
        int n = 96;
        org.fusionj.core.registration.phantom.Series2dPhantom p =
                new org.fusionj.core.registration.phantom.Series2dPhantom(n, 6, 1.5, 0.01, 0.01, 5);
        ij.ImageStack st = new ij.ImageStack(n, n);
        StringBuilder i0 = new StringBuilder();
        for (int e = 0; e < p.count(); e++) {
            st.addSlice(null, new ij.process.FloatProcessor(n, n, p.raw(p.image(e), e).data()));
            i0.append(e == 0 ? "" : ",").append(p.i0(e));
        }
        ImagePlus raw = new ImagePlus("raw", st);
        org.fusionj.workflow.SpectralImages.store(raw, p.energies());
        ImagePlus flat = new ImagePlus("flat", new ij.process.FloatProcessor(n, n, p.flatImage().data()));
        Path darkFile = temp.resolve("dark.tif");
        new ij.io.FileSaver(new ImagePlus("dark", new ij.process.FloatProcessor(n, n, p.darkImage().data())))
                .saveAsTiff(darkFile.toString());
        Path out = temp.resolve("raw2d");
        CommandModule m = run(RegisterSeriesCommand.class, "series", raw, "flat", flat, "dark_file", darkFile.toFile(),
                "i0", i0.toString(), "metric", "ncc", "transform", "similarity", "output", out.toFile(), "threads", 2);
        assertFalse(m.isCanceled(), m.getCancelReason());
        org.fusionj.workflow.registration.TransformsFile t = org.fusionj.workflow.registration.TransformsFile.read(
                out.resolve("transforms.json"));
        double sum = 0;
        for (int e = 0; e < p.count(); e++) {
            org.fusionj.core.registration.AffineTransform3D found = t.volumes().get(e).matrix();
            org.fusionj.core.registration.AffineTransform3D truth = p.motion(e);
            sum += org.fusionj.core.registration.phantom.TransformError.of(i -> found,
                    new org.fusionj.core.registration.AffineTransform3D[] {truth, truth, truth}, p.labels(), n, n)
                    .mean();
        }
        assertTrue(sum / p.count() <= 0.05, "mean error " + sum / p.count() + " px");
        // the registered stack is absorbance (the correction ran): the fixed image is the phantom's own
        ImagePlus reg = (ImagePlus) m.getOutput("registered");
        int fixed = p.count() - 1;
        float[] got = (float[]) reg.getStack().getProcessor(fixed + 1).convertToFloatProcessor().getPixels();
        float[] truth = p.image(fixed).data();
        double diff = 0;
        for (int i = 0; i < got.length; i++) {
            diff += Math.abs(got[i] - truth[i]);
        }
        assertTrue(diff / got.length < 0.05, "mean |registered - absorbance| " + diff / got.length);
    }

    /** flat/dark/i0 correct 2-D stacks only; an image and a file for one input are refused. */
    @Test
    void aCorrectionOfVolumesIsRefused() throws Exception {
        CommandModule m = run(RegisterSeriesCommand.class, "series", series, "flat", series, "levels", 2);
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("holds volumes: leave flat, dark and i0 out"), m.getCancelReason());
        m = run(RegisterSeriesCommand.class, "series", series, "i0", "1,1", "levels", 2);
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("i0 needs one value per energy (3), got 2"), m.getCancelReason());
    }

    @Test
    void aBadFixedEnergyCancelsWithAReason() throws Exception {
        CommandModule m = run(RegisterSeriesCommand.class, "series", series, "levels", 2, "fixed_energy", "7000");
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("not one of the series' energies"), m.getCancelReason());
    }

    @Test
    void registersTwoVolumesAndTheServiceDoesTheSame() throws Exception {
        ImagePlus fixed = Volumes.toImage("fixed", Volumes.frame(series, 3), null);
        ImagePlus moving = Volumes.toImage("moving", Volumes.frame(series, 1), null);
        CommandModule m = run(RegisterTwoVolumesCommand.class, "fixed", fixed, "moving", moving, "levels", 2,
                "threads", 2);
        assertFalse(m.isCanceled(), m.getCancelReason());
        assertEquals(40, ((ImagePlus) m.getOutput("registered")).getStackSize());
        RegistrationService s = context.service(RegistrationService.class);
        var outcome = s.registerPair(fixed, moving, s.parameters().toBuilder().levels(2).build());
        assertTrue(outcome.results().get(0).after().mse() < outcome.results().get(0).before().mse());
    }

    @Test
    void twoVolumeCommandPassesEveryRegistrationOptionOn() throws Exception {
        ImagePlus fixed = Volumes.toImage("fixed", Volumes.frame(series, 3), null);
        ImagePlus moving = Volumes.toImage("moving", Volumes.frame(series, 1), null);
        Map<String, Object> valid = Map.of("smoothing", 1.0, "iterations", 30, "dilation", 4, "min_voxels", 100);
        Map<String, Object> invalid = Map.of("smoothing", -1.0, "iterations", 0, "dilation", -1, "min_voxels", 0);
        try {
            for (String name : invalid.keySet()) {
                refusesOutOfRange(fixed, moving, valid, name, invalid.get(name));
            }
        } finally {
            // SciJava remembers the last values given, refused ones included: forget them for the other tests.
            context.service(PrefService.class).clear(RegisterTwoVolumesCommand.class);
        }
    }

    private static void refusesOutOfRange(ImagePlus fixed, ImagePlus moving, Map<String, Object> valid, String name,
                                          Object value) throws Exception {
        Map<String, Object> inputs = new HashMap<>(valid);
        inputs.put(name, value);
        List<Object> args = new ArrayList<>(List.of("fixed", fixed, "moving", moving));
        inputs.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        CommandModule m = run(RegisterTwoVolumesCommand.class, args.toArray());
        assertTrue(m.isCanceled(), name + " = " + value + " was not refused");
        assertTrue(m.getCancelReason().contains(name), m.getCancelReason());
    }
}
