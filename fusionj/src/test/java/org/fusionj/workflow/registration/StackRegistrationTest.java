package org.fusionj.workflow.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.RegistrationMetric;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.TransformType;
import org.fusionj.core.registration.phantom.Series2dPhantom;
import org.fusionj.core.registration.phantom.TransformError;
import org.fusionj.core.xanes.EdgeEstimator;
import org.fusionj.core.xanes.EdgeMethod;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.SpectralImages;
import org.fusionj.workflow.xanes.XanesJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** From raw 2-D XANES counts with flat, dark and i0 to a registered stack and on to an edge map. */
class StackRegistrationTest {

    static ImagePlus stackOf(String title, float[][] planes, int n) {
        ImageStack st = new ImageStack(n, n);
        for (float[] p : planes) {
            st.addSlice(null, new FloatProcessor(n, n, p));
        }
        return new ImagePlus(title, st);
    }

    @Test
    @Timeout(300)
    void rawCountsBecomeARegisteredStackAndAnEdgeMap() {
        int n = 128;
        Series2dPhantom p = new Series2dPhantom(n, 12, 1.5, 0.01, 0.01, 6);
        float[][] raw = new float[p.count()][];
        double[] i0 = new double[p.count()];
        for (int e = 0; e < p.count(); e++) {
            raw[e] = p.raw(p.image(e), e).data();
            i0[e] = p.i0(e);
        }
        ImagePlus stack = stackOf("raw", raw, n);
        StackRegistration.Correction c = new StackRegistration.Correction(
                stackOf("flat", new float[][] {p.flatImage().data()}, n),
                stackOf("dark", new float[][] {p.darkImage().data()}, n), i0);
        RegistrationParameters params = RegistrationParameters.builder().metric(RegistrationMetric.NCC)
                .transform(TransformType.SIMILARITY).build();
        StackRegistration.Outcome o = StackRegistration.run(stack, p.energies(), c, params, "highest", 2,
                ProgressListener.NONE, CancellationToken.NEVER);
        assertEquals(0, o.clamped());
        assertEquals(p.count() - 1, o.fixedIndex());
        int[] labels = p.labels();
        double sum = 0;
        for (int e = 0; e < p.count(); e++) {
            AffineTransform3D t = p.motion(e);
            sum += TransformError.of(o.results().get(e).field(), new AffineTransform3D[] {t, t, t}, labels, n, n)
                    .mean();
        }
        assertTrue(sum / p.count() <= 0.05, "mean error " + sum / p.count());
        assertArrayEquals(p.energies(), SpectralImages.energiesOf(o.registered()));
        assertEquals(p.count(), o.registered().getNFrames());
        assertTrue(TransformsFile.parse(o.transforms(), "t").count() == p.count());
        // on to the edge map: the particles' absorption rises across 6552 eV (a logistic of 3 eV)
        XanesParameters xp = XanesParameters.builder().e0(6552).preEdge(-25, -14).postEdge(12, 30).postEdgeOrder(0)
                .edgeWindow(-10, 10).whiteLineWindow(0, 25).methods(EdgeMethod.HALF_HEIGHT)
                .edgeEstimator(EdgeEstimator.INTERPOLATE).jumpThreshold(5).build();
        XanesJob.Outcome maps;
        try {
            maps = new XanesJob(xp, RunContext.threads(2)).mask(stackOf("mask", new float[][] {toFloat(o.everyMask()[0])}, n))
                    .run(o.registered(), p.energies());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        float[] hh = maps.maps().halfHeight()[0];
        double mean = 0;
        int count = 0;
        for (int i = 0; i < hh.length; i++) {
            if (labels[i] > 0 && Float.isFinite(hh[i])) {
                mean += hh[i];
                count++;
            }
        }
        assertTrue(count > 0.5 * java.util.Arrays.stream(labels).filter(l -> l > 0).count(), count + " mapped");
        assertEquals(6552, mean / count, 1.0);
    }

    static float[] toFloat(byte[] b) {
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            f[i] = b[i];
        }
        return f;
    }

    @Test
    void badCorrectionImagesAreRefused() {
        int n = 32;
        ImagePlus stack = stackOf("raw", new float[][] {new float[n * n], new float[n * n], new float[n * n]}, n);
        StackRegistration.Correction wrong = new StackRegistration.Correction(stackOf("flat",
                new float[][] {new float[16 * 16]}, 16), null, null);
        String m = assertThrows(InvalidInputException.class, () -> StackRegistration.run(stack,
                new double[] {1, 2, 3}, wrong, RegistrationParameters.defaults(), "highest", 1,
                ProgressListener.NONE, CancellationToken.NEVER)).getMessage();
        assertTrue(m.contains("flat image") && m.contains("16 x 16"), m);
    }
}
