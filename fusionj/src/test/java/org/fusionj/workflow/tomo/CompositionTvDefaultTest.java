package org.fusionj.workflow.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.WeightMethod;
import org.fusionj.core.tomo.ProjectorKind;
import org.fusionj.core.tomo.TiltAngles;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionSolver;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.core.tomo.TvCoupling;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code composition_tv} (the final composition TV step, default 0.3 since 2026-12-07): 0 gives the defaults before,
 * bit for bit, and the default changes the result. The checksum below is of the volumes the defaults before
 * (joint TV, {@code lambda_tv} 0.015, no composition TV; written out in the first test) give on this phantom; it
 * was taken when the option was added, which changed no solver code (the step is skipped at weight 0), so it is
 * what the defaults of commit 301ec23 gave. A later change of the solver that alters results changes it too: say
 * so in docs/fusion-tomography.md ("Changes that alter results") and take the new value from the failure message.
 */
class CompositionTvDefaultTest {

    /** CRC-32 of the volumes (big-endian float bits, element after element) of the defaults before. */
    private static final long BEFORE_CHECKSUM = 365206343L;

    private static TomoPhantom small() {
        TomoPhantomSpec spec = TomoPhantomSpec.defaults(24).toBuilder().size(24, 11, 20).symbols("Au", "Cu")
                .particles(3).radii(3, 5).haadfAngles(TiltAngles.range(-60, 60, 6))
                .chemAngles(TiltAngles.range(-60, 60, 30)).build();
        return TomoPhantom.generate(spec, 2);
    }

    @Test
    void schemaZeroIsTheDefaultsBefore() {
        TomoFusionParameters off = TomoKeys.parameters(Map.of(TomoKeys.COMPOSITION_TV, "0")::get);
        // the defaults before 2026-12-07's change, written out
        TomoFusionParameters before = new TomoFusionParameters(TomoMethod.FUSED, 1.6, WeightMethod.Z_OVER_MEAN, 3, 1,
                0.015, 50, 5, 0.1, true, ProjectorKind.JOSEPH, 0, 20, FusionParameters.defaults(), TvCoupling.JOINT,
                0, 0, 0.5, false, 0, 0, 0, 0, 0);
        assertEquals(before, off);
        assertEquals(0.3, TomoFusionParameters.defaults().compositionTvFinal());
        assertEquals(TomoFusionParameters.defaults(), TomoKeys.parameters(Map.<String, String>of()::get));
        assertEquals(0.05, TomoKeys.parameters(Map.of(TomoKeys.COMPOSITION_TV, "0.05")::get).compositionTvFinal());
        for (String bad : List.of("-0.1", "NaN", "Infinity", "abc", "2000")) {
            InvalidInputException ex = assertThrows(InvalidInputException.class,
                    () -> TomoKeys.parameters(Map.of(TomoKeys.COMPOSITION_TV, bad)::get), bad);
            assertTrue(ex.getMessage().contains(TomoKeys.COMPOSITION_TV), ex.getMessage());
        }
        assertThrows(InvalidInputException.class,
                () -> TomoFusionParameters.builder().compositionTvFinal(Double.POSITIVE_INFINITY).build());
    }

    @Test
    @Timeout(300)
    void zeroReproducesTheDefaultsBeforeBitForBitAndTheDefaultDiffers() {
        TomoPhantom phantom = small();
        TomoFusionSolver solver = new TomoFusionSolver(2);
        TomoFusionParameters off = TomoKeys.parameters(Map.of(TomoKeys.COMPOSITION_TV, "0")::get);
        List<float[]> before = solver.solve(phantom.problem(), off).volumes();
        assertEquals(BEFORE_CHECKSUM, checksum(before), "the volumes of composition_tv 0 are not the defaults' "
                + "before (checksum " + checksum(before) + ")");
        List<float[]> now = solver.solve(phantom.problem(), TomoFusionParameters.defaults()).volumes();
        boolean same = true;
        for (int e = 0; e < now.size(); e++) {
            same &= Arrays.equals(before.get(e), now.get(e));
        }
        assertFalse(same, "the default composition_tv 0.3 did not change the volumes");
        // other methods ignore it, as they ignore the fused-only parameters
        for (TomoMethod m : List.of(TomoMethod.CHEMICAL_KL, TomoMethod.CHEMICAL_SIRT)) {
            TomoFusionParameters p = TomoFusionParameters.builder().method(m).iterations(5).build();
            List<float[]> with = solver.solve(phantom.problem(), p).volumes();
            List<float[]> without = solver.solve(phantom.problem(), p.toBuilder().compositionTvFinal(0).build())
                    .volumes();
            assertEquals(checksum(without), checksum(with), m.key());
        }
    }

    private static long checksum(List<float[]> volumes) {
        CRC32 crc = new CRC32();
        for (float[] v : volumes) {
            ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES);
            b.asFloatBuffer().put(v);
            crc.update(b.array());
        }
        return crc.getValue();
    }
}
