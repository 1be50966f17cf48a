package org.fusionj.core.tomo;

import java.util.List;

import org.fusionj.core.fusion.CostLog;

/**
 * What {@link TomoFusionSolver} returns. Volumes are {@code height} slices (along the tilt axis, image y) of
 * {@code depth} rows (along the beam at zero tilt) of {@code width} voxels (image x): index
 * {@code (y * depth + z) * width + x}; {@link TomoVolumes#toDepthStack} turns one into a z-stack of x-y images.
 *
 * @param method      what was reconstructed
 * @param symbols     element symbols, in input order
 * @param volumes     one volume per element, scaled so that its densest region is about 1 (see {@link #scales})
 * @param width       voxels across the tilt axis
 * @param height      slices along the tilt axis
 * @param depth       voxels along the beam at zero tilt
 * @param weights     the HAADF model weights w_e used (fused methods; the element's weight also for the others)
 * @param scales      per element: chemical signal per voxel of volume value 1 (input units per voxel length)
 * @param haadfScale  HAADF signal per unit of the model {@code P_H(sum w x^gamma)}, fitted (NaN when unused)
 * @param haadfOffset HAADF signal where the model is 0 (vacuum), fitted (NaN when unused)
 * @param costs       cost curves, one value per iteration (see docs/fusion-tomography.md; NaN where a term is not
 *                    part of the method)
 */
public record TomoFusionResult(TomoMethod method, List<String> symbols, List<float[]> volumes, int width, int height,
                               int depth, double[] weights, double[] scales, double haadfScale, double haadfOffset,
                               CostLog costs) {

    public int elementCount() {
        return symbols.size();
    }

    /** Voxels per volume. */
    public int voxelCount() {
        return width * height * depth;
    }
}
