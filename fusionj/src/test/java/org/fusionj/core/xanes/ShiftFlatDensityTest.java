package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;

/** LCF energy shifts, flattened normalisation and the kernel density, each on data with a known answer. */
class ShiftFlatDensityTest {

    @Test
    void lcfShiftsAreRecoveredAndRemoveTheBias() {
        XanesPhantom ph = XanesPhantom.generate(XanesPhantomSpec.defaults(12, 12, 12)
                .withKind(XanesPhantomSpec.Kind.MIXTURE).withSnr(100), 2);
        List<ReferenceSpectrum> refs = ph.references();
        for (double[] truth : new double[][] {{1.5, -0.8}, {-2.0, 0.6}}) {
            // the standards were measured with an energy scale off by -truth: shifting them by truth restores them
            List<ReferenceSpectrum> off = List.of(refs.get(0).shifted(-truth[0]), refs.get(1).shifted(-truth[1]));
            XanesParameters p = XanesParameters.builder().e0(ph.spec().e0Ev()).noMethods()
                    .lcf(LcfParameters.of(off)).build();
            double[] shifts = LcfShifts.fit(ph.series(), p, null, 3, 2, CancellationToken.NEVER);
            assertEquals(truth[0], shifts[0], 0.05);
            assertEquals(truth[1], shifts[1], 0.05);
            XanesMaps plain = new XanesMapper(2).map(ph.series(), p);
            XanesMaps fixed = new XanesMapper(2).map(ph.series(), p.toBuilder().lcf(p.lcf().withShifts(shifts))
                    .build());
            assertTrue(meanError(fixed, ph) < 0.3 * meanError(plain, ph), meanError(fixed, ph) + " vs "
                    + meanError(plain, ph));
        }
    }

    static double meanError(XanesMaps m, XanesPhantom ph) {
        double s = 0;
        int n = 0;
        for (int z = 0; z < 12; z++) {
            for (int i = 0; i < 144; i++) {
                s += Math.abs(m.fractions()[1][z][i] - ph.oxidisedFraction(i % 12, i / 12, z));
                n++;
            }
        }
        return s / n;
    }

    @Test
    void flattenedSpectraFollowOneAboveTheEdgeAndTheNormalisedOneBelow() {
        double e0 = 6549;
        double[] e = XanesPhantom.energyGrid(e0);
        XanesParameters p = XanesParameters.builder().e0(e0).flatten(true).build();
        XanesParameters plain = p.toBuilder().flatten(false).build();
        // an edge of step 1 on a steep post-edge slope: normalised values drift, flattened ones stay at 1
        java.util.function.DoubleUnaryOperator mu = x -> 0.2 + (x >= e0 ? 1 - 0.002 * (x - e0) : 0);
        double[] spectrum = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            spectrum[i] = mu.applyAsDouble(e[i]);
        }
        double[] flat = XanesNormalisation.of(e, p).normalise(spectrum);
        double[] norm = XanesNormalisation.of(e, plain).normalise(spectrum);
        for (int i = 0; i < e.length; i++) {
            if (e[i] < e0) {
                assertEquals(norm[i], flat[i], 0);
            } else {
                assertEquals(1, flat[i], 1e-9, "at " + e[i]);
            }
        }
        assertTrue(Math.abs(norm[e.length - 1] - 1) > 0.3);
        // the mapper's tiles flatten the same way
        EnergySeries s = TestSeries.uniform(2, 2, 1, e, mu);
        RegionSpectrum r = new RegionSpectra(1).ofMask(s, p, new byte[][] {{1, 1, 1, 1}}, ProgressListener.NONE,
                CancellationToken.NEVER);
        assertArrayEquals(flat, r.mean(), 1e-6);
    }

    @Test
    void kernelDensityIntegratesToOneWithSilvermansBandwidth() {
        SplittableRandom rnd = new SplittableRandom(5);
        double[] v = new double[20000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 6552 + 0.6 * rnd.nextGaussian();
        }
        EdgeDensity d = XanesStatistics.density(v);
        double integral = 0;
        for (int i = 1; i < d.energiesEv().length; i++) {
            integral += 0.5 * (d.density()[i] + d.density()[i - 1]) * (d.energiesEv()[i] - d.energiesEv()[i - 1]);
        }
        assertEquals(1, integral, 1e-3);
        assertEquals(0.9 * 0.6 * Math.pow(20000, -0.2), d.bandwidthEv(), 0.01);
        assertEquals(6552, d.peakEv(), 0.05);
        // the peak density of a Gaussian of SD 0.6 broadened by the kernel
        double sd = Math.sqrt(0.36 + d.bandwidthEv() * d.bandwidthEv());
        assertEquals(1 / (sd * Math.sqrt(2 * Math.PI)), d.density()[java.util.Arrays.binarySearch(d.energiesEv(),
                d.peakEv())], 0.02);
        List<EdgeDensity> per = XanesStatistics.densities(new float[][] {{6550, 6551, Float.NaN, 7000}},
                new int[][] {{1, 1, 1, 2}}, 3);
        assertEquals(2, per.get(0).voxels());
        assertEquals(1, per.get(1).voxels());
        assertEquals(0, per.get(2).voxels());
    }
}
