package org.fusionj.core.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The solver's contract: same bits for any thread count, progress, cancel, and the refusals of bad input. */
class TomoFusionSolverTest {

    /** A small phantom: 24 x 11 x 20 voxels (odd height, non-cubic), two elements, coarse angles. */
    static TomoPhantom small() {
        TomoPhantomSpec spec = TomoPhantomSpec.defaults(24).toBuilder().size(24, 11, 20).symbols("Au", "Cu")
                .particles(3).radii(3, 5).haadfAngles(TiltAngles.range(-60, 60, 6))
                .chemAngles(TiltAngles.range(-60, 60, 30)).build();
        return TomoPhantom.generate(spec, 2);
    }

    private static TomoFusionParameters quick(TomoMethod method) {
        return TomoFusionParameters.builder().method(method).iterations(4).initIterations(3).tvIterations(3)
                .build();
    }

    @Test
    @Timeout(120)
    void sameBitsForAnyThreadCount() {
        TomoPhantom phantom = small();
        for (TomoMethod method : TomoMethod.values()) {
            TomoFusionResult reference = null;
            for (int threads : new int[] {1, 2, 4}) {
                TomoFusionResult r = new TomoFusionSolver(threads).solve(phantom.problem(), quick(method));
                assertEquals(method, r.method());
                if (reference == null) {
                    reference = r;
                    continue;
                }
                for (int e = 0; e < r.elementCount(); e++) {
                    assertArrayEquals(reference.volumes().get(e), r.volumes().get(e), method + ", " + threads
                            + " threads, element " + e);
                }
                assertArrayEquals(reference.costs().haadf(), r.costs().haadf(), method + " HAADF costs");
                assertArrayEquals(reference.costs().chem(), r.costs().chem(), method + " chemical costs");
                assertArrayEquals(reference.costs().tv(), r.costs().tv(), method + " TV costs");
                assertArrayEquals(reference.scales(), r.scales(), method + " scales");
            }
        }
    }

    @Test
    @Timeout(120)
    void jointTvSameBitsForAnyThreadCountAndChangesTheResult() {
        TomoPhantom phantom = small();
        for (double guide : new double[] {0, 1}) {
            TomoFusionParameters p = quick(TomoMethod.FUSED).toBuilder().tvCoupling(TvCoupling.JOINT).tvGuide(guide)
                    .build();
            TomoFusionResult reference = null;
            for (int threads : new int[] {1, 2, 4}) {
                TomoFusionResult r = new TomoFusionSolver(threads).solve(phantom.problem(), p);
                if (reference == null) {
                    reference = r;
                    continue;
                }
                for (int e = 0; e < r.elementCount(); e++) {
                    assertArrayEquals(reference.volumes().get(e), r.volumes().get(e), "guide " + guide + ", "
                            + threads + " threads, element " + e);
                }
                assertArrayEquals(reference.costs().tv(), r.costs().tv(), "guide " + guide + " TV costs");
            }
            TomoFusionResult separate = new TomoFusionSolver(2).solve(phantom.problem(), quick(TomoMethod.FUSED)
                    .toBuilder().tvCoupling(TvCoupling.SEPARATE).build());
            assertTrue(!java.util.Arrays.equals(separate.volumes().get(0), reference.volumes().get(0)),
                    "joint TV (guide " + guide + ") gave the separate TV's volumes");
            for (double tv : reference.costs().tv()) {
                assertTrue(tv > 0 && Double.isFinite(tv), "TV cost " + tv);
            }
        }
        // Cancelling stops a joint run too.
        CancellationToken token = new CancellationToken();
        TomoFusionParameters p = quick(TomoMethod.FUSED).toBuilder().tvCoupling(TvCoupling.JOINT).tvGuide(1).build();
        assertThrows(CancelledException.class, () -> new TomoFusionSolver(2).solve(phantom.problem(), p,
                (f, m) -> token.cancel(), token));
    }

