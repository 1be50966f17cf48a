package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.fusionj.core.fusion.CostLog;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.core.tomo.TvCoupling;
import org.fusionj.workflow.tomo.TomoFusionJob;
import org.junit.jupiter.api.Test;

/**
 * The first line {@code fusionj fuse-tomo} prints names only the parameters the chosen method reads (what
 * FusedReconstruction, TiltFusion and TomoFusionSolver's SIRT read for it): a SIRT run used to list lambda_tv,
 * tv_coupling, composition_tv and others it never reads.
 */
class FuseTomoSummaryTest {

    /** The first line printed for a (made-up) result of {@code p}. */
    private static String firstLine(TomoFusionParameters p) {
        TomoFusionResult r = new TomoFusionResult(p.method(), List.of("Au"), List.of(new float[8]), 2, 2, 2,
                new double[] {1}, new double[] {1}, Double.NaN, Double.NaN,
                new CostLog(new double[] {1}, new double[] {1}, new double[] {1}));
        TomoFusionJob.Outcome o = new TomoFusionJob.Outcome(r, null, null, List.of(), 1000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FuseTomoCommand.printSummary(new PrintStream(bytes, true, StandardCharsets.UTF_8), o, p, 2);
        return bytes.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    }

    /** The parameter names (first words of the comma-separated items after the colon) of a summary line. */
    private static List<String> names(String line) {
        return List.of(line.substring(line.indexOf(':') + 1).split(",")).stream()
                .map(s -> s.strip().split(" ")[0]).toList();
    }

    private static TomoFusionParameters.Builder method(TomoMethod m) {
        return TomoFusionParameters.builder().method(m);
    }

    @Test
    void sirtNamesOnlyItsIterations() {
        String line = firstLine(method(TomoMethod.CHEMICAL_SIRT).iterations(30).build());
        assertTrue(line.startsWith("reconstructed Au (2 x 2 x 2 voxels) with method chemical_sirt:"), line);
        assertEquals(List.of("n_iter", "threads"), names(line), line);
        assertTrue(line.contains("n_iter 30"), line);
    }

    @Test
    void fusedNamesEveryTermItUses() {
        String line = firstLine(method(TomoMethod.FUSED).build());
        assertEquals(List.of("gamma", "weight_method", "lambda_haadf", "lambda_chem", "lambda_tv", "tv_coupling",
                "tv_warm_start", "n_iter_tv", "composition_tv", "n_iter_init", "n_iter", "bkg", "threads"), names(line),
                line);
        assertTrue(line.contains("lambda_tv 0.015, tv_coupling joint, tv_warm_start true")
                && line.contains("composition_tv 0.3"), line);
        line = firstLine(method(TomoMethod.FUSED).warmTv(false).build());
        assertTrue(line.contains("tv_coupling joint, tv_warm_start false"), line);
    }

    @Test
    void chemicalKlHasNoHaadfTerms() {
        String line = firstLine(method(TomoMethod.CHEMICAL_KL).build());
        // The chemical-only step is the EM step, which lambda_chem only scales away; no HAADF, no composition.
        assertEquals(List.of("lambda_tv", "tv_coupling", "tv_warm_start", "n_iter_tv", "n_iter_init", "n_iter", "bkg",
                "threads"), names(line), line);
    }

    @Test
    void fuseTiltsFirstNamesThe2dFusionOfEachTilt() {
        String line = firstLine(method(TomoMethod.FUSE_TILTS_FIRST).build());
        assertEquals(List.of("gamma", "weight_method", "tilt_lambda_chem", "tilt_lambda_tv", "tilt_n_iter",
                "tilt_n_iter_tv", "tilt_bkg", "lambda_tv", "tv_coupling", "tv_warm_start", "n_iter_tv", "n_iter_init",
                "n_iter", "bkg", "threads"), names(line), line);
    }

    @Test
    void withoutTvStepTheTvParametersAreNotListed() {
        String line = firstLine(method(TomoMethod.CHEMICAL_KL).lambdaTv(0).build());
        assertTrue(line.contains("no TV step"), line);
        assertFalse(line.contains("tv_coupling") || line.contains("n_iter_tv"), line);
        line = firstLine(method(TomoMethod.FUSED).regularize(false).build());
        assertTrue(line.contains("no TV step") && line.contains("composition_tv"), line);
        assertFalse(line.contains("lambda_tv") || line.contains("tv_coupling") || line.contains("tv_warm_start"), line);
        // tv_warm_start is the joint TV's: no effect with separate TV, so not listed
        line = firstLine(method(TomoMethod.FUSED).tvCoupling(TvCoupling.SEPARATE).build());
        assertTrue(line.contains("tv_coupling separate") && !line.contains("tv_warm_start"), line);
    }

    /** The costs line names only the terms the run logged (a chemical-only run has no HAADF cost, no TV step no TV). */
    @Test
    void costsLineLeavesOutTermsTheRunDoesNotHave() {
        CostLog fused = new CostLog(new double[] {9, 2.5}, new double[] {8, 1.25}, new double[] {7, 0.5});
        assertEquals("final costs: HAADF 2.500000, chem 1.250000, TV 0.5000000",
                FuseTomoCommand.costsLine(fused, TomoMethod.FUSED));
        CostLog klWithoutTv = new CostLog(new double[] {Double.NaN}, new double[] {33736.63}, new double[] {Double.NaN});
        assertEquals("final costs: chem 33736.63", FuseTomoCommand.costsLine(klWithoutTv, TomoMethod.CHEMICAL_KL));
        CostLog sirt = new CostLog(new double[] {Double.NaN}, new double[] {0.125}, new double[] {Double.NaN});
        assertEquals("final costs: chem residual 0.1250000",
                FuseTomoCommand.costsLine(sirt, TomoMethod.CHEMICAL_SIRT));
        assertFalse(FuseTomoCommand.costsLine(klWithoutTv, TomoMethod.CHEMICAL_KL).contains("NaN"));
    }
}
