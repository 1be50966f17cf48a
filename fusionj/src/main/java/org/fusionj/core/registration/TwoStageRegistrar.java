package org.fusionj.core.registration;

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
 * the result is exactly {@code PairRegistrar.register(fixed, moving, null)}.
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
     */
    public record Result(AffineTransform3D transform, AffineTransform3D coarse, PairResult coarseResult,
            RegistrationQuality refineBefore, RegistrationQuality refineAfter, Box3D fixedCrop, int iterations,
            boolean keptCoarse) {
    }

    private final RegistrationParameters params;
    private final Settings settings;
    private final RowBlocks blocks;
    private final CancellationToken cancel;

    public TwoStageRegistrar(RegistrationParameters params, Settings settings, RowBlocks blocks,
            CancellationToken cancel) {
        if (params.perParticle()) {
            throw new InvalidInputException("per-particle registration is not available in the two-stage "
                    + "(distributed) registration yet; switch per_particle off or register with bin/fusionj register");
        }
        this.params = params;
        this.settings = settings;
        this.blocks = blocks;
        this.cancel = cancel;
    }

    public Settings settings() {
        return settings;
    }

    /** The coarse stage's parameters for grids of this size: as many of the levels as fit. */
    public RegistrationParameters coarseParameters(int nx, int ny, int nz) {
        return params.toBuilder().levels(levelsThatFit(nx, ny, nz, params.levels())).build();
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
        int f = settings.downsample();
        Volume movingDown = downsampled(moving);
        Volume fd = fixedCoarse.original();
        PairRegistrar coarse = new PairRegistrar(coarseParameters(fd.nx(), fd.ny(), fd.nz()), blocks, cancel);
        PairResult c = coarse.register(fixedCoarse, coarse.prepare(movingDown, "the moving volume (" + name
                + (f > 1 ? ", downsampled " + f + "x)" : ")")), null);
        AffineTransform3D t0 = Downsampling.toFullResolution(c.global(), f);
        if (f == 1) {
            return new Result(t0, t0, c, null, null, null, c.iterations(), false);
        }
        cancel.throwIfCancelled();
        Box3D fb = refineCrop(fixedCoarse.box(), fixed);
        Box3D mb = grow(Resampler.footprint(fb, t0, Interpolation.TRILINEAR, moving.nx(), moving.ny(), moving.nz()),
                margin(), moving);
        if (mb == null) {
            throw new InvalidInputException("the moving volume (" + name + ") lies outside the fixed volume's "
                    + "refinement crop after the coarse registration; check the series or register with downsample 1");
        }
        Volume fixedCrop = fixed.read(fb);
        Volume movingCrop = moving.read(mb);
        RegistrationParameters rp = params.toBuilder().levels(levelsThatFit(Math.min(fb.nx(), mb.nx()),
                Math.min(fb.ny(), mb.ny()), Math.min(fb.nz(), mb.nz()), settings.refineLevels())).build();
        PairRegistrar refine = new PairRegistrar(rp, blocks, cancel);
        PreparedVolume pf = refine.prepare(fixedCrop, "the fixed volume's refinement crop " + fb.describe());
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
        return new Result(t, t0, c, before, better ? r.after() : before, fb, c.iterations() + r.iterations(),
                !better);
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
