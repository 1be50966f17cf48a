package org.fusionj.core.fusion.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.core.fusion.FusionSolver;
import org.fusionj.core.fusion.phantom.FusionPhantom;
import org.fusionj.core.fusion.phantom.PhantomSpec;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Series fusion: frame by frame with one parameter set, in order, deterministic, cancellable. */
class SeriesFusionTest {

    private static final int FRAMES = 5;
    private static final FusionParameters PARAMS = FusionParameters.defaults().toBuilder().iterations(8).build();

    /** A time series: the same specimen re-imaged with fresh noise (one seed per frame). */
    static StackFrames series(int frames) {
        List<ImagePlane> haadf = new ArrayList<>();
        List<List<ImagePlane>> maps = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int f = 0; f < frames; f++) {
            FusionPhantom p = FusionPhantom.generate(PhantomSpec.defaults(48, 36).toBuilder().seed(100 + f).build(), 1);
            haadf.add(p.haadf());
            for (int e = 0; e < 3; e++) {
                maps.get(e).add(p.problem().maps().get(e).image());
            }
        }
        return new StackFrames(haadf, maps, new String[] {"Dy", "Sc", "O"});
    }

    @Test
    @Timeout(120)
    void everyFrameIsTheSingleSolveAndTheSameForAnyParallelism() {
        StackFrames source = series(FRAMES);
        List<FusionResult> alone = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            alone.add(new FusionSolver(1).solve(source.frame(f), PARAMS));
        }
        for (int parallel : new int[] {1, 2, 3}) {
            List<Integer> order = new ArrayList<>();
            List<FusionResult> got = new ArrayList<>();
            double[] last = {0};
            SeriesSummary s = new SeriesFusion(3, parallel).run(source, PARAMS, (i, r) -> {
                order.add(i);
                got.add(r);
            }, (fraction, message) -> {
                synchronized (last) {
                    last[0] = Math.max(last[0], fraction);
                }
            }, CancellationToken.NEVER);
            assertEquals(List.of(0, 1, 2, 3, 4), order, "frames reach the sink in order");
            assertEquals(1.0, last[0], 1e-12, "progress reaches 1");
            for (int f = 0; f < FRAMES; f++) {
                for (int e = 0; e < 3; e++) {
                    assertArrayEquals(alone.get(f).fusedMaps().get(e), got.get(f).fusedMaps().get(e),
                            "frame " + f + " element " + e + " with " + parallel + " in parallel");
                }
                assertEquals(alone.get(f).costs().haadf()[7], s.costHaadf()[f]);
                assertTrue(s.millis()[f] >= 0);
            }
        }
    }

    @Test
    @Timeout(120)
    void cancelStopsTheSeriesAndNoLaterFrameReachesTheSink() {
        StackFrames source = series(FRAMES);
        for (int parallel : new int[] {1, 2}) {
            CancellationToken cancel = new CancellationToken();
            AtomicInteger delivered = new AtomicInteger();
            assertThrows(CancelledException.class, () -> new SeriesFusion(2, parallel).run(source, PARAMS,
                    (i, r) -> {
                        delivered.incrementAndGet();
                        if (i == 1) {
                            cancel.cancel();
                        }
                    }, ProgressListener.NONE, cancel));
            assertEquals(2, delivered.get(), "frames 0 and 1, then the cancel");
        }
    }

    @Test
    void badInputIsRefusedNamingTheFrameOrSeries() {
        StackFrames ok = series(2);
        List<ImagePlane> haadf = List.of(ok.frame(0).haadf(), ok.frame(1).haadf());
        ImagePlane flat = new ImagePlane("flat", 48, 36, new float[48 * 36]);
        List<List<ImagePlane>> maps = List.of(List.of(ok.frame(0).maps().get(0).image(), flat),
                List.of(ok.frame(0).maps().get(1).image(), ok.frame(1).maps().get(1).image()),
                List.of(ok.frame(0).maps().get(2).image(), ok.frame(1).maps().get(2).image()));
        StackFrames withFlat = new StackFrames(haadf, maps, new String[] {"Dy", "Sc", "O"});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SeriesFusion(1, 1)
                .run(withFlat, PARAMS, (i, r) -> { }, ProgressListener.NONE, CancellationToken.NEVER));
        assertTrue(e.getMessage().startsWith("frame 2 of 2: flat is constant"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> new StackFrames(haadf,
                List.of(List.of(flat), maps.get(1), maps.get(2)), new String[] {"Dy", "Sc", "O"}));
        assertTrue(e.getMessage().contains("the Dy series has 1 frames but the HAADF series 2"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> new SeriesFusion(2, 3));
    }
}
