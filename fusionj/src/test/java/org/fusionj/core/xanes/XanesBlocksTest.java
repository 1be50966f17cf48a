package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.segment.Components;
import org.fusionj.core.segment.ConnectedComponents;
import org.fusionj.core.segment.Connectivity;
import org.junit.jupiter.api.Test;

/** Block entries for distributed runs: counts instead of errors on empty blocks, maps that tile, mergeable bins. */
class XanesBlocksTest {

    private static final XanesPhantom PHANTOM = XanesPhantom.generate(new XanesPhantomSpec(30, 26, 12, 6549,
            XanesPhantom.energyGrid(6549), 5, 50, XanesPhantomSpec.Kind.EDGE_SHIFT, 2, 7), 1);

    /** The block [x0, x0 + w) x [y0, y0 + h) x [z0, z0 + d) of the series, as a series of its own. */
    static EnergySeries block(EnergySeries s, int x0, int y0, int z0, int w, int h, int d) {
        float[][][] planes = new float[s.energyCount()][d][w * h];
        for (int e = 0; e < s.energyCount(); e++) {
            for (int z = 0; z < d; z++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(s.planes()[e][z0 + z], x0 + s.width() * (y0 + y), planes[e][z], w * y, w);
                }
            }
        }
        return new EnergySeries(w, h, d, s.energiesEv(), planes);
    }

    @Test
    void anAllAirBlockGivesCountsNotAnError() {
        EnergySeries air = TestSeries.uniform(8, 8, 4, XanesPhantom.energyGrid(6549), e -> 0.05);
        XanesParameters p = XanesParameters.defaults(6549);
        XanesMaps maps = new XanesMapper(1).mapBlock(air, p, null, ProgressListener.NONE, CancellationToken.NEVER);
        assertEquals(0, maps.counts().included());
        assertEquals(256, maps.counts().belowNoise());
        assertTrue(Float.isNaN(maps.halfHeight()[0][0]));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new XanesMapper(1).map(air, p));
        assertEquals(XanesMapper.allMaskedMessage(maps.counts(), p), e.getMessage());
    }

    @Test
    void blocksTileTheWholeMapsBitForBit() {
        EnergySeries s = PHANTOM.series();
        XanesParameters p = XanesMapperTest.everything(PHANTOM);
        XanesMaps whole = new XanesMapper(2).map(s, p);
        Map<String, float[][]> wholeMaps = whole.namedMaps();
        long included = 0;
        int bw = 11;
        int bh = 9;
        int bd = 5;
        // max_derivative's shared white-line width, merged from every block's votes as fusionj-spark merges them,
        // and the local widths' halos, read from the first pass's widths of the whole volume as fusionj-spark reads
        // them from the array its first stage writes
        XanesMapper mapper = new XanesMapper(1);
        assertTrue(mapper.sharesWidth(p));
        int r = mapper.widthRadius(p);
        assertTrue(r > 0, "local white-line widths");
        List<float[]> votes = new java.util.ArrayList<>();
        float[][] firstPass = new float[s.depth()][s.planeSize()];
        for (int z0 = 0; z0 < s.depth(); z0 += bd) {
            for (int y0 = 0; y0 < s.height(); y0 += bh) {
                for (int x0 = 0; x0 < s.width(); x0 += bw) {
                    int w = Math.min(bw, s.width() - x0);
                    int h = Math.min(bh, s.height() - y0);
                    float[][] v = mapper.votingWidthVolume(block(s, x0, y0, z0, w, h, Math.min(bd,
                            s.depth() - z0)), p, null, ProgressListener.NONE, CancellationToken.NEVER);
                    votes.add(XanesMapper.votes(v));
                    for (int z = 0; z < v.length; z++) {
                        for (int y = 0; y < h; y++) {
                            System.arraycopy(v[z], y * w, firstPass[z0 + z], x0 + (y0 + y) * s.width(), w);
                        }
                    }
                }
            }
        }
        XanesMapper.SharedWidth merged = mapper.sharedWidth(votes);
        assertTrue(whole.sharedWidth() != null && Double.isFinite(merged.centreEv()), "a width is shared");
        // masked voxels do not vote: every vote is a fitted width, none the arrays' initial 0
        for (float[] v : votes) {
            for (float w : v) {
                assertTrue(w > EdgeModel.MIN_PEAK_WIDTH && w < EdgeModel.MAX_PEAK_WIDTH, "vote " + w);
            }
        }
        assertEquals(whole.sharedWidth(), merged, "the blocks' merged votes give the whole volume's width");
        int differWithoutHalo = 0;
        for (int z0 = 0; z0 < s.depth(); z0 += bd) {
            for (int y0 = 0; y0 < s.height(); y0 += bh) {
                for (int x0 = 0; x0 < s.width(); x0 += bw) {
                    int w = Math.min(bw, s.width() - x0);
                    int h = Math.min(bh, s.height() - y0);
                    int d = Math.min(bd, s.depth() - z0);
                    WidthField halo = WidthField.halo(firstPass, s.width(), s.height(), x0, y0, z0, w, h, d, r);
                    XanesMaps b = new XanesMapper(1).mapBlock(block(s, x0, y0, z0, w, h, d), p, null, merged,
                            halo, ProgressListener.NONE, CancellationToken.NEVER);
                    // without the halo the windows at the block's faces see fewer votes: the maps differ there
                    XanesMaps own = new XanesMapper(1).mapBlock(block(s, x0, y0, z0, w, h, d), p, null, merged,
                            null, ProgressListener.NONE, CancellationToken.NEVER);
                    differWithoutHalo += java.util.Arrays.deepEquals(own.maxDerivative(), b.maxDerivative()) ? 0 : 1;
                    included += b.counts().included();
                    for (Map.Entry<String, float[][]> m : b.namedMaps().entrySet()) {
                        for (int z = 0; z < d; z++) {
                            for (int y = 0; y < h; y++) {
                                float[] expected = new float[w];
                                System.arraycopy(wholeMaps.get(m.getKey())[z0 + z], x0 + s.width() * (y0 + y),
                                        expected, 0, w);
                                float[] got = new float[w];
                                System.arraycopy(m.getValue()[z], w * y, got, 0, w);
                                assertArrayEquals(expected, got, m.getKey() + " block " + x0 + "," + y0 + "," + z0);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(whole.counts().included(), included);
        assertTrue(differWithoutHalo > 0, "the halo matters: blocks mapped without it differ");
    }

    @Test
    void histogramsFromMergedCountsEqualTheWholeMapsHistograms() {
        EnergySeries s = PHANTOM.series();
        XanesMaps maps = new XanesMapper(1).map(s, XanesParameters.defaults(6549));
        Components c = ConnectedComponents.label(maps.mask(), s.width(), s.height(), Connectivity.TWENTY_SIX);
        double w = 0.25;
        List<EdgeHistogram> whole = XanesStatistics.histograms(maps.halfHeight(), c.labels(), c.count(), w);
        // count each label's values in two halves (slices below and above 6), then merge the anchored bins
        int checked = 0;
        for (EdgeHistogram h : whole) {
            if (h.voxels() == 0) {
                assertEquals(0, XanesStatistics.fromCounts(h.label(), w, 0, new long[0], Double.NaN, Double.NaN)
                        .voxels());
                continue;
            }
            checked++;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int z = 0; z < s.depth(); z++) {
                for (int i = 0; i < s.planeSize(); i++) {
                    float v = maps.halfHeight()[z][i];
                    if (c.labels()[z][i] == h.label() && Float.isFinite(v)) {
                        first = Math.min(first, XanesStatistics.binOf(v, w));
                        last = Math.max(last, XanesStatistics.binOf(v, w));
                    }
                }
            }
            long[][] halves = new long[2][(int) (last - first + 1)];
            for (int z = 0; z < s.depth(); z++) {
                for (int i = 0; i < s.planeSize(); i++) {
                    float v = maps.halfHeight()[z][i];
                    if (c.labels()[z][i] == h.label() && Float.isFinite(v)) {
                        halves[z < 6 ? 0 : 1][(int) (XanesStatistics.binOf(v, w) - first)]++;
                    }
                }
            }
            long[] merged = new long[halves[0].length];
            for (int b = 0; b < merged.length; b++) {
                merged[b] = halves[0][b] + halves[1][b];
            }
            EdgeHistogram m = XanesStatistics.fromCounts(h.label(), w, first, merged, h.meanEv(), h.sdEv());
            assertEquals(h.voxels(), m.voxels());
            assertEquals(h.firstBinEv(), m.firstBinEv(), 0);
            assertArrayEquals(h.counts(), m.counts());
            assertArrayEquals(h.density(), m.density(), 0);
            assertEquals(h.peakEv(), m.peakEv(), 0);
            assertEquals(h.fwhmEv(), m.fwhmEv(), 0);
        }
        assertTrue(checked >= 2, "particles with mapped voxels: " + checked);
    }
}
