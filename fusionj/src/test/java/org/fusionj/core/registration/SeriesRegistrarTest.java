package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.core.registration.phantom.TransformError;
import org.junit.jupiter.api.Test;

class SeriesRegistrarTest {

    private static final int N = 64;
    private static final SeriesPhantom PHANTOM = new SeriesPhantom(N, 4, PhantomNoise.DEFAULT, 5);
    private static final RegistrationParameters PARAMS = RegistrationParameters.builder().levels(3).build();

    private static SeriesRegistrar.VolumeSource source(RowBlocks blocks) {
        return new SeriesRegistrar.VolumeSource() {
            @Override
            public int count() {
                return PHANTOM.count();
            }

            @Override
            public Volume volume(int index) {
                return PHANTOM.volume(index, blocks);
            }

            @Override
            public String name(int index) {
                return "energy " + index;
            }
        };
    }

    private static List<PairResult> run(int threads, List<Integer> seen, CancellationToken cancel) {
        try (RowBlocks blocks = new RowBlocks(threads)) {
            return new SeriesRegistrar(PARAMS, blocks, ProgressListener.NONE, cancel).register(source(blocks),
                    PHANTOM.count() - 1, (i, r, v) -> {
                        seen.add(i);
                        if (seen.size() == 2 && cancel != CancellationToken.NEVER) {
                            cancel.cancel();
                        }
                    });
        }
    }

    @Test
    void everyEnergyIsRegisteredToTheHighestFromItsNeighbour() {
        List<Integer> seen = new ArrayList<>();
        List<PairResult> results = run(2, seen, CancellationToken.NEVER);
        assertEquals(List.of(3, 2, 1, 0), seen);
        assertEquals(AffineTransform3D.identity(), results.get(3).global());
        int[] labels = PHANTOM.labels();
        for (int i = 0; i < 3; i++) {
            AffineTransform3D truth = PHANTOM.motion(i);
            TransformError e = TransformError.of(results.get(i).field(), new AffineTransform3D[] {truth, truth, truth},
                    labels, N, N);
            assertTrue(e.mean() <= 0.1, "energy " + i + ": mean error " + e.mean());
            assertTrue(results.get(i).after().mse() < results.get(i).before().mse());
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        List<PairResult> one = run(1, new ArrayList<>(), CancellationToken.NEVER);
        List<PairResult> three = run(3, new ArrayList<>(), CancellationToken.NEVER);
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i).global().rows3x4(), three.get(i).global().rows3x4(), 0, "energy " + i);
            assertEquals(one.get(i).after().mse(), three.get(i).after().mse(), 0);
        }
    }

    @Test
    void cancellingStopsBeforeTheNextEnergy() {
        List<Integer> seen = new ArrayList<>();
        assertThrows(CancelledException.class, () -> run(2, seen, new CancellationToken()));
        assertEquals(2, seen.size());
    }
}
