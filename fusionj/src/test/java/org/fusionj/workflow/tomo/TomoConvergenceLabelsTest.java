package org.fusionj.workflow.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fusionj.core.fusion.CostLog;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.workflow.fusion.ConvergencePlots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The convergence plots name the cost each method logs: the chemical term of {@code chemical_sirt} is SIRT's
 * least-squares residual, not the Poisson (KL) cost of the other methods, and SIRT has no lambda_chem.
 */
@Timeout(30)
class TomoConvergenceLabelsTest {

    private static ConvergencePlots plots(TomoMethod method) {
        double nan = Double.NaN;
        CostLog costs = new CostLog(new double[] {nan, nan}, new double[] {4, 2}, new double[] {nan, nan});
        TomoFusionResult r = new TomoFusionResult(method, List.of("Au"), List.of(new float[8]), 2, 2, 2,
                new double[] {1}, new double[] {1}, nan, nan, costs);
        return TomoImages.convergence(r, TomoFusionParameters.builder().method(method).build());
    }

    @Test
    void sirtsChemicalCurveIsItsLeastSquaresResidual() {
        ConvergencePlots sirt = plots(TomoMethod.CHEMICAL_SIRT);
        assertEquals("1/2 ||P x - b||^2", sirt.chem().getLabel('y'));
        assertTrue(sirt.chem().getTitle().contains("least-squares"), sirt.chem().getTitle());
        assertFalse(sirt.chem().getTitle().contains("lambda_chem"), sirt.chem().getTitle());
    }

    @Test
    void theKlMethodsKeepThePoissonCurve() {
        for (TomoMethod m : List.of(TomoMethod.FUSED, TomoMethod.CHEMICAL_KL, TomoMethod.FUSE_TILTS_FIRST)) {
            ConvergencePlots p = plots(m);
            assertEquals("Poisson cost", p.chem().getLabel('y'), m.key());
            assertTrue(p.chem().getTitle().startsWith("Chemical term, lambda_chem = 1"), p.chem().getTitle());
        }
    }
}
