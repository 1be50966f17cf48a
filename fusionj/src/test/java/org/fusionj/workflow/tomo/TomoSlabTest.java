package org.fusionj.workflow.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.measure.Calibration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.core.tomo.phantom.TomoScore;
import org.fusionj.workflow.RunContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The preview's slab (a few slices along the tilt axis reconstructed on their own) and the section views: where the
 * slab sits, that cropping keeps what the run reads (rows, angle labels, calibration), that the slab's
 * reconstruction is close to the same slices of the whole run, and that the x-z and y-z sections hold the volume's
 * voxels, calibrated.
 */
@Timeout(120)
class TomoSlabTest {

    private static final int SIZE = 32;
    private static ImagePlus haadf;
    private static List<ImagePlus> maps;
    private static TomoPhantom phantom;

    @BeforeAll
    static void phantom() {
        phantom = TomoPhantom.generate(TomoPhantomSpec.defaults(SIZE).toBuilder().symbols("Au", "Cu").seed(5)
                .build(), 2);
        haadf = SimulatedTomo.series("HAADF", phantom.problem().haadf());
        Calibration cal = new Calibration();
        cal.pixelWidth = 0.25;
        cal.pixelHeight = 0.5;
        cal.setUnit("nm");
        haadf.setCalibration(cal);
        maps = new ArrayList<>();
        for (ElementTiltSeries e : phantom.problem().elements()) {
            maps.add(SimulatedTomo.series(e.symbol(), e.series()));
        }
    }

    @Test
    void theSlabIsTheRoisRowsOrTheMiddle() {
        assertEquals(new TomoSlab(60, 8), TomoSlab.of(128, null, null));
        assertEquals(new TomoSlab(0, 5), TomoSlab.of(5, null, null));
        assertEquals(new TomoSlab(10, 4), TomoSlab.of(128, 10, 14));
        assertEquals(new TomoSlab(120, 8), TomoSlab.of(128, 120, 200), "clipped to the image");
        assertEquals(new TomoSlab(34, TomoSlab.MAX_ROWS), TomoSlab.of(128, 0, 100), "cut to the ROI's middle");
        assertEquals(new TomoSlab(60, 8), TomoSlab.of(128, 140, 150), "an ROI outside: the middle");
        assertEquals("y = 60 to 67", new TomoSlab(60, 8).label());
    }

