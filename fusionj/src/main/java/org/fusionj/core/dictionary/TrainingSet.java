package org.fusionj.core.dictionary;

import java.util.List;
import java.util.SplittableRandom;

import org.fusionj.core.ImagePlane;

/**
 * The training patches, drawn once at random positions from the STEM images and normalised: each patch minus
 * its own mean (the LR patch's mean in coupled mode), divided by one global scale s, the RMS of the mean-free STEM
 * patches. Plain mode stores p^2 values per patch; coupled mode stores the HR patch followed by its simulated LR
 * patch (2 p^2 values).
 */
final class TrainingSet {

    final int patchSize;
    final int length;
    final int count;
    /** One array per patch (whole-array loops vectorise). */
    final double[][] data;
    final double scale;

    private TrainingSet(int patchSize, int length, int count, double[][] data, double scale) {
        this.patchSize = patchSize;
        this.length = length;
        this.count = count;
        this.data = data;
        this.scale = scale;
    }

    /**
     * @param hr     the STEM images (all the same size)
     * @param lr     the simulated TXM images, one per STEM image, or null for plain mode
     * @param random the learner's random source (positions are drawn from it)
     */
    static TrainingSet sample(List<ImagePlane> hr, List<double[]> lr, int patchSize, int count,
            SplittableRandom random) {
        int width = hr.get(0).width();
        int height = hr.get(0).height();
        int cornersX = width - patchSize + 1;
        int cornersY = height - patchSize + 1;
        int len = patchSize * patchSize;
        int length = lr == null ? len : 2 * len;
        double[][] data = new double[count][length];
        double[] hrPatch = new double[len];
        double[] lrPatch = new double[len];
        double sumSq = 0;
        for (int n = 0; n < count; n++) {
            int img = random.nextInt(hr.size());
            int x0 = random.nextInt(cornersX);
            int y0 = random.nextInt(cornersY);
            float[] px = hr.get(img).pixels();
            double hrMean = 0;
            double lrMean = 0;
            for (int dy = 0; dy < patchSize; dy++) {
                for (int dx = 0; dx < patchSize; dx++) {
                    int i = (y0 + dy) * width + x0 + dx;
                    hrPatch[dy * patchSize + dx] = px[i];
                    hrMean += px[i];
                    if (lr != null) {
                        lrPatch[dy * patchSize + dx] = lr.get(img)[i];
                        lrMean += lr.get(img)[i];
                    }
                }
            }
            hrMean /= len;
            lrMean /= len;
            double shift = lr == null ? hrMean : lrMean;
            double[] patch = data[n];
            for (int i = 0; i < len; i++) {
                patch[i] = hrPatch[i] - shift;
                double d = hrPatch[i] - hrMean;
                sumSq += d * d;
                if (lr != null) {
                    patch[len + i] = lrPatch[i] - lrMean;
                }
            }
        }
        double scale = Math.sqrt(sumSq / ((double) count * len));
        if (!(scale > 0)) {
            throw new org.fusionj.core.InvalidInputException("the STEM image(s) are constant: there is no "
                    + "structure to learn from");
        }
        for (double[] patch : data) {
            for (int i = 0; i < length; i++) {
                patch[i] /= scale;
            }
        }
        return new TrainingSet(patchSize, length, count, data, scale);
    }
}
