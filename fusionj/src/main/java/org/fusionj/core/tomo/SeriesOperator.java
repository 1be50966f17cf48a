package org.fusionj.core.tomo;

/**
 * One tilt series prepared for the solvers: its data (a scaled copy, in the series' layout), its projector, and the
 * per-bin and per-voxel weights the preconditioned steps use. A bin whose ray crosses less than
 * {@value #MIN_RAY_LENGTH} voxel of the slice (a corner ray at high tilt) carries no information about the slice
 * and is left out of every data term.
 */
final class SeriesOperator {

    /** Rays shorter than this (voxels) are ignored. */
    static final float MIN_RAY_LENGTH = 0.5f;

    final SliceProjector projector;
    final int width;
    final int height;
    final int angles;
    /** The data, layout {@code (a * height + y) * width + t}. */
    final float[] data;
    /** 1 for the bins used, 0 for the others. */
    final float[] mask;
    /** {@code mask / ray length}: SIRT's row weights. */
    final float[] rowWeight;
    /** {@code 1 / (P^T mask)}, 0 where no ray used reaches the voxel: SIRT's and EM's column weights. */
    final float[] inverseVoxelWeight;
    /** Sum of {@code P^T mask} over the slice: the total weight of one slice's voxels. */
    final double voxelWeightSum;
    /** {@code P^T mask}: each voxel's total weight over the rays used. */
    final float[] voxelWeight;

    /**
     * @param data   the series' pixels, already copied and scaled as the solver needs (not copied again)
     * @param height slices
     */
    SeriesOperator(SliceProjector projector, float[] data, int height) {
        this.projector = projector;
        this.width = projector.width();
        this.height = height;
        this.angles = projector.angleCount();
        this.data = data;
        float[] lengths = projector.rayLengths();
        mask = new float[lengths.length];
        rowWeight = new float[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] >= MIN_RAY_LENGTH) {
                mask[i] = 1f;
                rowWeight[i] = 1f / lengths[i];
            }
        }
        float[] voxel = new float[projector.sliceSize()];
        projector.backProject(mask, voxel, 0);
        inverseVoxelWeight = new float[voxel.length];
        double sum = 0;
        for (int j = 0; j < voxel.length; j++) {
            sum += voxel[j];
            if (voxel[j] > 0) {
                inverseVoxelWeight[j] = 1f / voxel[j];
            }
        }
        voxelWeightSum = sum;
        voxelWeight = voxel;
    }

    /** Copies slice {@code y}'s rows of the data into {@code sinogram} (sinogram layout). */
    void gather(int y, float[] sinogram) {
        gather(y, 1, sinogram);
    }

    /** Copies the rows of slices [y0, y0 + count) into {@code sinograms}, one sinogram after another. */
    void gather(int y0, int count, float[] sinograms) {
        int size = angles * width;
        for (int k = 0; k < count; k++) {
            for (int a = 0; a < angles; a++) {
                System.arraycopy(data, (a * height + y0 + k) * width, sinograms, k * size + a * width, width);
            }
        }
    }

    /** Sum of the data over the bins used. */
    double maskedDataSum() {
        double sum = 0;
        for (int a = 0; a < angles; a++) {
            for (int y = 0; y < height; y++) {
                int row = (a * height + y) * width;
                for (int t = 0; t < width; t++) {
                    sum += mask[a * width + t] * data[row + t];
                }
            }
        }
        return sum;
    }

    /** Largest data value over the bins used. */
    float maskedDataMax() {
        float max = 0f;
        for (int a = 0; a < angles; a++) {
            for (int y = 0; y < height; y++) {
                int row = (a * height + y) * width;
                for (int t = 0; t < width; t++) {
                    if (mask[a * width + t] > 0 && data[row + t] > max) {
                        max = data[row + t];
                    }
                }
            }
        }
        return max;
    }

    /** Multiplies the data by {@code factor}. */
    void scaleData(float factor) {
        for (int i = 0; i < data.length; i++) {
            data[i] *= factor;
        }
    }
}
