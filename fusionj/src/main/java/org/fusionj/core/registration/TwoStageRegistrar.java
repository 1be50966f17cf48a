package org.fusionj.core.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;

/**
 * Registers one energy of a series that need not fit in memory, on its own (no neighbour's result), as one task of
 * a distributed run does:
 * <ol>
 * <li><b>coarse</b>: the moving volume is block-averaged f times while it is read ({@link Downsampling}) and
 * registered with {@link PairRegistrar} (the pyramid on the small copy) to the fixed volume's f-times copy;</li>
 * <li><b>refinement</b> (f &gt; 1): the coarse transform, carried to full resolution, starts a registration of a
 * full-resolution crop of the fixed volume (the box of its mask, at most {@code refineBox} voxels a side, around
 * the mask's centre) against the moving voxels that crop maps to, on the {@code refineLevels} finest levels. The
 * refined transform is kept when it lowers the crop's binarised MSE.</li>
 * </ol>
 * A coarse result alone is off by about a voxel at full resolution (the downsampled masks blur each surface over
 * f voxels); the refinement brings it under 0.1 voxel on the test phantoms. With f = 1 there is no refinement and
 * the result is exactly {@code PairRegistrar.register(fixed, moving, null)}, per-particle mode included.
 *
 * <p><b>Per-particle mode</b> with f &gt; 1: the particles are the components of the fixed volume's coarse mask
 * ({@link #particleRegions}: min_voxels / f^3 coarse voxels, dilated by ceil(dilation / f)), found once for every
 * energy. After the global refinement, each particle is fitted at full resolution as {@link PairRegistrar} fits it
 * (its own transform on levels 2, 1, 0, inside its region, from the global answer), on a crop around the
 * particle (at most {@code refineBox} a side) whose Otsu masks are the crop's own; a particle whose fit raises the
 * crop's binarised MSE keeps the global transform. Regions are f-voxel blocks at full resolution.
 */
public final class TwoStageRegistrar {

    /**
     * @param downsample   f, the block-averaging factor of the coarse stage (1 = full resolution, no refinement)
     * @param refineBox    largest side, in voxels, of the full-resolution crop the refinement registers
     * @param refineLevels pyramid levels of the refinement (1 = full resolution only)
     */
    public record Settings(int downsample, int refineBox, int refineLevels) {
        public Settings {
            if (downsample < 1 || downsample > 64) {
                throw new InvalidInputException("downsample must be between 1 and 64, got " + downsample);
            }
            if (refineBox < 16) {
                throw new InvalidInputException("refine_box must be at least 16 voxels, got " + refineBox);
            }
            if (refineLevels < 1 || refineLevels > RegistrationParameters.MAX_LEVELS) {
                throw new InvalidInputException("refine_levels must be between 1 and "
                        + RegistrationParameters.MAX_LEVELS + ", got " + refineLevels);
            }
        }

        public static Settings defaults() {
            return new Settings(4, 256, 2);
        }
    }

    /**
     * @param transform    fixed full-resolution voxel -> moving full-resolution voxel
     * @param coarse       the coarse stage's answer, carried to full resolution
     * @param coarseResult the coarse stage on the downsampled grids (quality figures there)
     * @param refineBefore binarised quality of the refinement crop at the coarse answer (null without refinement)
     * @param refineAfter  the same with the final transform (null without refinement)
     * @param fixedCrop    the refinement's fixed-volume crop (null without refinement)
     * @param iterations   Gauss-Newton iterations of both stages
     * @param keptCoarse   the refinement did not lower the crop's MSE, so the coarse answer was kept
     * @param particles    per-particle mode: one transform per region of {@link #particleRegions} (in region
     *                     order); empty otherwise
     */
    public record Result(AffineTransform3D transform, AffineTransform3D coarse, PairResult coarseResult,
            RegistrationQuality refineBefore, RegistrationQuality refineAfter, Box3D fixedCrop, int iterations,
            boolean keptCoarse, List<PairResult.ParticleTransform> particles) {
    }

