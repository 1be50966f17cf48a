package org.fusionj.core.tomo.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.JosephProjector;
import org.fusionj.core.tomo.TiltAngles;
import org.fusionj.core.tomo.TiltSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The nanoparticle phantom: reproducible, pure elements somewhere, projections that match the truth volumes. */
class TomoPhantomTest {

    private static TomoPhantomSpec spec(int size, long seed) {
        return TomoPhantomSpec.defaults(size).toBuilder().seed(seed).build();
    }

    @Test
    @Timeout(120)
    void sameDataForAnyThreadCount() {
        TomoPhantomSpec s = spec(40, 7);
        TomoPhantom a = TomoPhantom.generate(s, 1);
        TomoPhantom b = TomoPhantom.generate(s, 3);
        assertEquals(a.particleCount(), b.particleCount());
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(a.truth().get(e), b.truth().get(e));
            assertArrayEquals(a.problem().elements().get(e).series().pixels(),
                    b.problem().elements().get(e).series().pixels());
        }
        assertArrayEquals(a.problem().haadf().pixels(), b.problem().haadf().pixels());
        // Another seed is another specimen.
        TomoPhantom c = TomoPhantom.generate(spec(40, 8), 2);
        assertTrue(!java.util.Arrays.equals(a.truth().get(0), c.truth().get(0)));
    }

    @Test
    @Timeout(120)
    void defaultSpecimen() {
        TomoPhantom p = TomoPhantom.generate(spec(48, 3), 2);
        assertEquals(List.of("Au", "Ag", "Cu"), p.symbols());
        assertEquals(10, p.particleCount());
        assertEquals(71, p.problem().haadf().angleCount());
        for (ElementTiltSeries e : p.problem().elements()) {
            assertEquals(15, e.series().angleCount());
        }
        for (float[] t : p.truth()) {
            float max = 0;
            for (float v : t) {
                assertTrue(v >= 0 && v <= 1.0001f, "concentration " + v);
                max = Math.max(max, v);
            }
            // Every element is pure in some core (the first particles' cores run through the elements).
            assertTrue(max > 0.999f, "max " + max);
        }
        // Concentrations of one voxel add up to at most 1 (particles do not overlap).
        int n = p.truth().get(0).length;
        for (int i = 0; i < n; i++) {
            float s = p.truth().get(0)[i] + p.truth().get(1)[i] + p.truth().get(2)[i];
            assertTrue(s <= 1.0001f, "sum " + s + " at " + i);
        }
    }

    /**
     * The analytic projections agree with Joseph's projection of the voxelised truth (two discretisations of the
     * same specimen): the noise-free HAADF of a gamma-1 specimen within 3% (relative RMS), and the Poisson counts of
     * each element average to their expected values. (With gamma 1.6, voxels cut by a surface hold c^gamma of the
     * model where the specimen holds c: at 48^3 that is a 10% difference, at 128^3 less; it is a model error
     * every voxel-based reconstruction of such data makes.)
     */
    @Test
    @Timeout(120)
    void projectionsMatchTheTruth() {
        // gamma 1: the HAADF model is linear in the concentrations, so the voxelised truth represents it exactly.
        TomoPhantomSpec s = spec(48, 5).toBuilder().haadfAngles(TiltAngles.range(-60, 60, 20)).gamma(1).build();
        TomoPhantom p = TomoPhantom.generate(s, 2);
        int w = s.width();
        int h = s.height();
        int d = s.depth();
        double[] wts = s.weights();
        float[] model = new float[w * h * d];
        for (int e = 0; e < 3; e++) {
            float[] t = p.truth().get(e);
            for (int i = 0; i < model.length; i++) {
                model[i] += (float) (wts[e] * Math.pow(t[i], s.gamma()));
            }
        }
        JosephProjector proj = new JosephProjector(w, d, s.haadfAngles());
        float[] sino = new float[proj.sinogramSize()];
        float[] expected = p.expectedHaadf();
        double err = 0;
        double sig = 0;
        for (int y = 0; y < h; y++) {
            proj.project(model, y * w * d, sino);
            for (int a = 0; a < proj.angleCount(); a++) {
                for (int t = 0; t < w; t++) {
                    double analytic = expected[(a * h + y) * w + t] / s.haadfDose();
                    double diff = analytic - sino[a * w + t];
                    err += diff * diff;
                    sig += analytic * analytic;
                }
            }
        }
        double rel = Math.sqrt(err / sig);
        // What is left is interpolation along the rays and across the detector pixel (the truth is exact).
        assertTrue(rel < 0.03, () -> "relative RMS difference " + rel);
        for (ElementTiltSeries e : p.problem().elements()) {
            float[] truth = p.truth().get(p.symbols().indexOf(e.symbol()));
            double counts = 0;
            for (float v : e.series().pixels()) {
                counts += v;
            }
            double mass = 0;
            for (float v : truth) {
                mass += v;
            }
            // Every projection carries the whole mass (the particles stay on the detector at every tilt).
            double mean = s.chemDose() * mass * e.series().angleCount();
            assertEquals(mean, counts, 4 * Math.sqrt(mean) + 0.01 * mean, e.symbol());
        }
    }

    @Test
    void phantomFamilyVariesShapesAndAngles() {
        TomoPhantomSpec s = spec(32, 1).toBuilder().shape(ParticleShape.SPHERES).particles(4).radii(3, 5)
                .symbols("Pt", "Ni").chemAngles(new double[] {-45, 0, 45}).chemDose(2).build();
        TomoPhantom p = TomoPhantom.generate(s, 2);
        assertEquals(2, p.problem().elementCount());
        TiltSeries ni = p.problem().elements().get(1).series();
        assertEquals(3, ni.angleCount());
        assertEquals(ParticleShape.ELLIPSOIDS, ParticleShape.fromKey("ellipsoids"));
    }

    @Test
    void refusesBadSpecs() {
        TomoPhantomSpec.Builder b = spec(32, 1).toBuilder();
        assertThrows(InvalidInputException.class, () -> b.size(4, 4, 4).build());
        assertThrows(InvalidInputException.class, () -> spec(32, 1).toBuilder().symbols("Au", "au").build());
        assertThrows(InvalidInputException.class, () -> spec(32, 1).toBuilder().radii(5, 2).build());
        assertThrows(InvalidInputException.class, () -> spec(32, 1).toBuilder().chemDose(0).build());
        assertThrows(InvalidInputException.class, () -> spec(32, 1).toBuilder().chemAngles(new double[] {100})
                .build());
        assertThrows(InvalidInputException.class, () -> spec(32, 1).toBuilder().coreShellFraction(2).build());
    }
}
