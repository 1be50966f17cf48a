package org.fusionj.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.spectral.SpectralSeries;
import org.junit.jupiter.api.Test;

/** ImageJ stacks as spectral series: both layouts, energies in the metadata, calibration kept both ways. */
class SpectralImagesTest {

    static ImagePlus stack(int slices, int frames) {
        ImageStack st = new ImageStack(4, 3);
        for (int i = 0; i < slices * frames; i++) {
            float[] px = new float[12];
            px[0] = i;
            st.addSlice((6500 + 10 * (i / slices)) + " eV", new FloatProcessor(4, 3, px));
        }
        ImagePlus imp = new ImagePlus("img", st);
        imp.setDimensions(1, slices, frames);
        Calibration cal = new Calibration();
        cal.pixelWidth = 20;
        cal.pixelHeight = 20;
        cal.pixelDepth = 30;
        cal.setUnit("nm");
        imp.setCalibration(cal);
        return imp;
    }

    @Test
    void aHyperstackGivesVolumesAndAPlainStackTwoDImages() {
        ImagePlus hyper = stack(2, 3);
        double[] e = SpectralImages.energiesOf(hyper);
        assertArrayEquals(new double[] {6500, 6510, 6520}, e);
        SpectralSeries s = SpectralImages.of(hyper, e);
        assertEquals(3, s.count());
        assertEquals(2, s.depth());
        assertEquals(5f, s.frame(2)[1][0]);
        assertSame(hyper.getStack().getPixels(6), s.frame(2)[1]);
        assertEquals(20, s.voxelSize().x());
        assertEquals("nm", s.voxelSize().unit());
        ImagePlus plain = stack(3, 1);
        SpectralSeries flat = SpectralImages.of(plain, new double[] {1, 2, 3});
        assertTrue(flat.isTwoD());
        assertEquals(3, flat.count());
        ImagePlus back = SpectralImages.toImage("back", s);
        assertEquals(3, back.getNFrames());
        assertEquals(30, back.getCalibration().pixelDepth);
        assertArrayEquals(e, SpectralImages.energiesOf(back));
    }

    @Test
    void wrongCountsAreRefusedNamingWhatWasCounted() {
        String m = assertThrows(InvalidInputException.class,
                () -> SpectralImages.of(stack(2, 3), new double[] {1, 2})).getMessage();
        assertTrue(m.contains("img has 3 frames but 2 energies were given"), m);
        m = assertThrows(InvalidInputException.class,
                () -> SpectralImages.of(stack(1, 1), new double[] {1})).getMessage();
        assertTrue(m.contains("single energy"), m);
    }
}
