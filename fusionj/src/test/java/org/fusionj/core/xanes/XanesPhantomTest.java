package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The generator: energies, SNR definition, determinism, particles and references. */
class XanesPhantomTest {

    @Test
    void energyGridHasSixtyEnergiesWithThreeEvStepsAcrossTheEdge() {
        double[] e = XanesPhantom.energyGrid(6549);
        assertEquals(60, e.length);
        assertEquals(6549 - 165, e[0]);
        assertEquals(6549 + 324, e[59]);
        int fine = 0;
        for (int i = 1; i < e.length; i++) {
            double step = e[i] - e[i - 1];
            assertTrue(step == 3 || step == 15, "step " + step);
            fine += step == 3 ? 1 : 0;
        }
        assertEquals(33, fine);
    }

    @Test
    void noiseHasSdOneOverSnrAndEqualSpecsGiveEqualData() {
        XanesPhantomSpec spec = XanesPhantomSpec.defaults(30, 30, 30).withParticles(2).withSnr(40);
        XanesPhantom a = XanesPhantom.generate(spec, 2);
        XanesPhantom b = XanesPhantom.generate(spec, 1);
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int e = 0; e < 60; e++) {
            for (int z = 0; z < 30; z++) {
                assertArrayEquals(a.series().planes()[e][z], b.series().planes()[e][z]);
                for (int i = 0; i < 900; i++) {
                    if (!a.isMaterial(i % 30, i / 30, z)) {
                        double v = a.series().planes()[e][z][i];
                        sum += v;
                        sumSq += v * v;
                        n++;
                    }
                }
            }
        }
        double sd = Math.sqrt(sumSq / n - (sum / n) * (sum / n));
        assertEquals(1.0 / 40, sd, 0.0005);
        assertEquals(0, sum / n, 0.0005);
        XanesPhantom other = XanesPhantom.generate(spec.withSeed(99), 2);
        assertFalse(java.util.Arrays.equals(a.series().planes()[10][15], other.series().planes()[10][15]));
        assertEquals(2, a.particleCount());
    }

    @Test
    void modelAndSeriesAgreeWithoutNoise() {
        XanesPhantom p = XanesPhantom.generate(XanesPhantomSpec.defaults(5, 4, 3)
                .withKind(XanesPhantomSpec.Kind.MIXTURE).withSnr(Double.POSITIVE_INFINITY));
        double[] s = p.noiseFreeSpectrum(4, 0, 2);
        for (int e = 0; e < s.length; e++) {
            assertEquals((float) s[e], p.series().planes()[e][2][4]);
        }
        assertEquals(1.0, p.oxidisedFraction(4, 0, 2), 1e-12);
        assertEquals(0.0, p.oxidisedFraction(0, 3, 0), 1e-12);
        List<ReferenceSpectrum> refs = p.references();
        assertEquals("reduced", refs.get(0).name());
        assertTrue(refs.get(0).firstEv() < p.series().energiesEv()[0]);
        assertEquals(refs.get(1).interpolate(p.series().energiesEv())[20], s[20], 1e-12);
        XanesPhantom shift = XanesPhantom.generate(XanesPhantomSpec.defaults(5, 4, 3));
        assertEquals(5.0, shift.edgeShift(4, 3, 2), 1e-12);
        assertEquals(0.0, shift.edgeShift(0, 0, 0), 1e-12);
    }

    @Test
    void impossibleParticlesAreReported() {
        assertThrows(InvalidInputException.class, () -> XanesPhantom.generate(
                XanesPhantomSpec.defaults(10, 10, 10).withParticles(40)));
        assertThrows(InvalidInputException.class, () -> XanesPhantomSpec.defaults(10, 10, 10).withSnr(0));
    }

    /**
     * A 2-D full-field stack (depth 1) gets its particles as discs in the plane (it was refused: a sphere of radius
     * 1.5 does not fit in one slice), separate and fully inside; each disc's voxels are material, the rest is not.
     */
    @Test
    void aTwoDimensionalPhantomHoldsSeparateDiscs() {
        XanesPhantom p = XanesPhantom.generate(XanesPhantomSpec.defaults(64, 48, 1).withParticles(3), 4);
        assertEquals(3, p.particleCount());
        int[] area = new int[4];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int label = p.particle(x, y, 0);
                assertEquals(label > 0, p.isMaterial(x, y, 0), "material where a disc is, at " + x + ", " + y);
                if (label > 0) {
                    area[label]++;
                    assertTrue(x > 0 && y > 0 && x < 63 && y < 47, "disc inside the image at " + x + ", " + y);
                }
            }
        }
        for (int k = 1; k <= 3; k++) {
            assertTrue(area[k] >= 7, "disc " + k + " has " + area[k] + " pixels");
        }
    }
}
