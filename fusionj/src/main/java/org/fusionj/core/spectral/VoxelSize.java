package org.fusionj.core.spectral;

/**
 * The physical size of a voxel (pixel for 2-D data) and its unit, as read from the image's calibration. The kernels
 * work in voxels; this travels with the data so that every output keeps the input's calibration.
 */
public record VoxelSize(double x, double y, double z, String unit) {

    /** One "pixel" per voxel. */
    public static final VoxelSize UNCALIBRATED = new VoxelSize(1, 1, 1, "pixel");

    public VoxelSize {
        unit = unit == null || unit.isBlank() ? "pixel" : unit;
    }
}
