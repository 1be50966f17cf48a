package org.fusionj.workflow.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.WeightMethod;
import org.fusionj.core.tomo.ProjectorKind;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionSolver;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.core.tomo.TvCoupling;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code tv_warm_start} (the joint TV step with warm duals, {@link TomoFusionParameters#warmTv()}, the default since
 * 2026-12-07 evening): {@code false} gives the defaults before, bit for bit (the joint TV step by FGP restarted from
 * zero duals), and the default changes the result. The checksum below is of the volumes of the defaults before
 * (joint TV, {@code lambda_tv} 0.015, composition TV 0.3, FGP; written out in the first test) on this phantom. It was
 * taken when the default flipped, which changed no solver code (only the default and the schema), so it is what the
 * defaults of commit 0320475 gave. A later change of the solver that alters results changes it too: say so in
 * docs/fusion-tomography.md ("Changes that alter results") and take the new value from the failure message.
 */
class WarmTvDefaultTest {

    /** CRC-32 of the volumes (big-endian float bits, element after element) of the defaults before (FGP). */
    private static final long FGP_DEFAULTS_CHECKSUM = 4205709024L;

    @Test
    void schemaFalseIsTheDefaultsBefore() {
        TomoFusionParameters off = TomoKeys.parameters(Map.of(TomoKeys.TV_WARM_START, "false")::get);
        // the defaults of commit 0320475 (before the flip), written out in the record's form of then (no warmTv)
        TomoFusionParameters before = new TomoFusionParameters(TomoMethod.FUSED, 1.6, WeightMethod.Z_OVER_MEAN, 3, 1,
                0.015, 50, 5, 0.1, true, ProjectorKind.JOSEPH, 0, 20, FusionParameters.defaults(), TvCoupling.JOINT,
                0, 0, 0.5, false, 0, 0.3, 0);
        assertEquals(before, off);
        assertFalse(before.warmTv());
        assertTrue(TomoFusionParameters.defaults().warmTv());
        assertTrue(TomoFusionParameters.builder().build().warmTv());
        assertEquals(TomoFusionParameters.defaults(), TomoKeys.parameters(Map.<String, String>of()::get));
        assertEquals(TomoFusionParameters.defaults(), TomoKeys.parameters(Map.of(TomoKeys.TV_WARM_START, "true")::get));
        assertEquals(before, TomoFusionParameters.defaults().toBuilder().warmTv(false).build());
        assertEquals("true", TomoKeys.SCHEMA.param(TomoKeys.TV_WARM_START).defaultText());
        InvalidInputException ex = assertThrows(InvalidInputException.class,
                () -> TomoKeys.parameters(Map.of(TomoKeys.TV_WARM_START, "maybe")::get));
        assertTrue(ex.getMessage().contains(TomoKeys.TV_WARM_START), ex.getMessage());
    }

    @Test
    @Timeout(300)
    void falseReproducesTheDefaultsBeforeBitForBitAndTheDefaultDiffers() {
        TomoPhantom phantom = CompositionTvDefaultTest.small();
        TomoFusionSolver solver = new TomoFusionSolver(2);
        TomoFusionParameters off = TomoKeys.parameters(Map.of(TomoKeys.TV_WARM_START, "false")::get);
        List<float[]> fgp = solver.solve(phantom.problem(), off).volumes();
        long crc = CompositionTvDefaultTest.checksum(fgp);
        assertEquals(FGP_DEFAULTS_CHECKSUM, crc, "the volumes of tv_warm_start false are not the defaults' before "
                + "(checksum " + crc + ")");
        List<float[]> now = solver.solve(phantom.problem(), TomoFusionParameters.defaults()).volumes();
        boolean same = true;
        for (int e = 0; e < now.size(); e++) {
            same &= Arrays.equals(fgp.get(e), now.get(e));
        }
        assertFalse(same, "the default tv_warm_start true did not change the volumes");
        // with separate TV it changes nothing (each element's own TV is FGP either way)
        TomoFusionParameters separate = TomoFusionParameters.builder().tvCoupling(TvCoupling.SEPARATE).iterations(5)
                .compositionTvFinal(0).build();
        List<float[]> warmSeparate = solver.solve(phantom.problem(), separate).volumes();
        List<float[]> fgpSeparate = solver.solve(phantom.problem(), separate.toBuilder().warmTv(false).build())
                .volumes();
        for (int e = 0; e < warmSeparate.size(); e++) {
            assertArrayEquals(fgpSeparate.get(e), warmSeparate.get(e), "separate TV, element " + e);
        }
    }
}
