package org.fusionj.core.xanes;

import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.parallel.VolumeChunks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;

/**
 * The XANES chemical-mapping kernel: normalises every voxel's spectrum, masks voxels without a clear edge, and
 * computes the requested edge-energy maps and linear-combination fractions, in one pass over the data.
 *
 * <p>Per voxel: the spectrum is fitted as in {@link XanesNormalisation}; the voxel is masked when it lies outside
 * the caller's mask, when any of its values is NaN or infinite (masked and counted, not an error: reconstructions
 * mark voxels outside the field of view that way), or when its edge jump is not positive or below
 * {@code k x pre-edge noise}. Included voxels are normalised over the energies the estimators read, then each
 * requested {@link EdgeMethod} and the LCF run on the normalised values. Masked voxels get NaN in every map.
 *
 * <p>Work is split into fixed voxel chunks ({@link VolumeChunks}); each chunk is processed 256 voxels at a time,
 * energy by energy, so the fits are loops over contiguous voxels that the JIT vectorises, the input is read once,
 * in order, and the normalised values live in a small per-thread buffer that stays in cache. No whole-volume
 * intermediate is ever allocated: memory is the input (referenced) plus the requested output volumes.
 * Every voxel's computation is independent and the counts are integers, so results are bit-identical for any
 * number of threads.
 */
public final class XanesMapper {

    /** Voxels copied to the cache-resident buffer at a time. */
    static final int TILE = 256;

    private final int threads;