    @Test
    @Timeout(120)
    void resultShapesAndCosts() {
        TomoPhantom phantom = small();
        TomoFusionResult r = new TomoFusionSolver(2).solve(phantom.problem(),
                TomoFusionParameters.builder().iterations(8).initIterations(3).build());
        assertEquals(24, r.width());
        assertEquals(11, r.height());
        assertEquals(24, r.depth());
        assertEquals(List.of("Au", "Cu"), r.symbols());
        assertEquals(24 * 11 * 24, r.volumes().get(0).length);
        for (float[] v : r.volumes()) {
            for (float x : v) {
                assertTrue(x >= 0 && Float.isFinite(x));
            }
        }
        double[] h = r.costs().haadf();
        assertEquals(8, h.length);
        assertTrue(h[7] < h[0], () -> "the HAADF cost should fall: " + java.util.Arrays.toString(h));
        assertTrue(r.haadfScale() > 0 && Double.isFinite(r.haadfOffset()));
        for (int k = 0; k < 8; k++) {
            assertTrue(Double.isFinite(r.costs().chem()[k]) && r.costs().tv()[k] > 0);
        }
        // Depth is a reconstruction option.
        TomoFusionResult thin = new TomoFusionSolver(2).solve(phantom.problem(),
                TomoFusionParameters.builder().iterations(2).initIterations(2).depth(16).build());
        assertEquals(16, thin.depth());
        assertEquals(24 * 11 * 16, thin.volumes().get(0).length);
    }

    @Test
    @Timeout(120)
    void progressRisesToOneAndCancelStops() {
        TomoPhantom phantom = small();
        for (TomoMethod method : TomoMethod.values()) {
            List<Double> fractions = new ArrayList<>();
            new TomoFusionSolver(2).solve(phantom.problem(), quick(method), (f, m) -> {
                synchronized (fractions) {
                    fractions.add(f);
                }
            }, CancellationToken.NEVER);
            assertTrue(fractions.size() >= 4, method + ": " + fractions);
            assertEquals(1.0, fractions.get(fractions.size() - 1), 1e-9, method + ": " + fractions);
            for (double f : fractions) {
                assertTrue(f >= 0 && f <= 1 + 1e-9, method + ": " + fractions);
            }
            CancellationToken token = new CancellationToken();
            assertThrows(CancelledException.class, () -> new TomoFusionSolver(2).solve(phantom.problem(),
                    quick(method), (f, m) -> token.cancel(), token), method.key());
        }
    }

    // ---- Bad input ----

    private static TiltSeries series(String name, int w, int h, double[] angles) {
        float[] px = new float[w * h * angles.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = i % 7;
        }
        return new TiltSeries(name, w, h, angles, px);
    }

    private static String message(Runnable r) {
        return assertThrows(InvalidInputException.class, r::run).getMessage();
    }

    @Test
    void refusesBadTiltSeries() {
        double[] angles = TiltAngles.range(-60, 60, 10);
        String m = message(() -> new TiltSeries("HAADF.tif", 8, 6, new double[] {0, 10}, new float[8 * 6 * 3]));
        assertTrue(m.contains("HAADF.tif") && m.contains("2 tilt angles") && m.contains("3 images"), m);
        m = message(() -> series("haadf", 8, 6, new double[] {-60, 95}));
        assertTrue(m.contains("haadf") && m.contains("95") && m.contains("[-90, 90]"), m);
        m = message(() -> series("haadf", 8, 6, new double[] {0, Double.NaN}));
        assertTrue(m.contains("angle 2"), m);
        float[] px = new float[8 * 6 * 13];
        px[8 * 6 * 4 + 3] = Float.NaN;
        m = message(() -> new TiltSeries("Au.tif", 8, 6, angles, px));
        assertTrue(m.contains("Au.tif") && m.contains("NaN") && m.contains("image 5"), m);
        m = message(() -> new TiltSeries("x", 8, 6, angles, new float[8 * 6 * 13 + 1]));
        assertTrue(m.contains("whole number"), m);
        m = message(() -> new TiltSeries("x", 0, 6, new double[] {0}, new float[0]));
        assertTrue(m.contains("empty"), m);
    }