    private final RegistrationParameters params;
    private final Settings settings;
    private final RowBlocks blocks;
    private final CancellationToken cancel;
    private final ConcurrentMap<String, PreparedVolume> fixedCrops;

    public TwoStageRegistrar(RegistrationParameters params, Settings settings, RowBlocks blocks,
            CancellationToken cancel) {
        this(params, settings, blocks, cancel, null);
    }

    private TwoStageRegistrar(RegistrationParameters params, Settings settings, RowBlocks blocks,
            CancellationToken cancel, ConcurrentMap<String, PreparedVolume> fixedCrops) {
        this.params = params;
        this.settings = settings;
        this.blocks = blocks;
        this.cancel = cancel;
        this.fixedCrops = fixedCrops;
    }

    /**
     * The same registrar keeping the fixed volume's prepared refinement crops in {@code cache} (by box and
     * levels): they are the same for every energy, so the tasks of one machine prepare each once. Preparing is
     * deterministic, so sharing changes no result.
     */
    public TwoStageRegistrar sharingFixedCrops(ConcurrentMap<String, PreparedVolume> cache) {
        return new TwoStageRegistrar(params, settings, blocks, cancel, cache);
    }

    public Settings settings() {
        return settings;
    }

    /** The coarse stage's parameters for grids of this size: as many of the levels as fit. */
    public RegistrationParameters coarseParameters(int nx, int ny, int nz) {
        // with f > 1 the particles are fitted at full resolution after the refinement, not on the coarse grid
        return params.toBuilder().levels(levelsThatFit(nx, ny, nz, params.levels()))
                .perParticle(params.perParticle() && settings.downsample() == 1).build();
    }

    /**
     * Per-particle mode: the fixed volume's particle regions on its coarse grid (the regions {@link PairRegistrar}
     * finds when f = 1). The same for every energy: find them once and pass them to every {@link #register}.
     */
    public ParticleRegionGrid particleRegions(PreparedVolume fixedCoarse) {
        int f = settings.downsample();
        double cube = (double) f * f * f;
        int minVoxels = f == 1 ? params.minParticleVoxels()
                : (int) Math.max(1, Math.round(params.minParticleVoxels() / cube));
        int dilation = f == 1 ? params.particleDilation() : (int) Math.ceil(params.particleDilation() / (double) f);
        return ParticleRegionGrid.of(ParticleRegions.find(fixedCoarse.binary(), minVoxels, dilation),
                fixedCoarse.binary(), f);
    }

    /** The f-times copy of a volume, computed while reading it. */
    public Volume downsampled(LargeVolume v) {
        return Downsampling.blockAverage(v, settings.downsample(), cancel);
    }

    /** The fixed volume's coarse copy made ready (once per run; every energy's task uses it). */
    public PreparedVolume prepareCoarseFixed(Volume fixedDownsampled, String name) {
        RegistrationParameters p = coarseParameters(fixedDownsampled.nx(), fixedDownsampled.ny(),
                fixedDownsampled.nz());
        return new PairRegistrar(p, blocks, cancel).prepare(fixedDownsampled, name + " (downsampled "
                + settings.downsample() + "x)");
    }

    /**
     * Registers {@code moving} to {@code fixed}.
     *
     * @param fixedCoarse the fixed volume's prepared coarse copy ({@link #prepareCoarseFixed})
     * @param name        how the user knows the moving volume, e.g. "energy 6552 eV (index 4)"
     */
    public Result register(PreparedVolume fixedCoarse, LargeVolume fixed, LargeVolume moving, String name) {
        return register(fixedCoarse, fixed, moving, name, params.perParticle() && settings.downsample() > 1
                ? particleRegions(fixedCoarse) : null);
    }

