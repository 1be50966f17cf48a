package org.fusionj.core.xanes;

import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;
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
 * Every voxel's computation is independent (the fitted max_derivative's second pass reads the first pass's
 * white-line widths about the voxel, fixed before it starts) and the counts are integers, so results are
 * bit-identical for any number of threads.
 */
public final class XanesMapper {

    /** Voxels copied to the cache-resident buffer at a time. */
    static final int TILE = 256;

    private final int threads;
    /** How max_derivative shares the white line's width between voxels (see {@link WidthSharing}). */
    private WidthSharing sharing = WidthSharing.DEFAULT;

    /**
     * The map's white-line width for the fitted max_derivative: the median of the voxels' free fits ({@code centreEv},
     * the Gaussian's SD in eV) and the SD of the prior pulling a voxel towards it ({@code priorSdEv}: the robust
     * spread, 1.4826 x MAD, of those widths). Each voxel's prior is local (the median and spread of the votes in a
     * window about it, {@link WidthField}); the map's width serves where the window has too few votes or the voxel is
     * an outlier in it. A distributed run merges the blocks' {@link #votingWidths votes} into the whole volume's value
     * ({@link #sharedWidth(List)}) and hands it, with the halo of first-pass widths about each block, to
     * {@link #mapBlock(EnergySeries, XanesParameters, byte[][], SharedWidth, WidthField, ProgressListener,
     * CancellationToken)}, so that the blocks tile the whole volume's max_derivative map bit for bit.
     */
    public record SharedWidth(double centreEv, double priorSdEv) {
    }

    /**
     * How the fitted {@code max_derivative} (the step's centre) shares the white line's width w between the voxels
     * of a map: a second fit per voxel with w held at (FIXED) or pulled towards (PRIOR, a Gaussian of SD
     * {@code priorSdEv} in units of the voxel's own noise, so noise-free spectra are not pulled) the median of the
     * first fits' widths. OFF: every voxel fits its own width.
     */
    record WidthSharing(int mode, double priorSdEv, int radius) {
        static final int OFF = 0;
        static final int FIXED = 1;
        static final int PRIOR = 2;
        /** PRIOR with its SD priorSdEv times the robust spread (1.4826 MAD) of the first fits' widths. */
        static final int PRIOR_SPREAD = 3;
        /**
         * PRIOR_SPREAD with centre and spread taken over the votes in a (2 radius + 1)^3 window about each voxel
         * ({@link WidthField}); the map's values where fewer than {@link #MIN_LOCAL_VOTES} vote there or where the
         * voxel's own free width is an {@link #OUTLIER} among them.
         */
        static final int LOCAL = 4;
        /** A study's oracle: w held at the value {@link #withWidthField} gives each voxel (its true width). */
        static final int ORACLE = 6;
        /**
         * The default, chosen in docs/xanes.md: the prior with the median and robust spread of the widths in a
         * 5 x 5 x 5 window about each voxel.
         */
        static final WidthSharing DEFAULT = new WidthSharing(LOCAL, 1, 2);
        /** The previous default: one median and spread per map. */
        static final WidthSharing PER_MAP = new WidthSharing(PRIOR_SPREAD, 1);
        static final WidthSharing NONE = new WidthSharing(OFF, 0);

        WidthSharing(int mode, double priorSdEv) {
            this(mode, priorSdEv, 0);
        }

        boolean local() {
            return mode == LOCAL;
        }
    }

    /**
     * A voxel whose own free width lies further than this many robust spreads from its window's median is an
     * outlier there (a voxel of another phase among its neighbours: a thin shell, a phase border): it takes the
     * map's width. (Not final: the study in WidthSharingStudyTest varies it.)
     */
    static double OUTLIER = 3;

    /** Fewest votes in a voxel's window for a local width (fewer: the map's width). */
    static final int MIN_LOCAL_VOTES = 5;

    /** For studies: the widths an ORACLE holds each voxel at (package-private). */
    private WidthField oracle;

    XanesMapper withWidthField(WidthField f) {
        this.oracle = f;
        return this;
    }