    @Test
    void refusesBadProblems() {
        double[] angles = TiltAngles.range(-60, 60, 10);
        TiltSeries haadf = series("haadf", 8, 6, angles);
        String m = message(() -> new TomoFusionProblem(haadf, List.of()));
        assertTrue(m.contains("no chemical tilt series"), m);
        m = message(() -> new TomoFusionProblem(haadf, List.of(ElementTiltSeries.of("Au", series("Au map", 8, 7,
                angles)))));
        assertTrue(m.contains("Au map") && m.contains("8 x 7") && m.contains("8 x 6"), m);
        m = message(() -> new TomoFusionProblem(haadf, List.of(ElementTiltSeries.of("Au", series("a", 8, 6, angles)),
                ElementTiltSeries.of("au", series("b", 8, 6, angles)))));
        assertTrue(m.contains("Au") && m.contains("twice"), m);
        TiltSeries zero = new TiltSeries("Cu map", 8, 6, angles, new float[8 * 6 * angles.length]);
        m = message(() -> new TomoFusionProblem(haadf, List.of(ElementTiltSeries.of("Cu", zero))));
        assertTrue(m.contains("Cu map") && m.contains("constant"), m);
        assertThrows(InvalidInputException.class, () -> ElementTiltSeries.of("Xx", haadf));
    }

    @Test
    void fusingTiltsFirstNeedsHaadfAtEveryChemicalTilt() {
        TiltSeries haadf = series("haadf", 8, 6, TiltAngles.range(-60, 60, 10));
        TiltSeries odd = series("Au map", 8, 6, new double[] {-60, -35, 0, 30});
        TomoFusionProblem problem = new TomoFusionProblem(haadf, List.of(ElementTiltSeries.of("Au", odd)));
        TomoFusionParameters p = TomoFusionParameters.builder().method(TomoMethod.FUSE_TILTS_FIRST).build();
        String m = message(() -> TomoFusionSolver.check(problem, p));
        assertTrue(m.contains("Au map") && m.contains("-35") && m.contains("HAADF"), m);
        // The fix names the parameter by its schema key, in words that read right in the dialog, a macro and the
        // command line alike (not the macro's "method=fused").
        assertTrue(m.endsWith("(or set method to fused, which does not)") && !m.contains("="), m);
        // The fused method does not need it.
        TomoFusionSolver.check(problem, p.toBuilder().method(TomoMethod.FUSED).build());
    }

    @Test
    void refusesBadParameters() {
        TomoFusionParameters.Builder b = TomoFusionParameters.builder();
        assertTrue(message(() -> b.gamma(0.5).build()).contains("gamma"));
        TomoFusionParameters.Builder c = TomoFusionParameters.builder();
        assertTrue(message(() -> c.lambdaHaadf(-1).build()).contains("lambda_haadf"));
        assertTrue(message(() -> TomoFusionParameters.builder().lambdaChem(0).build()).contains("lambda_chem"));
        assertTrue(message(() -> TomoFusionParameters.builder().lambdaTv(Double.NaN).build()).contains("lambda_tv"));
        assertTrue(message(() -> TomoFusionParameters.builder().iterations(0).build()).contains("n_iter"));
        assertTrue(message(() -> TomoFusionParameters.builder().tvIterations(0).build()).contains("n_iter_tv"));
        assertTrue(message(() -> TomoFusionParameters.builder().background(0).build()).contains("bkg"));
        assertTrue(message(() -> TomoFusionParameters.builder().depth(-2).build()).contains("depth"));
        assertTrue(message(() -> TomoFusionParameters.builder().initIterations(0).build()).contains("n_iter_init"));
        assertEquals(TomoMethod.FUSE_TILTS_FIRST, TomoMethod.fromKey("fuse_tilts_first"));
        assertTrue(message(() -> TomoMethod.fromKey("magic")).contains("fused, fuse_tilts_first"));
        assertEquals(ProjectorKind.JOSEPH, ProjectorKind.fromKey("Joseph"));
        assertTrue(message(() -> TomoFusionParameters.builder().tvGuide(-1).build()).contains("tv_guide"));
        assertTrue(message(() -> TomoFusionParameters.builder().tvCoupling(null).build()).contains("TV coupling"));
        assertEquals(TvCoupling.JOINT, TvCoupling.fromKey("Joint"));
        assertTrue(message(() -> TvCoupling.fromKey("both")).contains("separate or joint"));
    }