    /**
     * {@link #register(PreparedVolume, LargeVolume, LargeVolume, String)} with the particle regions found once
     * ({@link #particleRegions}; null without per-particle mode, and unused with f = 1, where
     * {@link PairRegistrar} finds the same regions itself).
     */
    public Result register(PreparedVolume fixedCoarse, LargeVolume fixed, LargeVolume moving, String name,
            ParticleRegionGrid regions) {
        int f = settings.downsample();
        Volume movingDown = downsampled(moving);
        Volume fd = fixedCoarse.original();
        PairRegistrar coarse = new PairRegistrar(coarseParameters(fd.nx(), fd.ny(), fd.nz()), blocks, cancel);
        PairResult c = coarse.register(fixedCoarse, coarse.prepare(movingDown, "the moving volume (" + name
                + (f > 1 ? ", downsampled " + f + "x)" : ")")), null);
        AffineTransform3D t0 = Downsampling.toFullResolution(c.global(), f);
        if (f == 1) {
            return new Result(t0, t0, c, null, null, null, c.iterations(), false, c.particles());
        }
        cancel.throwIfCancelled();
        Box3D fb = refineCrop(fixedCoarse.box(), fixed);
        Box3D mb = grow(Resampler.footprint(fb, t0, Interpolation.TRILINEAR, moving.nx(), moving.ny(), moving.nz()),
                margin(), moving);
        if (mb == null) {
            throw new InvalidInputException("the moving volume (" + name + ") lies outside the fixed volume's "
                    + "refinement crop after the coarse registration; check the series or register with downsample 1");
        }
        Volume movingCrop = moving.read(mb);
        RegistrationParameters rp = params.toBuilder().perParticle(false).levels(levelsThatFit(Math.min(fb.nx(),
                mb.nx()), Math.min(fb.ny(), mb.ny()), Math.min(fb.nz(), mb.nz()), settings.refineLevels())).build();
        PairRegistrar refine = new PairRegistrar(rp, blocks, cancel);
        PreparedVolume pf = fixedCrop(fixed, fb, rp, "the fixed volume's refinement crop " + fb.describe());
        PreparedVolume pm = refine.prepare(movingCrop, "the moving volume's refinement crop (" + name + ") "
                + mb.describe());
        AffineTransform3D init = AffineTransform3D.translation(-mb.x0(), -mb.y0(), -mb.z0()).after(t0)
                .after(AffineTransform3D.translation(fb.x0(), fb.y0(), fb.z0()));
        RegistrationQuality before = RegistrationQuality.of(pf, pm, init, blocks);
        PairResult r = refine.register(pf, pm, init);
        boolean better = r.after().mse() <= before.mse();
        AffineTransform3D local = better ? r.global() : init;
        AffineTransform3D t = AffineTransform3D.translation(mb.x0(), mb.y0(), mb.z0()).after(local)
                .after(AffineTransform3D.translation(-fb.x0(), -fb.y0(), -fb.z0()));
        int iterations = c.iterations() + r.iterations();
        List<PairResult.ParticleTransform> particles = List.of();
        if (params.perParticle()) {
            ParticleRegionGrid grid = regions != null ? regions : particleRegions(fixedCoarse);
            int[][] boxes = grid.gridBoxes();
            List<PairResult.ParticleTransform> list = new ArrayList<>();
            for (int k = 1; k <= grid.count(); k++) {
                cancel.throwIfCancelled();
                long[] its = new long[1];
                AffineTransform3D tk = refineParticle(grid, k, boxes[k - 1], t, fixed, moving, name, its);
                iterations += (int) its[0];
                list.add(new PairResult.ParticleTransform(k, grid.voxels()[k - 1], grid.centroid(k), tk));
            }
            particles = List.copyOf(list);
        }
        return new Result(t, t0, c, before, better ? r.after() : before, fb, iterations, !better, particles);
    }

