package org.fusionj.core.tomo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.core.tomo.phantom.TomoScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fused tomography against the truth and the comparisons, at a size CI can afford: a 48^3 three-element phantom
 * (seed 3; the defaults were chosen on seed 1 at 64^3), HAADF every 2 degrees over +-70, chemistry every 10 degrees,
 * the default low chemical dose. Measured (2026-12-07, 2 threads; deterministic): normalised RMSE, mean over the
 * elements, SIRT 0.591, KL + TV 0.559, fuse tilts first 0.589 (the baselines with separate TV), fused with the
 * defaults (joint TV with warm duals, {@code lambda_tv} 0.015, {@code composition_tv} 0.3; since 2026-12-07
 * evening) 0.214 (Au 0.205, Ag 0.206, Cu 0.231; 2.61x below the best comparison); the defaults before, with the
 * joint TV step by FGP ({@code tv_warm_start} false) 0.221 (Au 0.209, Ag 0.212, Cu 0.241; 2.53x); before the
 * composition TV too ({@code composition_tv} 0) 0.242 (Au 0.218, Ag 0.231, Cu 0.275; 2.31x); the separate TV
 * before joint TV became the default ({@code lambda_tv} 0.01, no composition TV, FGP) 0.267 (2.09x). The bounds
 * (2.4x, 0.235) hold the default with about 9% margin and fail for the two oldest defaults; between warm duals and
 * FGP (3% apart) only the direct comparison decides: the default must beat every earlier default's mean, and
 * those must still beat every comparison for every element. The 128^3 figures are in docs/fusion-tomography.md.
 */
class TomoFusionAccuracyTest {

    @Test
    @Timeout(600)
    void fusedBeatsEveryComparison() {
        TomoPhantom phantom = TomoPhantom.generate(TomoPhantomSpec.defaults(48).toBuilder().seed(3).build(), 2);
        TomoFusionSolver solver = new TomoFusionSolver(2);
        double[] fused = nrmse(solver, phantom, TomoFusionParameters.defaults());
        double[] sirt = nrmse(solver, phantom, TomoFusionParameters.builder().method(TomoMethod.CHEMICAL_SIRT)
                .iterations(10).build());
        // The baselines with each element's own TV, as measured before joint TV became the default.
        double[] kl = nrmse(solver, phantom, TomoFusionParameters.builder().method(TomoMethod.CHEMICAL_KL)
                .tvCoupling(TvCoupling.SEPARATE).lambdaTv(0.03).build());
        double[] tilts = nrmse(solver, phantom, TomoFusionParameters.builder()
                .method(TomoMethod.FUSE_TILTS_FIRST).tvCoupling(TvCoupling.SEPARATE).lambdaTv(0.01).build());
        String all = "fused " + Arrays.toString(fused) + ", SIRT " + Arrays.toString(sirt) + ", KL " + Arrays.toString(kl)
                + ", tilts first " + Arrays.toString(tilts);
        for (int e = 0; e < fused.length; e++) {
            assertTrue(fused[e] < sirt[e] && fused[e] < kl[e] && fused[e] < tilts[e], all);
        }
        double best = Math.min(TomoScore.mean(sirt), Math.min(TomoScore.mean(kl), TomoScore.mean(tilts)));
        assertTrue(TomoScore.mean(fused) * 2.4 < best, all);
        assertTrue(TomoScore.mean(fused) < 0.235, all);
        // The earlier defaults: before warm duals (tv_warm_start false: FGP), before the composition TV as well
        // (composition_tv 0) and before joint TV (tv_coupling separate, lambda_tv 0.01, no composition TV). Each
        // must still beat every comparison for every element, and the default must have the lower mean error.
        double[] fgp = nrmse(solver, phantom, TomoFusionParameters.builder().warmTv(false).build());
        double[] previous = nrmse(solver, phantom, TomoFusionParameters.builder().warmTv(false)
                .compositionTvFinal(0).build());
        double[] separate = nrmse(solver, phantom, TomoFusionParameters.builder().tvCoupling(TvCoupling.SEPARATE)
                .lambdaTv(0.01).compositionTvFinal(0).build());
        String withEarlier = all + ", FGP " + Arrays.toString(fgp) + ", FGP and composition_tv 0 "
                + Arrays.toString(previous) + ", separate TV " + Arrays.toString(separate);
        for (double[] earlier : new double[][] {fgp, previous, separate}) {
            for (int e = 0; e < earlier.length; e++) {
                assertTrue(earlier[e] < sirt[e] && earlier[e] < kl[e] && earlier[e] < tilts[e], withEarlier);
            }
            assertTrue(TomoScore.mean(fused) < TomoScore.mean(earlier), withEarlier);
        }
        // The bounds above must fail for the earlier defaults (a test that the previous default also passes would
        // not hold the gain).
        assertTrue(!(TomoScore.mean(previous) * 2.4 < best) && !(TomoScore.mean(previous) < 0.235), withEarlier);
    }

    private static double[] nrmse(TomoFusionSolver solver, TomoPhantom phantom, TomoFusionParameters params) {
        return TomoScore.nrmse(phantom, solver.solve(phantom.problem(), params).volumes());
    }
}
