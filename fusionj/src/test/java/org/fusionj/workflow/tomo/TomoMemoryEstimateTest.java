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
 * element instead of once, {@code 7 (n_e - 1)} more volumes (14 for three elements).
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
}