    @Test
    void croppingKeepsRowsLabelsAndCalibration() {
        TomoSlab slab = new TomoSlab(7, 3);
        ImagePlus c = slab.crop(haadf);
        assertEquals(SIZE + "x3x" + haadf.getStackSize(), c.getWidth() + "x" + c.getHeight() + "x" + c.getStackSize());
        for (int s = 1; s <= haadf.getStackSize(); s += 7) {
            assertEquals(haadf.getStack().getSliceLabel(s), c.getStack().getSliceLabel(s));
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < SIZE; x++) {
                    assertEquals(haadf.getStack().getProcessor(s).getf(x, y + 7),
                            c.getStack().getProcessor(s).getf(x, y), "image " + s + " (" + x + ", " + y + ")");
                }
            }
        }
        assertEquals(0.5, c.getCalibration().pixelHeight);
        assertEquals("nm", c.getCalibration().getUnit());
        assertSame(haadf, new TomoSlab(0, SIZE).crop(haadf), "the whole image is not copied");
        assertThrows(InvalidInputException.class, () -> new TomoSlab(30, 8).crop(haadf));
    }

    @Test
    void theSlabsReconstructionIsCloseToTheSameSlicesOfTheWholeRun() throws Exception {
        TomoFusionParameters p = TomoFusionParameters.builder().iterations(10).initIterations(10).build();
        TomoFusionResult whole = run(p, new TomoSlab(0, SIZE));
        TomoSlab slab = new TomoSlab(12, 8);
        TomoFusionResult part = run(p, slab);
        assertEquals(8, part.height());
        int slice = whole.width() * whole.depth();
        for (int e = 0; e < 2; e++) {
            float[] a = new float[8 * slice];
            System.arraycopy(whole.volumes().get(e), slab.y0() * slice, a, 0, a.length);
            float[] truth = new float[8 * slice];
            System.arraycopy(phantom.truth().get(e), slab.y0() * slice, truth, 0, truth.length);
            double between = TomoScore.nrmse(part.volumes().get(e), a);
            double slabError = TomoScore.nrmse(part.volumes().get(e), truth);
            double wholeError = TomoScore.nrmse(a, truth);
            System.out.printf("slab %s vs whole run's slices: nrmse %.3f; against truth slab %.3f, whole %.3f%n",
                    whole.symbols().get(e), between, slabError, wholeError);
            assertTrue(between < 0.2, "the slab's " + whole.symbols().get(e) + " differs from the run's: " + between);
            assertTrue(slabError < wholeError * 1.3 + 0.05, "slab error " + slabError + ", whole " + wholeError);
        }
    }

    @Test
    void aCancelledPreviewStops() {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        TomoSlab slab = new TomoSlab(12, 8);
        assertThrows(CancelledException.class, () -> new TomoFusionJob(TomoFusionParameters.defaults(),
                RunContext.threads(1).cancellation(cancel)).run(slab.crop(haadf), angles(haadf), crop(slab),
                List.of(angles(maps.get(0)), angles(maps.get(1))), "Au,Cu"));
    }

    @Test
    void sectionsHoldTheVoxelsCalibrated() throws Exception {
        TomoFusionParameters p = TomoFusionParameters.builder().iterations(2).initIterations(2).depth(20).build();
        TomoFusionResult r = run(p, new TomoSlab(0, SIZE));
        Calibration cal = haadf.getCalibration();
        ImagePlus xz = TomoImages.xzSections(r, "XZ", cal);
        ImagePlus yz = TomoImages.yzSections(r, "YZ", cal);
        assertEquals(SIZE + "x20 c2 z" + SIZE, xz.getWidth() + "x" + xz.getHeight() + " c" + xz.getNChannels()
                + " z" + xz.getNSlices());
        assertEquals("20x" + SIZE + " c2 z" + SIZE, yz.getWidth() + "x" + yz.getHeight() + " c" + yz.getNChannels()
                + " z" + yz.getNSlices());
        float[] v = r.volumes().get(1);
        int x = 9;
        int y = 17;
        int z = 13;
        float expected = v[(y * 20 + z) * SIZE + x];
        assertEquals(expected, xz.getStack().getProcessor(xz.getStackIndex(2, y + 1, 1)).getf(x, z));
        assertEquals(expected, yz.getStack().getProcessor(yz.getStackIndex(2, x + 1, 1)).getf(z, y));
        assertEquals("Cu y=17", xz.getStack().getSliceLabel(xz.getStackIndex(2, y + 1, 1)));
        assertArrayEquals(new double[] {0.25, 0.25, 0.5}, new double[] {xz.getCalibration().pixelWidth,
                xz.getCalibration().pixelHeight, xz.getCalibration().pixelDepth}, "x, z, then y between sections");
        assertArrayEquals(new double[] {0.25, 0.5, 0.25}, new double[] {yz.getCalibration().pixelWidth,
                yz.getCalibration().pixelHeight, yz.getCalibration().pixelDepth}, "z, y, then x between sections");
        assertEquals("nm", yz.getCalibration().getUnit());
        ImagePlus slab = TomoImages.xzSections(r, "slab", cal, 40);
        assertEquals("Au y=40", slab.getStack().getSliceLabel(1), "a slab's sections name the tilt images' rows");
        ImagePlus vol = TomoImages.volumes(r, "volumes", cal);
        assertArrayEquals(new double[] {0.25, 0.5, 0.25}, new double[] {vol.getCalibration().pixelWidth,
                vol.getCalibration().pixelHeight, vol.getCalibration().pixelDepth}, "volumes: x, y, then z");
    }

    private static TomoFusionResult run(TomoFusionParameters p, TomoSlab slab) throws Exception {
        return new TomoFusionJob(p, RunContext.threads(2)).run(slab.crop(haadf), angles(haadf), crop(slab),
                List.of(angles(maps.get(0)), angles(maps.get(1))), "Au,Cu").result();
    }

    private static List<ImagePlus> crop(TomoSlab slab) {
        return List.of(slab.crop(maps.get(0)), slab.crop(maps.get(1)));
    }

    private static double[] angles(ImagePlus imp) throws java.io.IOException {
        return TiltAngleText.of(null, imp, "angles");
    }
}