    @Test
    @Timeout(120)
    void chemicalKlWithoutTvIsPlainEm() {
        TomoPhantom phantom = small();
        TomoFusionSolver solver = new TomoFusionSolver(2);
        TomoFusionParameters em = TomoFusionParameters.builder().method(TomoMethod.CHEMICAL_KL).lambdaTv(0)
                .initIterations(3).iterations(6).build();
        assertTrue(!em.tvStep() && TomoFusionParameters.builder().regularize(false).build().tvStep() == false
                && TomoFusionParameters.defaults().tvStep());
        TomoFusionResult zero = solver.solve(phantom.problem(), em);
        // lambda_tv 0 is regularize off, bit for bit, and logs no TV cost.
        TomoFusionResult off = solver.solve(phantom.problem(), em.toBuilder().lambdaTv(0.015).regularize(false)
                .build());
        for (int e = 0; e < zero.elementCount(); e++) {
            assertArrayEquals(off.volumes().get(e), zero.volumes().get(e), "element " + e);
            assertTrue(Double.isNaN(zero.costs().tv()[0]));
        }
        // Plain EM: only the total count n_iter_init + n_iter matters (8 + 1 steps as 3 + 6: the split and the
        // rescaling after the start do not change the iterates in input units beyond float rounding) ...
        TomoFusionResult moved = solver.solve(phantom.problem(), em.toBuilder().initIterations(8).iterations(1)
                .build());
        TomoFusionResult longer = solver.solve(phantom.problem(), em.toBuilder().initIterations(8).iterations(3)
                .build());
        for (int e = 0; e < zero.elementCount(); e++) {
            float[] a = zero.volumes().get(e);
            float[] b = moved.volumes().get(e);
            float[] c = longer.volumes().get(e);
            double sa = zero.scales()[e];
            double sb = moved.scales()[e];
            double sc = longer.scales()[e];
            double diff = 0;
            double norm = 0;
            double other = 0;
            for (int i = 0; i < a.length; i++) {
                double ai = a[i] * sa;
                diff += (ai - b[i] * sb) * (ai - b[i] * sb);
                other += (ai - c[i] * sc) * (ai - c[i] * sc);
                norm += ai * ai;
            }
            assertTrue(diff < 1e-8 * norm, "element " + e + ": 3 + 6 EM steps differ from 8 + 1 by "
                    + Math.sqrt(diff / norm));
            // ... (a different total is a different volume: the check above can fail)
            assertTrue(other > 1e-6 * norm, "element " + e + ": 11 steps equal 9");
        }
        // ... and each step lowers the Poisson term.
        double[] kl = zero.costs().chem();
        for (int i = 1; i < kl.length; i++) {
            assertTrue(kl[i] < kl[i - 1], "KL falls at step " + i + ": " + java.util.Arrays.toString(kl));
        }
        // A negative lambda_tv is still refused, with its name.
        assertTrue(message(() -> TomoFusionParameters.builder().lambdaTv(-0.1).build()).contains("lambda_tv"));
    }

    @Test
    void tiltRanges() {
        double[] a = TiltAngles.range(-70, 70, 2);
        assertEquals(71, a.length);
        assertEquals(0.0, a[35]);
        assertEquals(70.0, a[70]);
        assertEquals(15, TiltAngles.range(-70, 70, 10).length);
        assertTrue(message(() -> TiltAngles.range(-70, 70, 0)).contains("step"));
        assertTrue(message(() -> TiltAngles.range(10, -10, 1)).contains("low to high"));
        assertArrayEquals(new int[] {0, -1, 2}, TiltAngles.match(new double[] {-10, 3, 10.01}, new double[] {-10, 0,
            10}));
    }
}
