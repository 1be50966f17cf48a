package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.segment.Components;
import org.fusionj.core.segment.ConnectedComponents;
import org.fusionj.core.segment.Connectivity;
import org.junit.jupiter.api.Test;

/** Mean +- SD normalised spectra of particles and masks. */
class RegionSpectraTest {

    @Test
    void particlesOfThePhantomGiveTheirMeanSpectra() {
        XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(40, 40, 40).withParticles(3), 2);
        XanesParameters p = XanesParameters.builder().e0(6549).build();
        XanesMaps maps = new XanesMapper(2).map(phantom.series(), p);
        Components c = ConnectedComponents.label(maps.mask(), 40, 40, Connectivity.SIX).keepAtLeast(50);
        assertEquals(3, c.count());
        // the true particles as labels (the components above also hold a few noisy background voxels)
        int[][] labels = new int[40][1600];
        long[] sizes = new long[4];
        for (int z = 0; z < 40; z++) {
            for (int i = 0; i < 1600; i++) {
                labels[z][i] = Math.max(0, phantom.particle(i % 40, i / 40, z));
                sizes[labels[z][i]]++;
            }
        }
        List<RegionSpectrum> one = new RegionSpectra(1).ofLabels(phantom.series(), p, labels, 3,
                ProgressListener.NONE, CancellationToken.NEVER);
        List<RegionSpectrum> two = new RegionSpectra(2).ofLabels(phantom.series(), p, labels, 3,
                ProgressListener.NONE, CancellationToken.NEVER);
        XanesNormalisation norm = XanesNormalisation.of(phantom.series().energiesEv(), p);
        for (int l = 1; l <= 3; l++) {
            RegionSpectrum a = one.get(l - 1);
            RegionSpectrum b = two.get(l - 1);
            assertArrayEquals(a.mean(), b.mean(), 0.0, "bit-identical for 1 and 2 threads");
            assertArrayEquals(a.sd(), b.sd(), 0.0);
            assertEquals(sizes[l], a.voxels());
            assertEquals(0, a.excluded());
            // independent check: average the normalised noise-free spectra of the same voxels
            double[] expected = new double[a.mean().length];
            long n = 0;
            for (int z = 0; z < 40; z++) {
                for (int i = 0; i < 1600; i++) {
                    if (labels[z][i] == l) {
                        double[] s = norm.normalise(phantom.noiseFreeSpectrum(i % 40, i / 40, z));
                        for (int e = 0; e < s.length; e++) {
                            expected[e] += s[e];
                        }
                        n++;
                    }
                }
            }
            for (int e = 0; e < expected.length; e++) {
                expected[e] /= n;
                // noise averages down: SD of a mean over n voxels ~ 0.03 / sqrt(n)
                assertEquals(expected[e], a.mean()[e], 6 * 0.03 / Math.sqrt(a.voxels()) + 1e-3, "energy " + e);
                assertTrue(a.sd()[e] > 0.005 && a.sd()[e] < 0.2, "sd " + a.sd()[e]);
            }
        }
    }

    @Test
    void constantSpectraGiveExactMeansAndZeroSd() {
        double[] energies = EdgeEstimatorsTest.energies(3);
        EnergySeries s = TestSeries.uniform(4, 3, 2, energies, e -> e - 7000 <= -40 ? 0.2 : e - 7000 >= 40 ? 1.2
                : 0.2 + (e - 6970) / 70);
        XanesParameters p = XanesParameters.builder().e0(7000).preEdge(-100, -40).postEdge(40, 140)
                .postEdgeOrder(0).build();
        byte[][] mask = new byte[2][12];
        mask[1][3] = 1;
        mask[1][4] = 1;
        mask[0][11] = 1;
        RegionSpectrum r = new RegionSpectra(2).ofMask(s, p, mask, ProgressListener.NONE, CancellationToken.NEVER);
        assertEquals(0, r.label());
        assertEquals(3, r.voxels());
        for (int e = 0; e < energies.length; e++) {
            double t = energies[e] - 7000;
            double expected = t <= -40 ? 0 : t >= 40 ? 1 : (energies[e] - 6970) / 70;
            assertEquals(expected, r.mean()[e], 1e-6);
            assertEquals(0, r.sd()[e], 1e-6);
        }
        int[][] labels = new int[2][12];
        labels[0][0] = 2;
        List<RegionSpectrum> list = new RegionSpectra(1).ofLabels(s, p, labels, 3, ProgressListener.NONE,
                CancellationToken.NEVER);
        assertEquals(3, list.size());
        assertEquals(0, list.get(0).voxels());
        assertTrue(Double.isNaN(list.get(0).mean()[0]));
        assertEquals(1, list.get(1).voxels());
        assertTrue(Double.isNaN(list.get(1).sd()[0]));
    }
}
