package org.fusionj.core.xanes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.parallel.VolumeChunks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;

/**
 * Mean +- SD normalised spectra of labelled particles or of a voxel mask (the front-ends turn ImageJ ROIs into
 * masks). Each voxel is normalised as in {@link XanesMapper}; voxels failing its mask test are left out and
 * counted. Parallel over the fixed chunks of {@link VolumeChunks}: each chunk sums its voxels in scan order, and the
 * chunk sums are added in chunk order, so the result is bit-identical for any number of threads.
 */
public final class RegionSpectra {

    private final int threads;

    /** @param threads worker threads (results do not depend on it) */
    public RegionSpectra(int threads) {
        Require.atLeastOne("threads", threads);
        this.threads = threads;
    }

    /**
     * One spectrum per label 1..labelCount, in order.
     *
     * @param labels {@code [z][x + y * width]}, 0 = background (e.g. {@code Components.labels()})
     */
    public List<RegionSpectrum> ofLabels(EnergySeries series, XanesParameters params, int[][] labels,
                                         int labelCount, ProgressListener progress, CancellationToken cancel) {
        if (labels == null || labels.length != series.depth()) {
            throw new InvalidInputException("the label volume has " + (labels == null ? 0 : labels.length)
                    + " slices, the series " + series.depth());
        }
        for (int z = 0; z < labels.length; z++) {
            if (labels[z] == null || labels[z].length != series.planeSize()) {
                throw new InvalidInputException("slice " + (z + 1) + " of the labels has the wrong size (expected "
                        + series.width() + " x " + series.height() + ")");
            }
        }
        if (labelCount < 0) {
            throw new InvalidInputException("label count must be >= 0, got " + labelCount);
        }
        return run(series, params, (z, i) -> labels[z][i], labelCount, progress, cancel);
    }

    /** The spectrum of the voxels where {@code mask} is nonzero (label 0 in the result). */
    public RegionSpectrum ofMask(EnergySeries series, XanesParameters params, byte[][] mask,
                                 ProgressListener progress, CancellationToken cancel) {
        if (mask == null) {
            throw new InvalidInputException("no mask given");
        }
        XanesMapper.checkMask(mask, series);
        return run(series, params, (z, i) -> mask[z][i] != 0 ? 1 : 0, 1, progress, cancel).get(0)
                .withLabel(0);
    }

    @FunctionalInterface
    private interface LabelOf {
        int at(int z, int i);
    }

    /** Sums of one label within one chunk. */
    private static final class Sums {
        final double[] sum;
        final double[] sumSq;
        long n;
        long excluded;

        Sums(int energies) {
            sum = new double[energies];
            sumSq = new double[energies];
        }
    }

    private List<RegionSpectrum> run(EnergySeries series, XanesParameters params, LabelOf labelOf, int labelCount,
                                     ProgressListener progress, CancellationToken cancel) {
        XanesNormalisation norm = XanesNormalisation.of(series.energiesEv(), params);
        int n = series.energyCount();
        List<Map<Integer, Sums>> partial;
        try (RowBlocks blocks = new RowBlocks(threads)) {
            VolumeChunks chunks = new VolumeChunks(series.width(), series.height(), series.depth());
            ThreadLocal<XanesNormalisation.Tile> tiles = ThreadLocal.withInitial(() -> norm.tile(XanesMapper.TILE,
                    0, n));
            partial = blocks.map(chunks, c -> {
                Map<Integer, Sums> sums = new HashMap<>();
                XanesNormalisation.Tile tile = tiles.get();
                double[] v = new double[n];
                int[] lab = new int[XanesMapper.TILE];
                byte[] inRegion = new byte[XanesMapper.TILE];
                int lastLabel = -1;
                Sums last = null;
                for (int start = c.start(); start < c.end(); start += XanesMapper.TILE) {
                    int count = Math.min(XanesMapper.TILE, c.end() - start);
                    boolean any = false;
                    for (int k = 0; k < count; k++) {
                        int l = labelOf.at(c.z(), start + k);
                        if (l > labelCount) {
                            throw new InvalidInputException("label " + l + " found, but the label count is "
                                    + labelCount);
                        }
                        lab[k] = l;
                        inRegion[k] = (byte) (l > 0 ? 1 : 0);
                        any |= l > 0;
                    }
                    if (!any) {
                        continue;
                    }
                    tile.run(series.planes(), c.z(), start, count, inRegion, 0);
                    for (int k = 0; k < count; k++) {
                        if (lab[k] <= 0) {
                            continue;
                        }
                        if (lab[k] != lastLabel) {
                            last = sums.computeIfAbsent(lab[k], key -> new Sums(n));
                            lastLabel = lab[k];
                        }
                        if (tile.status[k] != XanesNormalisation.OK) {
                            last.excluded++;
                            continue;
                        }
                        tile.gather(k, v);
                        for (int e = 0; e < n; e++) {
                            last.sum[e] += v[e];
                            last.sumSq[e] += v[e] * v[e];
                        }
                        last.n++;
                    }
                }
                return sums;
            }, progress, cancel, "region spectra");
        }
        Sums[] total = new Sums[labelCount + 1];
        for (int l = 1; l <= labelCount; l++) {
            total[l] = new Sums(n);
        }
        for (Map<Integer, Sums> chunk : partial) {
            for (Map.Entry<Integer, Sums> entry : chunk.entrySet()) {
                Sums t = total[entry.getKey()];
                Sums s = entry.getValue();
                for (int e = 0; e < n; e++) {
                    t.sum[e] += s.sum[e];
                    t.sumSq[e] += s.sumSq[e];
                }
                t.n += s.n;
                t.excluded += s.excluded;
            }
        }
        List<RegionSpectrum> out = new ArrayList<>(labelCount);
        double[] energies = series.energiesEv().clone();
        for (int l = 1; l <= labelCount; l++) {
            Sums t = total[l];
            double[] mean = new double[n];
            double[] sd = new double[n];
            for (int e = 0; e < n; e++) {
                mean[e] = t.n == 0 ? Double.NaN : t.sum[e] / t.n;
                sd[e] = t.n < 2 ? Double.NaN
                        : Math.sqrt(Math.max(0, (t.sumSq[e] - t.sum[e] * t.sum[e] / t.n) / (t.n - 1)));
            }
            out.add(new RegionSpectrum(l, t.n, t.excluded, energies, mean, sd));
        }
        return out;
    }
}
