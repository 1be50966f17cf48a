package org.fusionj.workflow.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionProblem;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.core.tomo.TvCoupling;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tomography job's memory check counts the largest phase of a run in volumes (docs/fusion-tomography.md, "Speed
 * and memory", the table of live volumes): the iterations (joint TV: x, the TV step's outputs and the dual fields,
 * three per element with warm duals, the default, {@code 5 n_e}; six with FGP, {@code 8 n_e}; separate TV
 * {@code n_e + 7}), the final composition TV (x and its {@code 6 n_e + 1} fields), the hyperstack ({@code 2 n_e}); and every volume as the heap
 * takes it (G1's humongous regions).
 */
class TomoMemoryEstimateTest {

    private static final int NE = 3;

    @Test
    @Timeout(60)
    void countsTheLargestPhaseInVolumes() {
        TomoFusionParameters defaults = TomoFusionParameters.defaults();
        assertEquals(TvCoupling.JOINT, defaults.tvCoupling());
        assertEquals(0.3, defaults.compositionTvFinal());
        assertTrue(defaults.warmTv(), "warm duals are the default (tv_warm_start)");
        // warm duals (the default): 5 n_e during the iterations, so the final composition TV (7 n_e + 1) is the peak
        assertEquals(22, TomoFusionJob.peakVolumes(defaults, NE));
        assertEquals(15, TomoFusionJob.peakVolumes(defaults.toBuilder().compositionTvFinal(0).build(), NE));
        // joint TV by FGP (tv_warm_start false): 8 n_e during the iterations, more than the final composition TV's
        TomoFusionParameters fgp = defaults.toBuilder().warmTv(false).build();
        assertEquals(24, TomoFusionJob.peakVolumes(fgp, NE));
        assertEquals(24, TomoFusionJob.peakVolumes(fgp.toBuilder().compositionTvFinal(0).build(), NE));
        // separate TV: x, one spare, six dual fields; the final composition TV is larger
        TomoFusionParameters separate = defaults.toBuilder().tvCoupling(TvCoupling.SEPARATE).build();
        assertEquals(22, TomoFusionJob.peakVolumes(separate, NE));
        assertEquals(10, TomoFusionJob.peakVolumes(separate.toBuilder().compositionTvFinal(0).build(), NE));
        // no TV step: x and one spare during the iterations, the hyperstack (2 n_e) after
        assertEquals(6, TomoFusionJob.peakVolumes(defaults.toBuilder().regularize(false).compositionTvFinal(0)
                .build(), NE));
        // the other methods have no final composition TV (warm: 5 n_e; FGP: 8 n_e); SIRT no TV at all
        assertEquals(15, TomoFusionJob.peakVolumes(defaults.toBuilder().method(TomoMethod.CHEMICAL_KL).build(), NE));
        assertEquals(15, TomoFusionJob.peakVolumes(defaults.toBuilder().method(TomoMethod.FUSE_TILTS_FIRST).build(),
                NE));
        assertEquals(24, TomoFusionJob.peakVolumes(fgp.toBuilder().method(TomoMethod.CHEMICAL_KL).build(), NE));
        assertEquals(24, TomoFusionJob.peakVolumes(fgp.toBuilder().method(TomoMethod.FUSE_TILTS_FIRST).build(), NE));
        assertEquals(6, TomoFusionJob.peakVolumes(defaults.toBuilder().method(TomoMethod.CHEMICAL_SIRT).build(), NE));
        // the joint TV's guide: one more channel (its dual fields: six with FGP, three warm) and the guide
        assertEquals(31, TomoFusionJob.peakVolumes(fgp.toBuilder().tvGuide(0.5).build(), NE));
        assertEquals(19, TomoFusionJob.peakVolumes(defaults.toBuilder().tvGuide(0.5).compositionTvFinal(0).build(),
                NE));
    }

    @Test
    @Timeout(60)
    void humongousVolumesFillWholeRegions() {
        // 64^3 floats and the array header in 1 MiB regions: two regions
        assertEquals(2L << 20, TomoFusionJob.volumeBytes(64L * 64 * 64, 1L << 20));
        // 128^3 in 1, 4 and 8 MiB regions: 9, 3 and 2 regions
        assertEquals(9L << 20, TomoFusionJob.volumeBytes(128L * 128 * 128, 1L << 20));
        assertEquals(12L << 20, TomoFusionJob.volumeBytes(128L * 128 * 128, 4L << 20));
        assertEquals(16L << 20, TomoFusionJob.volumeBytes(128L * 128 * 128, 8L << 20));
        // less than half a region: an ordinary object; no G1: its bytes
        assertEquals(4L * 1000 + 16, TomoFusionJob.volumeBytes(1000, 1L << 20));
        assertEquals(4L * 128 * 128 * 128 + 16, TomoFusionJob.volumeBytes(128L * 128 * 128, 0));
    }

    @Test
    @Timeout(60)
    void peakBytesGrowWithThePeakVolumes() {
        TomoFusionProblem problem = TomoPhantom.generate(TomoPhantomSpec.defaults(16), 1).problem();
        assertEquals(NE, problem.elementCount());
        long voxels = 16L * 16 * 16;
        TomoFusionParameters defaults = TomoFusionParameters.defaults();
        long vol = TomoFusionJob.volumeBytes(voxels, TomoFusionJob.regionBytes());
        long fgp = TomoFusionJob.peakBytes(problem, defaults.toBuilder().warmTv(false).build(), voxels, 2);
        long warm = TomoFusionJob.peakBytes(problem, defaults, voxels, 2);
        assertEquals(2 * vol * TomoFusionJob.VOLUME_MARGIN, fgp - warm, 16);
        assertTrue(fgp > TomoFusionJob.HEADROOM + 24 * vol * TomoFusionJob.VOLUME_MARGIN,
                "at least the volumes and the headroom: " + fgp);
    }
}
