package org.fusionj.core.registration;

import java.util.List;

/**
 * The registration of one moving volume to the fixed one.
 *
 * @param global     fixed voxel position -> moving voxel position
 * @param particles  per-particle transforms (empty unless per-particle mode); each applies inside its region
 * @param regions    per fixed voxel: 0 = global transform, k = {@code particles.get(k - 1)}; null without particles
 * @param before     quality at the start (volume centres aligned, no other motion)
 * @param after      quality with the result
 * @param iterations Gauss-Newton iterations over all levels (and particles)
 * @param keptStart  true when the optimiser's answer was worse than the start on the full metric and was dropped
 */
public record PairResult(AffineTransform3D global, List<ParticleTransform> particles, int[] regions,
        RegistrationQuality before, RegistrationQuality after, int iterations, boolean keptStart) {

    /** One particle's own transform. */
    public record ParticleTransform(int label, long voxels, double[] centroid, AffineTransform3D transform) {
    }

    /** The transform of each fixed voxel. */
    public Resampler.TransformField field() {
        if (regions == null) {
            return i -> global;
        }
        AffineTransform3D[] byRegion = new AffineTransform3D[particles.size() + 1];
        byRegion[0] = global;
        for (int k = 0; k < particles.size(); k++) {
            byRegion[k + 1] = particles.get(k).transform();
        }
        return i -> byRegion[regions[i]];
    }
}