    /** The fixed volume's crop {@code box} prepared with {@code p}, from the shared cache when there is one. */
    private PreparedVolume fixedCrop(LargeVolume fixed, Box3D box, RegistrationParameters p, String name) {
        if (fixedCrops == null) {
            return PreparedVolume.of(fixed.read(box), name, p, blocks);
        }
        String key = box.describe() + " levels " + p.levels();
        return fixedCrops.computeIfAbsent(key, k -> PreparedVolume.of(fixed.read(box), name, p, blocks));
    }

    /**
     * Particle k's own transform at full resolution (see the class comment), or {@code global} when its crop
     * cannot be fitted or the fit does not lower the crop's binarised MSE.
     */
    private AffineTransform3D refineParticle(ParticleRegionGrid grid, int k, int[] gridBox, AffineTransform3D global,
            LargeVolume fixed, LargeVolume moving, String name, long[] iterations) {
        int f = grid.factor();
        int grow = 2 + (int) Math.ceil(3 * params.smoothing());
        long[] lo = new long[3];
        long[] hi = new long[3];
        int[] size = {fixed.nx(), fixed.ny(), fixed.nz()};
        for (int i = 0; i < 3; i++) {
            long a = Math.max(0, (long) gridBox[2 * i] * f - grow);
            long b = Math.min(size[i] - 1L, (long) gridBox[2 * i + 1] * f + f - 1 + grow);
            if (b - a + 1 > settings.refineBox()) {
                long centre = (a + b) / 2;
                a = centre - settings.refineBox() / 2;
                b = a + settings.refineBox() - 1;
            }
            lo[i] = a;
            hi[i] = b;
        }
        Box3D fb = Box3D.ofCorners(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2], size[0], size[1], size[2]);
        Box3D mb = fb == null ? null : grow(Resampler.footprint(fb, global, Interpolation.TRILINEAR, moving.nx(),
                moving.ny(), moving.nz()), grow + 2, moving);
        if (mb == null) {
            return global;
        }
        // the particle is fitted on up to three levels, as PairRegistrar fits it (its two finest below level 0)
        RegistrationParameters rp = params.toBuilder().perParticle(false).levels(levelsThatFit(Math.min(fb.nx(),
                mb.nx()), Math.min(fb.ny(), mb.ny()), Math.min(fb.nz(), mb.nz()),
                Math.max(3, settings.refineLevels()))).build();
        PreparedVolume pf;
        PreparedVolume pm;
        try {
            pf = fixedCrop(fixed, fb, rp, "the fixed volume's crop of particle " + k + " " + fb.describe());
            pm = PreparedVolume.of(moving.read(mb), "the moving volume's crop of particle " + k + " (" + name + ") "
                    + mb.describe(), rp, blocks);
        } catch (InvalidInputException notFittable) {
            // a crop the Otsu threshold cannot split (e.g. the particle left the moving volume): keep the global
            return global;
        }
        byte[] mask = new byte[(int) fb.voxels()];
        int i0 = 0;
        for (int z = fb.z0(); z < fb.z1(); z++) {
            for (int y = fb.y0(); y < fb.y1(); y++) {
                for (int x = fb.x0(); x < fb.x1(); x++) {
                    mask[i0++] = (byte) (grid.at(x, y, z) == k ? 1 : 0);
                }
            }
        }
        int finest = Math.min(2, rp.levels() - 1);
        List<byte[]> masks = new ArrayList<>();
        masks.add(mask);
        for (int l = 1; l <= finest; l++) {
            Volume prev = pf.levels().get(l - 1);
            masks.add(Pyramid.downsampleMask(masks.get(l - 1), prev.nx(), prev.ny(), prev.nz()));
        }
        AffineTransform3D start = AffineTransform3D.translation(-mb.x0(), -mb.y0(), -mb.z0()).after(global)
                .after(AffineTransform3D.translation(fb.x0(), fb.y0(), fb.z0()));
        double[] centre = grid.centroid(k);
        centre[0] -= fb.x0();
        centre[1] -= fb.y0();
        centre[2] -= fb.z0();
        double radius = Math.max(1, Math.cbrt(3.0 * grid.voxels()[k - 1] / (4 * Math.PI)));
        Metric metric = params.metric().implementation(); // its band fraction picks the band, as in PairRegistrar
        AffineTransform3D t = start;
        for (int l = finest; l >= 0; l--) {
            cancel.throwIfCancelled();
            double s = 1 << l;
            double[] c = {(centre[0] - (s - 1) / 2) / s, (centre[1] - (s - 1) / 2) / s, (centre[2] - (s - 1) / 2) / s};
            InverseCompositionalAligner aligner = new InverseCompositionalAligner(pf.levels().get(l),
                    pm.levels().get(l), masks.get(l), null, metric, params.transform(), c,
                    Math.max(1, radius / s), blocks, cancel);
            InverseCompositionalAligner.Outcome o = aligner.align(Pyramid.toLevel(t, l), params.maxIterations(),
                    l == 0 ? PairRegistrar.MIN_STEP_FINE : PairRegistrar.MIN_STEP_COARSE);
            iterations[0] += o.iterations();
            t = Pyramid.fromLevel(o.transform(), l);
        }
        AffineTransform3D fitted = t;
        RegistrationQuality before = RegistrationQuality.of(pf, pm, start, blocks);
        RegistrationQuality after = RegistrationQuality.of(pf, pm, index -> mask[index] != 0 ? fitted : start,
                blocks);
        if (after.mse() > before.mse()) {
            return global;
        }
        return AffineTransform3D.translation(mb.x0(), mb.y0(), mb.z0()).after(fitted)
                .after(AffineTransform3D.translation(-fb.x0(), -fb.y0(), -fb.z0()));
    }

    /** Voxels added around the moving footprint: the coarse answer may be off by about f voxels. */
    private int margin() {
        return 2 * settings.downsample() + 4 + (int) Math.ceil(3 * params.smoothing());
    }

    /**
     * The fixed crop: the box of the coarse mask at full resolution, grown by the smoothing's reach and the
     * interpolation's, cut to at most refineBox a side around its centre.
     */
    Box3D refineCrop(int[] coarseBox, LargeVolume fixed) {
        int f = settings.downsample();
        int grow = f + 2 + (int) Math.ceil(3 * params.smoothing());
        long[] lo = new long[3];
        long[] hi = new long[3];
        int[] size = {fixed.nx(), fixed.ny(), fixed.nz()};
        for (int i = 0; i < 3; i++) {
            long a = (long) coarseBox[2 * i] * f - grow;
            long b = (long) coarseBox[2 * i + 1] * f + f - 1 + grow;
            a = Math.max(0, a);
            b = Math.min(size[i] - 1L, b);
            long side = b - a + 1;
            if (side > settings.refineBox()) {
                long centre = (a + b) / 2;
                a = centre - settings.refineBox() / 2;
                b = a + settings.refineBox() - 1;
            }
            lo[i] = a;
            hi[i] = b;
        }
        return Box3D.ofCorners(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2], size[0], size[1], size[2]);
    }

    private static Box3D grow(Box3D b, int by, LargeVolume v) {
        if (b == null) {
            return null;
        }
        return Box3D.ofCorners((long) b.x0() - by, (long) b.y0() - by, (long) b.z0() - by, (long) b.x1() - 1 + by,
                (long) b.y1() - 1 + by, (long) b.z1() - 1 + by, v.nx(), v.ny(), v.nz());
    }

    /** The most levels, up to {@code wanted}, whose coarsest grid keeps {@link Pyramid#MIN_SIDE} voxels a side. */
    static int levelsThatFit(int nx, int ny, int nz, int wanted) {
        int levels = 1;
        int m = Math.min(nx, Math.min(ny, nz));
        while (levels < wanted && (m >> levels) >= Pyramid.MIN_SIDE) {
            levels++;
        }
        return levels;
    }
}