    /** For studies: how max_derivative shares the white-line width (package-private). */
    XanesMapper withWidthSharing(WidthSharing w) {
        this.sharing = w;
        return this;
    }

    /** @param threads worker threads (results do not depend on it) */
    public XanesMapper(int threads) {
        Require.atLeastOne("threads", threads);
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
     * {@link #map} computes it, so the blocks of a volume tile its maps bit for bit, except the fitted
     * max_derivative, whose white-line widths this overload estimates from the block's own voxels.
     *
     * @throws InvalidInputException when the parameters do not fit the series or the mask has the wrong size
     */
    public XanesMaps mapBlock(EnergySeries series, XanesParameters params, byte[][] mask, ProgressListener progress,
                              CancellationToken cancel) {
        return mapBlock(series, params, mask, null, progress, cancel);
    }

    /**
     * As {@link #mapBlock(EnergySeries, XanesParameters, byte[][], ProgressListener, CancellationToken)}, with the
     * white-line width max_derivative shares given (e.g. {@link XanesMaps#sharedWidth()} of a first run over the
     * whole volume, so that blocks tile it bit for bit); null estimates it from this block's voxels.
     */
    public XanesMaps mapBlock(EnergySeries series, XanesParameters params, byte[][] mask, SharedWidth given,
                              ProgressListener progress, CancellationToken cancel) {
        return mapBlock(series, params, mask, given, null, progress, cancel);
    }

    /**
     * As {@link #mapBlock(EnergySeries, XanesParameters, byte[][], SharedWidth, ProgressListener,
     * CancellationToken)}, with the first pass's {@link #votingWidthVolume votes} of the block and a halo of
     * {@link #widthRadius} voxels about it ({@link WidthField#halo}), read from the whole volume's first pass: the
     * local white-line widths then equal the whole volume's, and the blocks tile its max_derivative map bit for bit.
     * A null halo takes the block's own votes (windows at the block's faces see fewer voxels).
     */
    public XanesMaps mapBlock(EnergySeries series, XanesParameters params, byte[][] mask, SharedWidth given,
                              WidthField halo, ProgressListener progress, CancellationToken cancel) {
        return run(series, params, mask, given, halo, false, progress, cancel).maps();
    }

    /**
     * How far (voxels, on every side) the local white-line width of a voxel looks: the halo a block of a distributed
     * run needs from its neighbours' first pass; 0 when the maps of {@code params} share no width or share one per
     * map.
     */
    public int widthRadius(XanesParameters params) {
        return sharesWidth(params) && sharing.local() ? sharing.radius() : 0;
    }

    /**
     * Whether the maps of {@code params} share the white line's width between voxels (the fitted max_derivative):
     * then the blocks of a distributed run need the whole volume's {@link SharedWidth}.
     */
    public boolean sharesWidth(XanesParameters params) {
        return params.has(EdgeMethod.MAX_DERIVATIVE) && params.edgeEstimator() == EdgeEstimator.FIT
                && sharing.mode() != WidthSharing.OFF;
    }

    /**
     * The first fits' white-line widths of a block's voxels that vote for the shared width (no NaN; their order
     * does not matter), for a distributed run to merge over the blocks with {@link #sharedWidth(List)}; empty when
     * the maps share no width. Runs the first pass only.
     */
    public float[] votingWidths(EnergySeries series, XanesParameters params, byte[][] mask, ProgressListener progress,
                                CancellationToken cancel) {
        return votes(votingWidthVolume(series, params, mask, progress, cancel));
    }

    /**
     * The first fits' white-line widths of a block's voxels, {@code [z][x + y * width]}, NaN where a voxel does not
     * vote (all NaN when the maps share no width): what a distributed run keeps for its neighbours' halos
     * ({@link WidthField#halo}). Runs the first pass only.
     */
    public float[][] votingWidthVolume(EnergySeries series, XanesParameters params, byte[][] mask,
                                       ProgressListener progress, CancellationToken cancel) {
        return run(series, params, mask, null, null, true, progress, cancel).votes();
    }

    /** The width the voxels of every block share, from all blocks' {@link #votingWidths votes}: as {@link #map}. */
    public SharedWidth sharedWidth(List<float[]> votes) {
        double[] ms = sharedWidth(votes.toArray(float[][]::new));
        return new SharedWidth(ms[0], tau(ms));
    }

    private double tau(double[] ms) {
        return sharing.mode() == WidthSharing.PRIOR_SPREAD || sharing.local() ? sharing.priorSdEv() * ms[1]
                : sharing.priorSdEv();
    }

    /** The maps of a block, or after the first pass only its votes for the shared width. */
    private record Run(XanesMaps maps, float[][] votes) {
    }

    private Run run(EnergySeries series, XanesParameters params, byte[][] mask, SharedWidth given, WidthField halo,
                    boolean votesOnly, ProgressListener progress, CancellationToken cancel) {
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
        byte[][] limit = new byte[d][plane];
        boolean share = md != null && setup.est.fits() && sharing.mode() != WidthSharing.OFF;
        float[][] widths = share ? new float[d][plane] : null;
        float[][] noise = share ? new float[d][plane] : null;
        Outputs out = new Outputs(maskOut, jump, hh, hc, md, wle, wlh, frac, res, limit, widths, noise);

        List<long[]> partial;
        SharedWidth used = null;
        try (RowBlocks blocks = new RowBlocks(threads)) {
            ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(() -> new Scratch(setup, series.energyCount(), m));
            VolumeChunks chunks = new VolumeChunks(series.width(), series.height(), d);
            // with a second pass to come, the first reports the first half of the progress, the second the rest
            boolean twoPasses = share && !votesOnly;
            ProgressListener first = twoPasses ? (f, msg) -> progress.progress(0.5 * f, msg) : progress;
            partial = blocks.map(chunks, c -> processChunk(series, setup, mask, out, c, scratch.get()), first, cancel,
                    "XANES maps");
            if (votesOnly) {
                if (share) {
                    return new Run(null, widths);
                }
                float[][] none = new float[d][plane];
                for (float[] p : none) {
                    java.util.Arrays.fill(p, Float.NaN);
                }
                return new Run(null, none);
            }
            if (share) {
                double shared;
                double tau;
                if (given != null) {
                    shared = given.centreEv();
                    tau = given.priorSdEv();
                } else {
                    double[] ms = sharedWidth(widths);
                    shared = ms[0];
                    tau = tau(ms);
                }
                if (Double.isFinite(shared) && (sharing.mode() == WidthSharing.FIXED || tau > 0)) {
                    used = new SharedWidth(shared, tau);
                    WidthField field = !sharing.local() ? null : halo != null ? halo
                            : new WidthField(widths, series.width(), series.height(), 0, 0, 0);
                    blocks.map(chunks, c -> refitShared(series, setup, mask, out, c, scratch.get(), shared, tau,
                            field),
                            (f, msg) -> progress.progress(0.5 + 0.5 * f, msg), cancel,
                            "XANES maps, shared white-line width");
                } else {
                    progress.progress(1, "XANES maps");
                }
            }
        }
        long ext = 0;
        long nonFinite = 0;
        long below = 0;
        long atLimit = 0;
        for (long[] p : partial) {
            ext += p[0];
            nonFinite += p[1];
            below += p[2];
            atLimit += p[3];
        }
        if (share) {
            // the second pass may have moved max_derivative onto or off the window limit: count the flags again
            atLimit = 0;
            for (byte[] l : limit) {
                for (int i = 0; i < l.length; i++) {
                    if (l[i] != 0) {
                        l[i] = 1;
                        atLimit++;
                    }
                }
            }
        }
        long voxels = series.voxelCount();
        MaskCounts counts = new MaskCounts(voxels, ext, nonFinite, below, voxels - ext - nonFinite - below, atLimit);
        List<String> names = setup.lcf == null ? List.of() : setup.lcf.names();
        return new Run(new XanesMaps(series.width(), series.height(), d, maskOut, jump, hh, hc, md, wle, wlh, names,
                frac, res, counts, limit, used), null);
    }

    /** The widths that vote (not NaN), in voxel order: a block's votes for {@link #sharedWidth(List)}. */
    public static float[] votes(float[][] widths) {
        int count = 0;
        for (float[] w : widths) {
            for (float x : w) {
                count += Float.isNaN(x) ? 0 : 1;
            }
        }
        float[] v = new float[count];
        int k = 0;
        for (float[] w : widths) {
            for (float x : w) {
                if (!Float.isNaN(x)) {
                    v[k++] = x;
                }
            }
        }
        return v;
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

    /**
     * The output volumes (null when not requested); with a shared white-line width also the first fits' widths
     * (NaN where a voxel does not vote) and the free fits' residual variances (NaN where pass 1 did not fit: pass 2
     * refits only the others), and limit holds bits (1: a definition other than
     * max_derivative at its window limit, 2: max_derivative) until the second pass is done.
     */
    private record Outputs(byte[][] mask, float[][] jump, float[][] hh, float[][] hc, float[][] md, float[][] wle,
                           float[][] wlh, float[][][] frac, float[][] res, byte[][] limit, float[][] widths,
                           float[][] noise) {
    }

    /** Smallest fitted white-line height (normalised units) whose width votes for the shared width. */
    static final double MIN_VOTING_PEAK = 0.05;

    /**
     * The median of the first fits' white-line widths over the voxels that vote (fitted, white line of at least
     * {@value #MIN_VOTING_PEAK}, width inside its bounds, step centre not at the window limit); NaN when none does.
     * The median of a fixed set: the same for any thread count.
     */
    static double[] sharedWidth(float[][] widths) {
        float[] all = votes(widths);
        int count = all.length;
        if (count == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        java.util.Arrays.sort(all);
        double median = median(all);
        float[] dev = new float[count];
        for (int i = 0; i < count; i++) {
            dev[i] = (float) Math.abs(all[i] - median);
        }
        java.util.Arrays.sort(dev);
        return new double[] {median, 1.4826 * median(dev)};
    }

    private static double median(float[] sorted) {
        int count = sorted.length;
        return count % 2 == 1 ? sorted[count / 2] : 0.5 * ((double) sorted[count / 2 - 1] + sorted[count / 2]);
    }

    /** The second pass: max_derivative of every fitted voxel of the chunk again, the white line's width shared. */
    private Void refitShared(EnergySeries series, Setup s, byte[][] mask, Outputs out, VolumeChunks.Chunk chunk,
                             Scratch sc, double width, double tau, WidthField field) {
        int z = chunk.z();
        int r = sharing.radius();
        float[] window = field == null ? null : new float[(2 * r + 1) * (2 * r + 1) * (2 * r + 1)];
        double[] ms = new double[2];
        int nx = series.width();
        byte[] maskIn = mask == null ? null : mask[z];
        float[] md = out.md[z];
        float[] noise = out.noise[z];
        byte[] limit = out.limit[z];
        XanesNormalisation.Tile tile = sc.tile;
        double[] v = sc.norm;
        EdgeEstimators est = s.est;
        double tau2 = tau * tau;
        for (int start = chunk.start(); start < chunk.end(); start += TILE) {
            int count = Math.min(TILE, chunk.end() - start);
            tile.run(series.planes(), z, start, count, maskIn, start);
            for (int k = 0; k < count; k++) {
                int i = start + k;
                if (tile.status[k] != XanesNormalisation.OK || Float.isNaN(noise[i])) {
                    continue;
                }
                tile.gather(k, v);
                // the free fit again (bit-identical to the first pass's), then the refit from its solution
                EdgeModel fm = sc.model;
                if (!est.fit(v, fm)) {
                    continue;
                }
                int dof = fm.sampleCount() - EdgeModel.PARAMETERS;
                double centre = width;
                double t2 = tau2;
                if (field != null && field.local(i % nx, i / nx, z, r, MIN_LOCAL_VOTES, window, ms)
                        && !(Math.abs(fm.peakWidth() - ms[0]) > OUTLIER * ms[1])) {
                    centre = ms[0];
                    double t = sharing.priorSdEv() * ms[1];
                    t2 = t > 0 ? t * t : tau2;
                }
                if (sharing.mode() == WidthSharing.ORACLE) {
                    centre = oracle.votes()[z][i];
                    t2 = 0;
                }
                double weight = sharing.mode() == WidthSharing.FIXED || t2 == 0 ? Double.POSITIVE_INFINITY
                        : fm.residualSumOfSquares() / dof / t2;
                if (!(weight > 0) || !fm.refit(centre, weight)) {
                    continue;
                }
                double x = est.fittedMaxDerivative(sc.model);
                boolean at = est.atEdgeLimit(x);
                md[i] = at ? Float.NaN : (float) x;
                limit[i] = (byte) ((limit[i] & 1) | (at ? 2 : 0));
            }
        }
        return null;
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
        final EdgeModel model;

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
            model = s.est.fits() ? new EdgeModel(energies) : null;
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
        byte[] limit = out.limit[z];
        int m = out.frac == null ? 0 : out.frac.length;
        float[][] frac = new float[m][];
        for (int r = 0; r < m; r++) {
            frac[r] = out.frac[r][z];
        }
        long ext = 0;
        long nonFinite = 0;
        long below = 0;
        long atLimit = 0;
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
                    if (out.widths != null) {
                        // a masked voxel does not vote (the arrays start at 0, which would count as a width)
                        out.widths[z][i] = nan;
                        out.noise[z][i] = nan;
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
                boolean flagged = false;
                EdgeEstimators est = s.est;
                boolean fitted = est.fits() && est.fit(v, sc.model);
                boolean otherFlag = false;
                if (hh != null || hc != null) {
                    int j = est.halfHeightBracket(v);
                    if (hh != null) {
                        double x = est.fits() ? (fitted ? est.fittedHalfHeight(sc.model) : Double.NaN)
                                : j < 0 ? Double.NaN : est.halfHeightLinear(v, j);
                        boolean at = est.atEdgeLimit(x);
                        flagged |= at;
                        hh[i] = at ? Float.NaN : (float) x;
                    }
                    if (hc != null) {
                        double x = j < 0 ? Double.NaN : est.halfHeightCubic(v, j);
                        boolean at = est.atEdgeLimit(x);
                        flagged |= at;
                        hc[i] = at ? Float.NaN : (float) x;
                    }
                }
                boolean mdFlag = false;
                if (md != null) {
                    otherFlag = flagged;
                    double x = est.fits() ? (fitted ? est.fittedMaxDerivative(sc.model) : Double.NaN)
                            : est.maxDerivative(v);
                    boolean at = est.atEdgeLimit(x);
                    mdFlag = at;
                    flagged |= at;
                    md[i] = at ? Float.NaN : (float) x;
                }
                if (out.widths != null) {
                    EdgeModel fm = sc.model;
                    boolean votes = fitted && !mdFlag && fm.peakHeight() >= MIN_VOTING_PEAK
                            && fm.peakWidth() > EdgeModel.MIN_PEAK_WIDTH && fm.peakWidth() < EdgeModel.MAX_PEAK_WIDTH;
                    out.widths[z][i] = votes ? (float) fm.peakWidth() : Float.NaN;
                    int dof = fm.sampleCount() - EdgeModel.PARAMETERS;
                    out.noise[z][i] = fitted && dof > 0 ? (float) (fm.residualSumOfSquares() / dof) : Float.NaN;
                }
                if (wle != null) {
                    if (est.fits()) {
                        if (fitted) {
                            est.fittedWhiteLine(sc.model, sc.pair);
                        } else {
                            sc.pair[0] = Double.NaN;
                            sc.pair[1] = Double.NaN;
                        }
                    } else {
                        est.whiteLine(v, sc.pair);
                    }
                    boolean at = est.atWhiteLineLimit(sc.pair[0]);
                    flagged |= at;
                    otherFlag |= at;
                    wle[i] = at ? Float.NaN : (float) sc.pair[0];
                    wlh[i] = at ? Float.NaN : (float) sc.pair[1];
                }
                if (flagged) {
                    limit[i] = out.widths == null ? 1 : (byte) ((otherFlag ? 1 : 0) | (mdFlag ? 2 : 0));
                    atLimit++;
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
        return new long[] {ext, nonFinite, below, atLimit};
    }
}
