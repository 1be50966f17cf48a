package org.fusionj.workflow.xanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.segment.Connectivity;
import org.fusionj.core.xanes.EdgeMethod;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.ReferenceSpectrum;
import org.fusionj.core.xanes.XanesEdge;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.core.xanes.XanesPhantom;
import org.fusionj.core.xanes.XanesPhantomSpec;
import org.fusionj.workflow.RunContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From ImageJ images to XANES maps, tables and files, as every front-end does it. */
class XanesWorkflowTest {
    private static final RunContext ONE = RunContext.threads(1);
    private static final RunContext TWO = RunContext.threads(2);


    private static XanesPhantom phantom;

    @TempDir
    Path temp;

    @BeforeAll
    static void simulate() {
        phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(32, 32, 24).withParticles(3));
    }

    private static ImagePlus seriesImage() {
        ImagePlus imp = XanesInputs.toImage("series", phantom.series());
        imp.getCalibration().pixelWidth = 0.03;
        imp.getCalibration().pixelHeight = 0.03;
        imp.getCalibration().pixelDepth = 0.03;
        imp.getCalibration().setUnit("nm");
        return imp;
    }

    private static XanesParameters params() {
        return XanesParameters.forEdge(XanesEdge.MN_K).toBuilder().e0(6549)
                .methods(EdgeMethod.HALF_HEIGHT, EdgeMethod.WHITE_LINE).build();
    }

    @Test
    void energiesTravelWithTheImageAndAreReadFromTextAndLabels() {
        ImagePlus imp = seriesImage();
        assertArrayEquals(phantom.series().energiesEv(), EnergyLists.fromImage(imp));
        imp.setProp(EnergyLists.PROPERTY, "");
        assertArrayEquals(phantom.series().energiesEv(), EnergyLists.fromImage(imp), "from the frame labels");
        assertArrayEquals(new double[] {6500, 6510.5, 6520}, EnergyLists.parse("6500, 6510.5 6520", "typed"));
        assertArrayEquals(new double[] {6500, 6510}, EnergyLists.parse("energy,mu\n6500,0.1\n6510,0.2\n", "csv"));
        String m = assertThrows(InvalidInputException.class, () -> EnergyLists.parse("6500\nabc\n", "e.txt"))
                .getMessage();
        assertTrue(m.contains("e.txt") && m.contains("abc"), m);
    }

    @Test
    void mapsAreCalibratedEdgeEnergiesInEvWithParticleStatistics() throws IOException {
        XanesJob.Outcome o = new XanesJob(params(), TWO).particles(Connectivity.TWENTY_SIX, 10, 0.25)
                .colourBar(true).run(seriesImage(), phantom.series().energiesEv());
        ImagePlus hh = o.images().maps().get("half_height");
        assertNotNull(hh);
        assertEquals(24, hh.getStackSize());
        assertEquals("nm", hh.getCalibration().getUnit());
        assertEquals(0.03, hh.getCalibration().pixelDepth);
        assertEquals("eV", hh.getCalibration().getValueUnit());
        assertTrue(hh.getDisplayRangeMin() > 6500 && hh.getDisplayRangeMax() < 6600);
        assertEquals(3, o.particles().count());
        assertEquals(3, o.images().particleTable().size());
        assertNotNull(o.images().histogramPlot());
        assertNotNull(o.images().densityPlot());
        assertEquals(3, o.images().densities().size());
        for (var d : o.images().densities()) {
            // the smooth peak beside the histogram's: the same span of the phantom's edge energies
            assertTrue(d.peakEv() > 6548 && d.peakEv() < 6556, "density peak " + d.peakEv());
        }
        assertNotNull(o.images().spectraPlot());
        assertNotNull(o.images().colourBar());
        assertNotNull(o.images().maps().get("white_line_height"));
        for (var h : o.histograms()) {
            assertTrue(h.peakEv() > 6548 && h.peakEv() < 6556, "peak " + h.peakEv());
        }
    }

    @Test
    void aPlainStackIsASeriesOfTwoDImages() throws IOException {
        EnergySeries s = phantom.series();
        ImageStack stack = new ImageStack(s.width(), s.height());
        for (int e = 0; e < s.energyCount(); e++) {
            stack.addSlice(null, s.planes()[e][12]);
        }
        XanesJob.Outcome o = new XanesJob(params(), ONE).run(new ImagePlus("slice 13", stack), s.energiesEv());
        assertEquals(1, o.series().depth());
        assertEquals(1, o.images().maps().get("half_height").getStackSize());
    }

    @Test
    void badSeriesInputIsRefusedWithTheReason() {
        ImagePlus imp = seriesImage();
        String count = assertThrows(InvalidInputException.class,
                () -> new XanesJob(params(), ONE).run(imp, new double[] {1, 2, 3})).getMessage();
        assertTrue(count.contains("60 frames") && count.contains("3 energies"), count);
        double[] shuffled = phantom.series().energiesEv().clone();
        shuffled[10] = shuffled[9];
        String order = assertThrows(InvalidInputException.class,
                () -> new XanesJob(params(), ONE).run(imp, shuffled)).getMessage();
        assertTrue(order.contains("increas"), order);
        ImagePlus single = new ImagePlus("one", new ij.process.FloatProcessor(8, 8));
        String one = assertThrows(InvalidInputException.class,
                () -> new XanesJob(params(), ONE).run(single, new double[] {6500})).getMessage();
        assertTrue(one.contains("single energy"), one);
        ImagePlus wrongMask = new ImagePlus("mask", new ij.process.ByteProcessor(8, 8));
        String mask = assertThrows(InvalidInputException.class, () -> new XanesJob(params(), ONE).mask(wrongMask)
                .run(imp, phantom.series().energiesEv())).getMessage();
        assertTrue(mask.contains("mask") && mask.contains("8 x 8 x 1") && mask.contains("32 x 32 x 24"), mask);
    }

    @Test
    void referencesAreReadFromCsvAndRoisGiveSpectra() throws IOException {
        Path csv = Files.writeString(temp.resolve("MnO.csv"), "# energy, mu\nenergy,mu\n6500,0.1\n6600,1.0\n");
        ReferenceSpectrum r = XanesInputs.reference(csv);
        assertEquals("MnO", r.name());
        assertArrayEquals(new double[] {6500, 6600}, r.energiesEv());
        XanesJob.Outcome o = new XanesJob(params(), TWO).rois(Map.of("box", new Roi(4, 4, 8, 8)))
                .run(seriesImage(), phantom.series().energiesEv());
        assertEquals(60, o.roiSpectra().get("box").mean().length);
    }

    @Test
    void savingRefusesExistingFilesAndCancellingWritesNothing() throws IOException {
        Path out = Files.createDirectories(temp.resolve("out"));
        Files.writeString(out.resolve("half_height.tif"), "keep");
        String m = assertThrows(InvalidInputException.class, () -> new XanesJob(params(), ONE
                .saveTo(out, false)).run(seriesImage(), phantom.series().energiesEv())).getMessage();
        assertTrue(m.contains("half_height.tif"), m);
        assertEquals("keep", Files.readString(out.resolve("half_height.tif")));

        Path cancelled = temp.resolve("cancelled");
        CancellationToken token = new CancellationToken();
        token.cancel();
        assertThrows(CancelledException.class, () -> new XanesJob(params(), TWO
                .cancellation(token).saveTo(cancelled, false)).hdf5(true)
                .run(seriesImage(), phantom.series().energiesEv()));
        assertTrue(!Files.exists(cancelled) || count(cancelled) == 0);

        XanesJob.Outcome o = new XanesJob(params(), TWO.saveTo(out, true))
                .particles(Connectivity.SIX, 10, 0.5).hdf5(true).run(seriesImage(), phantom.series().energiesEv());
        assertTrue(o.written().size() >= 9, o.written().toString());
        assertTrue(Files.isRegularFile(out.resolve("xanes.h5")));
        assertEquals(o.written().size(), count(out), "no temporary files left");
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
