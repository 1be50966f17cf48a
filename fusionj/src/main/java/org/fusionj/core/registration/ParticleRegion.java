package org.fusionj.core.registration;

/**
 * One particle of the fixed volume: a connected component of its mask, grown by the dilation.
 *
 * @param label    1-based number, in scan order of the components
 * @param voxels   voxels of the component (before dilation)
 * @param centroid centre of the component in voxel coordinates
 * @param radius   radius of the sphere with the component's volume
 * @param region   the dilated mask, flat over the fixed volume (non-zero inside)
 */
public record ParticleRegion(int label, long voxels, double[] centroid, double radius, byte[] region) {
}
