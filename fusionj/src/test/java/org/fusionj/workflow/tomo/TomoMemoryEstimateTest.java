package org.fusionj.workflow.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionProblem;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.core.tomo.TvCoupling;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tomography job's memory check counts the joint TV (the default): six dual fields and a spare volume per
 * element instead of once, {@code 7 (n_e - 1)} more volumes (14 for three elements); and the final composition TV.
 */
class TomoMemoryEstimateTest {

    @Test
    @Timeout(60)
    void jointTvCountsSevenMoreVolumesPerExtraElement() {
        TomoFusionProblem problem = TomoPhantom.generate(TomoPhantomSpec.defaults(16), 1).problem();
        long voxels = 16L * 16 * 16;
        TomoFusionParameters joint = TomoFusionParameters.defaults();
        assertEquals(TvCoupling.JOINT, joint.tvCoupling());
        TomoFusionParameters separate = joint.toBuilder().tvCoupling(TvCoupling.SEPARATE).build();
        // without the composition TV's peak, which does not depend on the TV coupling
        joint = joint.toBuilder().compositionTvFinal(0).build();
        separate = separate.toBuilder().compositionTvFinal(0).build();
        long extra = TomoFusionJob.peakBytes(problem, joint, voxels, 2)
                - TomoFusionJob.peakBytes(problem, separate, voxels, 2);
        assertEquals(3, problem.elementCount());
        assertEquals(14 * voxels * Float.BYTES, extra, 1024);
        // no TV step, or SIRT (no TV at all): nothing extra
        assertEquals(TomoFusionJob.peakBytes(problem, separate, voxels, 2), TomoFusionJob.peakBytes(problem,
                joint.toBuilder().regularize(false).build(), voxels, 2));
        assertEquals(TomoFusionJob.peakBytes(problem, separate.toBuilder().method(TomoMethod.CHEMICAL_SIRT).build(),
                voxels, 2), TomoFusionJob.peakBytes(problem, joint.toBuilder().method(TomoMethod.CHEMICAL_SIRT)
                .build(), voxels, 2));
    }

    /**
     * The final composition TV (the default {@code composition_tv} 0.3) holds {@code 7 n_e + 1} volumes while the
     * solver's are live (CompositionTv: u, ubar, f, three dual fields and the Bregman steps' data per element, and
     * the fidelity weight); they are dropped before the hyperstack's {@code 2 n_e}, so the peak grows by
     * {@code 5 n_e + 1}: 16 volumes for three elements. Only {@code fused} runs it.
     */
    @Test
    @Timeout(60)
    void compositionTvCountsItsFieldsBeyondTheHyperstack() {
        TomoFusionProblem problem = TomoPhantom.generate(TomoPhantomSpec.defaults(16), 1).problem();
        long voxels = 16L * 16 * 16;
        TomoFusionParameters with = TomoFusionParameters.defaults();
        assertEquals(0.3, with.compositionTvFinal());
        TomoFusionParameters without = with.toBuilder().compositionTvFinal(0).build();
        assertEquals(3, problem.elementCount());
        assertEquals(16 * voxels * Float.BYTES, TomoFusionJob.peakBytes(problem, with, voxels, 2)
                - TomoFusionJob.peakBytes(problem, without, voxels, 2), 1024);
        for (TomoMethod other : new TomoMethod[] {TomoMethod.CHEMICAL_KL, TomoMethod.CHEMICAL_SIRT,
                TomoMethod.FUSE_TILTS_FIRST}) {
            assertEquals(TomoFusionJob.peakBytes(problem, without.toBuilder().method(other).build(), voxels, 2),
                    TomoFusionJob.peakBytes(problem, with.toBuilder().method(other).build(), voxels, 2),
                    other.key());
        }
    }
}