    /** @param threads worker threads (results do not depend on it) */
    public XanesMapper(int threads) {
        if (threads < 1) {
            throw new InvalidInputException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    /** Maps the whole series, no external mask, no progress, not cancellable. */
    public XanesMaps map(EnergySeries series, XanesParameters params) {
        return map(series, params, null, ProgressListener.NONE, CancellationToken.NEVER);
    }

    /**
     * Computes the maps.
     *
     * @param mask     optional external mask {@code [z][x + y * width]}, nonzero = include (e.g. an ImageJ binary
     *                 stack's byte pixels, or the Otsu mask of the registration); null includes every voxel
     * @param progress hears after every chunk
     * @param cancel   checked before every chunk
     * @throws InvalidInputException when the parameters do not fit the series (see {@link XanesNormalisation},
     *                               {@link LinearCombinationFit}), the mask has the wrong size, or every voxel ends
     *                               up masked
     * @throws org.fusionj.core.progress.CancelledException when {@code cancel} fires
     */
    public XanesMaps map(EnergySeries series, XanesParameters params, byte[][] mask, ProgressListener progress,
                         CancellationToken cancel) {
        XanesMaps maps = mapBlock(series, params, mask, progress, cancel);
        if (maps.counts().included() == 0) {
            throw new InvalidInputException(allMaskedMessage(maps.counts(), params));
        }
        return maps;
    }

    /**
     * The maps of one block of a larger volume (a task of a distributed run): as {@link #map}, but a block where
     * every voxel is masked (air around the specimen, a block outside the mask) is a normal answer, all NaN, with
     * its {@link MaskCounts}; the caller adds the blocks' counts and decides. Every voxel is computed as
     * {@link #map} computes it, so the blocks of a volume tile its maps bit for bit.
     *
     * @throws InvalidInputException when the parameters do not fit the series or the mask has the wrong size
     */
    public XanesMaps mapBlock(EnergySeries series, XanesParameters params, byte[][] mask, ProgressListener progress,
                              CancellationToken cancel) {
        if (series == null || params == null) {
            throw new InvalidInputException("a series and parameters are required");
        }
        checkMask(mask, series);
        Setup setup = new Setup(series, params);
        int d = series.depth();
        int plane = series.planeSize();
        byte[][] maskOut = new byte[d][plane];
        float[][] jump = params.edgeJumpMap() ? new float[d][plane] : null;
        float[][] hh = params.has(EdgeMethod.HALF_HEIGHT) ? new float[d][plane] : null;
        float[][] hc = params.has(EdgeMethod.HALF_HEIGHT_CUBIC) ? new float[d][plane] : null;
        float[][] md = params.has(EdgeMethod.MAX_DERIVATIVE) ? new float[d][plane] : null;
        float[][] wle = params.has(EdgeMethod.WHITE_LINE) ? new float[d][plane] : null;
        float[][] wlh = params.has(EdgeMethod.WHITE_LINE) ? new float[d][plane] : null;
        int m = setup.lcf == null ? 0 : setup.lcf.referenceCount();
        float[][][] frac = setup.lcf == null ? null : new float[m][d][plane];
        float[][] res = setup.lcf == null ? null : new float[d][plane];
        Outputs out = new Outputs(maskOut, jump, hh, hc, md, wle, wlh, frac, res);

        List<long[]> partial;
        try (RowBlocks blocks = new RowBlocks(threads)) {
            ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(() -> new Scratch(setup, series.energyCount(), m));
            VolumeChunks chunks = new VolumeChunks(series.width(), series.height(), d);
            partial = blocks.map(chunks, c -> processChunk(series, setup, mask, out, c, scratch.get()), progress, cancel,
                    "XANES maps");
        }
        long ext = 0;
        long nonFinite = 0;
        long below = 0;
        for (long[] p : partial) {
            ext += p[0];
            nonFinite += p[1];
            below += p[2];
        }
        long voxels = series.voxelCount();
        MaskCounts counts = new MaskCounts(voxels, ext, nonFinite, below, voxels - ext - nonFinite - below);
        List<String> names = setup.lcf == null ? List.of() : setup.lcf.names();
        return new XanesMaps(series.width(), series.height(), d, maskOut, jump, hh, hc, md, wle, wlh, names, frac,
                res, counts);
    }

    /** The message for a run where every voxel ended up masked (public for callers that add up blocks). */
    public static String allMaskedMessage(MaskCounts c, XanesParameters p) {
        StringBuilder s = new StringBuilder("all ").append(c.voxels()).append(" voxels are masked");
        if (c.externalMasked() == c.voxels()) {
            return s.append(": the mask excludes every voxel (check the mask image)").toString();
        }
        if (c.nonFinite() == c.voxels()) {
            return s.append(": every voxel has NaN or infinite values at some energy").toString();
        }
        s.append(" (").append(c.externalMasked()).append(" outside the mask, ").append(c.nonFinite())
                .append(" with NaN or infinite values, ").append(c.belowNoise())
                .append(" with edge jump below k x pre-edge noise)");
        if (c.belowNoise() == 0) {
            return s.append(": check the mask image and the NaN voxels").toString();
        }
        s.append(": edge jump below k x noise everywhere; lower k (jump_threshold = ")
                .append(EnergySeries.fmt(p.jumpThreshold())).append(") or check the edge energy (e0 = ")
                .append(EnergySeries.fmt(p.e0Ev())).append(" eV) and the pre-edge (")
                .append(p.preEdge().describe(p.e0Ev())).append(") and post-edge (")
                .append(p.postEdge().describe(p.e0Ev())).append(") windows");
        return s.toString();
    }

    static void checkMask(byte[][] mask, EnergySeries series) {
        if (mask == null) {
            return;
        }
        if (mask.length != series.depth()) {
            throw new InvalidInputException("the mask has " + mask.length + " slices, the series " + series.depth());
        }
        for (int z = 0; z < mask.length; z++) {
            if (mask[z] == null || mask[z].length != series.planeSize()) {
                throw new InvalidInputException("slice " + (z + 1) + " of the mask has "
                        + (mask[z] == null ? "no" : Integer.toString(mask[z].length)) + " values, expected "
                        + series.width() + " x " + series.height() + " = " + series.planeSize());
            }
        }
    }

    /** Everything that depends only on the energies and parameters. */
    static final class Setup {
        final XanesNormalisation norm;
        final EdgeEstimators est;
        final LinearCombinationFit lcf;
        final int from;
        final int to;

        Setup(EnergySeries series, XanesParameters params) {
            double[] energies = series.energiesEv();
            norm = XanesNormalisation.of(energies, params);
            est = new EdgeEstimators(energies, params);
            lcf = params.lcf() == null ? null : LinearCombinationFit.prepare(energies, norm, params);
            int f = est.needFrom();
            int t = est.needTo();
            if (lcf != null) {
                if (t <= f) {
                    f = lcf.fitFrom();
                    t = lcf.fitTo();
                } else {
                    f = Math.min(f, lcf.fitFrom());
                    t = Math.max(t, lcf.fitTo());
                }
            }
            from = f;
            to = t;
        }
    }

    /** The output volumes (null when not requested). */
    private record Outputs(byte[][] mask, float[][] jump, float[][] hh, float[][] hc, float[][] md, float[][] wle,
                           float[][] wlh, float[][][] frac, float[][] res) {
    }

    /** Per-thread buffers. */
    private static final class Scratch {
        final XanesNormalisation.Tile tile;
        final double[] norm;
        final double[] pair = new double[2];
        final double[] fractions;
        final double[] lcfScratch;
        /** Per voxel of the tile: {@code A^T y} ([reference * TILE + k]) and {@code y . y} over the LCF window. */
        final double[] lcfB;
        final double[] lcfYy;
        final double[] lcfC;
        final int[] lcfWin;
        final double[] lcfBest;

        Scratch(Setup s, int energies, int references) {
            tile = s.norm.tile(TILE, s.from, s.to);
            norm = new double[energies];
            fractions = new double[Math.max(1, references)];
            lcfScratch = new double[Math.max(2, 2 * references)];
            lcfB = new double[references * TILE];
            lcfYy = new double[references == 0 ? 0 : TILE];
            lcfC = new double[references == 0 ? 0 : 4 * TILE];
            lcfWin = new int[references == 0 ? 0 : TILE];
            lcfBest = new double[references == 0 ? 0 : TILE];
        }
    }

    /**
     * {@code A^T y} and {@code y . y} of every voxel of the tile over the LCF window, energy by energy over
     * contiguous voxels (vectorised; the same summation order as {@link LinearCombinationFit#fit}).
     */
    private static void lcfNormalEquations(LinearCombinationFit lcf, XanesNormalisation.Tile tile, int count,
                                           Scratch sc) {
        int m = lcf.referenceCount();
        double[] b = sc.lcfB;
        double[] yy = sc.lcfYy;
        java.util.Arrays.fill(b, 0);
        java.util.Arrays.fill(yy, 0, count, 0);
        double[] nb = tile.normalised;
        for (int e = lcf.fitFrom(); e < lcf.fitTo(); e++) {
            int base = (e - tile.from) * TILE;
            for (int k = 0; k < count; k++) {
                double v = nb[base + k];
                yy[k] += v * v;
            }
            for (int r = 0; r < m; r++) {
                double w = lcf.row(r)[e - lcf.fitFrom()];
                int o = r * TILE;
                for (int k = 0; k < count; k++) {
                    b[o + k] += w * nb[base + k];
                }
            }
        }
    }

    private static long[] processChunk(EnergySeries series, Setup s, byte[][] mask, Outputs out,
                                       VolumeChunks.Chunk chunk, Scratch sc) {
        int z = chunk.z();
        byte[] maskIn = mask == null ? null : mask[z];
        byte[] maskOut = out.mask[z];
        float[] jump = out.jump == null ? null : out.jump[z];
        float[] hh = out.hh == null ? null : out.hh[z];
        float[] hc = out.hc == null ? null : out.hc[z];
        float[] md = out.md == null ? null : out.md[z];
        float[] wle = out.wle == null ? null : out.wle[z];
        float[] wlh = out.wlh == null ? null : out.wlh[z];
        float[] res = out.res == null ? null : out.res[z];
        int m = out.frac == null ? 0 : out.frac.length;
        float[][] frac = new float[m][];
        for (int r = 0; r < m; r++) {
            frac[r] = out.frac[r][z];
        }
        long ext = 0;
        long nonFinite = 0;
        long below = 0;
        XanesNormalisation.Tile tile = sc.tile;
        float[][][] planes = series.planes();
        double[] v = sc.norm;
        boolean edges = hh != null || hc != null || md != null || wle != null;
        for (int start = chunk.start(); start < chunk.end(); start += TILE) {
            int count = Math.min(TILE, chunk.end() - start);
            int ok = tile.run(planes, z, start, count, maskIn, start);
            if (m > 0 && ok > 0) {
                lcfNormalEquations(s.lcf, tile, count, sc);
                s.lcf.solveTile(sc.lcfB, sc.lcfYy, count, TILE, sc.lcfC, sc.lcfWin, sc.lcfBest);
            }
            for (int k = 0; k < count; k++) {
                int i = start + k;
                int status = tile.status[k];
                if (status != XanesNormalisation.OK) {
                    if (status == XanesNormalisation.EXCLUDED) {
                        ext++;
                    } else if (status == XanesNormalisation.NON_FINITE) {
                        nonFinite++;
                    } else {
                        below++;
                    }
                    float nan = Float.NaN;
                    if (jump != null) {
                        jump[i] = nan;
                    }
                    if (hh != null) {
                        hh[i] = nan;
                    }
                    if (hc != null) {
                        hc[i] = nan;
                    }
                    if (md != null) {
                        md[i] = nan;
                    }
                    if (wle != null) {
                        wle[i] = nan;
                        wlh[i] = nan;
                    }
                    for (int r = 0; r < m; r++) {
                        frac[r][i] = nan;
                    }
                    if (res != null) {
                        res[i] = nan;
                    }
                    continue;
                }
                maskOut[i] = 1;
                if (jump != null) {
                    jump[i] = (float) tile.jump[k];
                }
                if (edges) {
                    tile.gather(k, v);
                }
                if (hh != null || hc != null) {
                    int j = s.est.halfHeightBracket(v);
                    if (hh != null) {
                        hh[i] = j < 0 ? Float.NaN : (float) s.est.halfHeightLinear(v, j);
                    }
                    if (hc != null) {
                        hc[i] = j < 0 ? Float.NaN : (float) s.est.halfHeightCubic(v, j);
                    }
                }
                if (md != null) {
                    md[i] = (float) s.est.maxDerivative(v);
                }
                if (wle != null) {
                    s.est.whiteLine(v, sc.pair);
                    wle[i] = (float) sc.pair[0];
                    wlh[i] = (float) sc.pair[1];
                }
                if (m > 0) {
                    s.lcf.fractionsOf(sc.lcfC, sc.lcfWin, TILE, k, sc.fractions);
                    for (int r = 0; r < m; r++) {
                        frac[r][i] = (float) sc.fractions[r];
                    }
                    res[i] = (float) s.lcf.rms(sc.lcfBest[k]);
                }
            }
        }
        return new long[] {ext, nonFinite, below};
    }
}
