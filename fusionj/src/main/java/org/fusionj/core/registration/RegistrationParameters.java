package org.fusionj.core.registration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;

/**
 * Everything a registration needs besides the volumes. Front-end parameter names in brackets.
 *
 * @param transform          which transforms may be found [{@code transform}]
 * @param metric             MSE of Otsu-binarised volumes or NCC of grey values [{@code metric}]
 * @param median             3x3x3 median filter before binarising (salt-and-pepper noise) [{@code median}]
 * @param smoothing          Gaussian sigma in voxels applied to the metric volumes at every pyramid level
 *                           [{@code smoothing}]; 1 gives a binary volume a gradient band a few voxels wide
 * @param levels             pyramid levels, 1 = full resolution only [{@code levels}]
 * @param maxIterations      Gauss-Newton iterations per level at most [{@code iterations}]
 * @param perParticle        after the global transform, one affine per particle [{@code per_particle}]
 * @param particleDilation   voxels by which each particle's mask is grown for its own fit [{@code dilation}]
 * @param minParticleVoxels  connected components smaller than this are not particles [{@code min_voxels}]
 * @param interpolation      of the registered output [{@code interpolation}]
 * @param initFromNeighbour  series: start each energy from its neighbour's result [{@code init_neighbour}]
 * @param chain              series: register each energy to its neighbour towards the fixed one and compose the
 *                           transforms (robust when the appearance changes much across the edge; errors add up
 *                           along the chain), instead of registering every energy to the fixed one [{@code chain}]
 */
public record RegistrationParameters(
        TransformType transform,
        RegistrationMetric metric,
        boolean median,
        double smoothing,
        int levels,
        int maxIterations,
        boolean perParticle,
        int particleDilation,
        int minParticleVoxels,
        Interpolation interpolation,
        boolean initFromNeighbour,
        boolean chain) {

    public static final int DEFAULT_LEVELS = 4;
    public static final int DEFAULT_ITERATIONS = 30;
    public static final double DEFAULT_SMOOTHING = 1.0;
    public static final int DEFAULT_DILATION = 4;
    public static final int DEFAULT_MIN_VOXELS = 100;
    public static final int MAX_LEVELS = 6;

    public RegistrationParameters {
        if (transform == null || metric == null || interpolation == null) {
            throw new InvalidInputException("transform, metric and interpolation are required");
        }
        if (!(smoothing >= 0 && smoothing <= 10)) {
            throw new InvalidInputException("smoothing (Gaussian sigma) must be between 0 and 10 voxels, got "
                    + smoothing);
        }
        if (levels < 1 || levels > MAX_LEVELS) {
            throw new InvalidInputException("levels must be between 1 and " + MAX_LEVELS + ", got " + levels);
        }
        if (maxIterations < 1 || maxIterations > 10000) {
            throw new InvalidInputException("iterations must be between 1 and 10000, got " + maxIterations);
        }
        if (particleDilation < 0 || particleDilation > 50) {
            throw new InvalidInputException("dilation must be between 0 and 50 voxels, got " + particleDilation);
        }
        Require.atLeastOne("min_voxels", minParticleVoxels);
        if (chain && perParticle) {
            throw new InvalidInputException("per_particle registers to the fixed energy only; switch chain or "
                    + "per_particle off");
        }
    }

    public static RegistrationParameters defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().transform(transform).metric(metric).median(median).smoothing(smoothing).levels(levels)
                .maxIterations(maxIterations).perParticle(perParticle).particleDilation(particleDilation)
                .minParticleVoxels(minParticleVoxels).interpolation(interpolation)
                .initFromNeighbour(initFromNeighbour).chain(chain);
    }

    /** Builder with the defaults: affine, MSE, no median, sigma 1, 4 levels, 30 iterations, global only. */
    public static final class Builder {
        private TransformType transform = TransformType.AFFINE;
        private RegistrationMetric metric = RegistrationMetric.MSE;
        private boolean median;
        private double smoothing = DEFAULT_SMOOTHING;
        private int levels = DEFAULT_LEVELS;
        private int maxIterations = DEFAULT_ITERATIONS;
        private boolean perParticle;
        private int particleDilation = DEFAULT_DILATION;
        private int minParticleVoxels = DEFAULT_MIN_VOXELS;
        private Interpolation interpolation = Interpolation.TRILINEAR;
        private boolean initFromNeighbour = true;
        private boolean chain;

        public Builder transform(TransformType v) {
            transform = v;
            return this;
        }

        public Builder metric(RegistrationMetric v) {
            metric = v;
            return this;
        }

        public Builder median(boolean v) {
            median = v;
            return this;
        }

        public Builder smoothing(double v) {
            smoothing = v;
            return this;
        }

        public Builder levels(int v) {
            levels = v;
            return this;
        }

        public Builder maxIterations(int v) {
            maxIterations = v;
            return this;
        }

        public Builder perParticle(boolean v) {
            perParticle = v;
            return this;
        }

        public Builder particleDilation(int v) {
            particleDilation = v;
            return this;
        }

        public Builder minParticleVoxels(int v) {
            minParticleVoxels = v;
            return this;
        }

        public Builder interpolation(Interpolation v) {
            interpolation = v;
            return this;
        }

        public Builder initFromNeighbour(boolean v) {
            initFromNeighbour = v;
            return this;
        }

        public Builder chain(boolean v) {
            chain = v;
            return this;
        }

        public RegistrationParameters build() {
            return new RegistrationParameters(transform, metric, median, smoothing, levels, maxIterations,
                    perParticle, particleDilation, minParticleVoxels, interpolation, initFromNeighbour, chain);
        }
    }
}
