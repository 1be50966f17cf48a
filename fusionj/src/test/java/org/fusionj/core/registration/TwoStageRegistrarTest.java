package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.core.registration.phantom.TransformError;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The registration a distributed task runs: coarse on a downsampled copy, then a full-resolution refinement. */
class TwoStageRegistrarTest {

    private static final RegistrationParameters PARAMS = RegistrationParameters.builder().levels(3).build();

    private static TransformError error(SeriesPhantom p, int i, AffineTransform3D t) {
        AffineTransform3D truth = p.motion(i);
        return TransformError.of(k -> t, new AffineTransform3D[] {truth, truth, truth}, p.labels(), p.size(),
                p.size());
    }

    @Test
    void refinementBringsTheDownsampledAnswerUnderATenthOfAVoxel() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            // two phantom families (seeds), 96^3, drift as measured on real series
            for (long seed : new long[] {3, 11}) {
                SeriesPhantom p = new SeriesPhantom(96, 4, PhantomNoise.DEFAULT, seed);
                try (RowBlocks blocks = new RowBlocks(2)) {
                    TwoStageRegistrar r = new TwoStageRegistrar(PARAMS, new TwoStageRegistrar.Settings(4, 256, 2),
                            blocks, CancellationToken.NEVER);
                    LargeVolume fixed = LargeVolume.of(p.volume(p.count() - 1, blocks));
                    PreparedVolume coarseFixed = r.prepareCoarseFixed(r.downsampled(fixed), "fixed");
                    for (int i = 0; i < p.count() - 1; i++) {
                        TwoStageRegistrar.Result res = r.register(coarseFixed, fixed,
                                LargeVolume.of(p.volume(i, blocks)), "energy " + i);
                        double coarse = error(p, i, res.coarse()).mean();
                        double fine = error(p, i, res.transform()).mean();
                        System.out.printf("seed %d energy %d: coarse (4x) %.3f voxel, refined %.4f voxel%n", seed, i,
                                coarse, fine);
                        assertTrue(fine <= 0.1, "seed " + seed + " energy " + i + ": refined error " + fine);
                        assertTrue(fine < coarse, "refinement improves on the coarse answer");
                    }
                }
            }
        });
    }

    @Test
    void withoutDownsamplingItIsExactlyThePairRegistration() {
        SeriesPhantom p = new SeriesPhantom(64, 3, PhantomNoise.DEFAULT, 5);
        try (RowBlocks blocks = new RowBlocks(2)) {
            Volume f = p.volume(2, blocks);
            Volume m = p.volume(0, blocks);
            TwoStageRegistrar r = new TwoStageRegistrar(PARAMS, new TwoStageRegistrar.Settings(1, 256, 2), blocks,
                    CancellationToken.NEVER);
            TwoStageRegistrar.Result two = r.register(r.prepareCoarseFixed(r.downsampled(LargeVolume.of(f)), "f"),
                    LargeVolume.of(f), LargeVolume.of(m), "m");
            PairRegistrar pair = new PairRegistrar(PARAMS, blocks, CancellationToken.NEVER);
            PairResult direct = pair.register(pair.prepare(f, "f"), pair.prepare(m, "m"), null);
            assertArrayEquals(direct.global().rows3x4(), two.transform().rows3x4(), 0);
        }
    }
}
