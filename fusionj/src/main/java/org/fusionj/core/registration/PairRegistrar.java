package org.fusionj.core.registration;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;

/**
 * Registers one moving volume to a fixed one: coarse-to-fine over the pyramid with the inverse-compositional
 * optimiser, then (per-particle mode) one transform per particle of the fixed mask, fitted on the two finest
 * levels inside the particle's dilated mask, starting from the global result.
 *
 * <p>Volumes of different sizes are allowed: the start aligns their centres, and the result maps the fixed grid into
 * the moving one. The answer is checked on the full binarised MSE; if it is worse than the start, the start is kept.
 */
public final class PairRegistrar {

    /** Stop a level when a step moves no band voxel by more than this many voxels of that level. */
    static final double MIN_STEP_FINE = 0.002;
    static final double MIN_STEP_COARSE = 0.01;

    private final RegistrationParameters params;
    private final RowBlocks blocks;
    private final CancellationToken cancel;

    public PairRegistrar(RegistrationParameters params, RowBlocks blocks, CancellationToken cancel) {
        this.params = params;
        this.blocks = blocks;
        this.cancel = cancel;
    }

    public PreparedVolume prepare(Volume v, String name) {
        return PreparedVolume.of(v, name, params, blocks);
    }

    /** The start: the identity with the two volume centres aligned. */
    public static AffineTransform3D centresAligned(Volume fixed, Volume moving) {
        double[] cf = fixed.centre();
        double[] cm = moving.centre();
        return AffineTransform3D.translation(cm[0] - cf[0], cm[1] - cf[1], cm[2] - cf[2]);
    }

    /**
     * @param init where to start, or null for the volume centres aligned
     */
    public PairResult register(PreparedVolume fixed, PreparedVolume moving, AffineTransform3D init) {
        AffineTransform3D identity = centresAligned(fixed.original(), moving.original());
        AffineTransform3D t = init == null ? identity : init;
        int iterations = 0;
        Metric metric = params.metric().implementation();
        for (int l = params.levels() - 1; l >= 0; l--) {
            cancel.throwIfCancelled();
            Volume f = fixed.levels().get(l);
            InverseCompositionalAligner aligner = new InverseCompositionalAligner(f, moving.levels().get(l), null,
                    metric.searchBox(fixed.box(), l, params.smoothing()), metric, model(f), f.centre(),
                    Math.max(f.nx(), Math.max(f.ny(), f.nz())) / 2.0, blocks, cancel);
            InverseCompositionalAligner.Outcome o = aligner.align(Pyramid.toLevel(t, l), params.maxIterations(),
                    l == 0 ? MIN_STEP_FINE : MIN_STEP_COARSE);
            iterations += o.iterations();
            t = Pyramid.fromLevel(o.transform(), l);
        }
        RegistrationQuality before = RegistrationQuality.of(fixed, moving, identity, blocks);
        AffineTransform3D global = t;
        RegistrationQuality globalQuality = RegistrationQuality.of(fixed, moving, global, blocks);
        boolean keptStart = false;
        if (globalQuality.mse() > before.mse()) {
            t = identity;
            globalQuality = before;
            keptStart = true;
        }
        if (!params.perParticle()) {
            return new PairResult(t, List.of(), null, before, globalQuality, iterations, keptStart);
        }
        return perParticle(fixed, moving, t, before, iterations, keptStart, metric);
    }

    private PairResult perParticle(PreparedVolume fixed, PreparedVolume moving, AffineTransform3D global,
            RegistrationQuality before, int iterations, boolean keptStart, Metric metric) {
        List<ParticleRegion> regions = ParticleRegions.find(fixed.binary(), params.minParticleVoxels(),
                params.particleDilation());
        List<PairResult.ParticleTransform> transforms = new ArrayList<>();
        int finest = Math.min(2, params.levels() - 1);
        for (ParticleRegion r : regions) {
            AffineTransform3D t = global;
            byte[] mask = r.region();
            List<byte[]> masks = new ArrayList<>();
            masks.add(mask);
            for (int l = 1; l <= finest; l++) {
                Volume prev = fixed.levels().get(l - 1);
                masks.add(Pyramid.downsampleMask(masks.get(l - 1), prev.nx(), prev.ny(), prev.nz()));
            }
            for (int l = finest; l >= 0; l--) {
                cancel.throwIfCancelled();
                double s = 1 << l;
                double[] c = {(r.centroid()[0] - (s - 1) / 2) / s, (r.centroid()[1] - (s - 1) / 2) / s,
                    fixed.levels().get(l).nz() == 1 ? 0 : (r.centroid()[2] - (s - 1) / 2) / s};
                InverseCompositionalAligner aligner = new InverseCompositionalAligner(fixed.levels().get(l),
                        moving.levels().get(l), masks.get(l), null, metric, model(fixed.levels().get(l)), c,
                        Math.max(1, r.radius() / s), blocks, cancel);
                InverseCompositionalAligner.Outcome o = aligner.align(Pyramid.toLevel(t, l), params.maxIterations(),
                        l == 0 ? MIN_STEP_FINE : MIN_STEP_COARSE);
                iterations += o.iterations();
                t = Pyramid.fromLevel(o.transform(), l);
            }
            transforms.add(new PairResult.ParticleTransform(r.label(), r.voxels(), r.centroid(), t));
        }
        int[] map = ParticleRegions.labelMap(regions, fixed.binary().voxels());
        PairResult provisional = new PairResult(global, List.copyOf(transforms), map, before, before, iterations,
                keptStart);
        RegistrationQuality after = RegistrationQuality.of(fixed, moving, provisional.field(),
                blocks);
        return new PairResult(global, List.copyOf(transforms), map, before, after, iterations, keptStart);
    }

    /**
     * The transform family for volumes like {@code v}: the 3-D type, or its planar counterpart for 2-D images
     * (depth 1), which keep z fixed.
     */
    private TransformModel model(Volume v) {
        return v.nz() == 1 ? PlanarTransformType.of(params.transform()) : params.transform();
    }

    /** The moving volume resampled onto the fixed grid with the result's transform(s). */
    public Volume resample(Volume movingOriginal, Volume fixedGrid, PairResult result) {
        if (result.regions() == null) {
            return Resampler.resample(movingOriginal, fixedGrid.nx(), fixedGrid.ny(), fixedGrid.nz(), result.global(),
                    params.interpolation(), blocks);
        }
        return Resampler.resample(movingOriginal, fixedGrid.nx(), fixedGrid.ny(), fixedGrid.nz(), result.field(),
                params.interpolation(), blocks);
    }
}
