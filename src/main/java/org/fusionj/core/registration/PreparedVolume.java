package org.fusionj.core.registration;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.segment.MedianFilter3D;
import org.fusionj.core.segment.OtsuThreshold;

/**
 * A volume made ready for registration: its Otsu mask (the paper's binarisation, after the optional median), and
 * the pyramid of metric volumes (the mask for MSE, the grey values for NCC), each level smoothed.
 *
 * @param original the volume as given
 * @param binary   1 inside the Otsu mask, 0 outside (for MSE and Dice)
 * @param levels   metric volumes, level 0 = full resolution, smoothed
 */
public record PreparedVolume(Volume original, Volume binary, List<Volume> levels) {

    /**
     * @param name how the user knows the volume, for error messages
     */
    public static PreparedVolume of(Volume v, String name, RegistrationParameters p, RowBlocks blocks) {
        v.requireUsable3d(name);
        Pyramid.requireFits(v.nx(), v.ny(), v.nz(), p.levels(), name);
        Volume cleaned = p.median() ? new Volume(v.nx(), v.ny(), v.nz(),
                MedianFilter3D.filter(v.data(), v.nx(), v.ny(), v.nz(), blocks)) : v;
        Volume binary = binarise(cleaned, name);
        Volume base = p.metric() == RegistrationMetric.MSE ? binary : cleaned;
        List<Volume> levels = new ArrayList<>(p.levels());
        Volume current = base;
        for (int l = 0; l < p.levels(); l++) {
            if (l > 0) {
                current = Pyramid.downsample(current, blocks);
            }
            levels.add(GaussianSmoothing3D.smooth(current, p.smoothing(), blocks));
        }
        return new PreparedVolume(v, binary, List.copyOf(levels));
    }

    /** 1 where the Otsu threshold of v puts a voxel in the foreground, else 0. */
    public static Volume binarise(Volume v, String name) {
        OtsuThreshold.Result otsu;
        try {
            otsu = OtsuThreshold.of(v.data(), OtsuThreshold.DEFAULT_BINS);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(name + ": " + e.getMessage());
        }
        float[] d = v.data();
        float[] out = new float[d.length];
        // the foreground bins start at the threshold (the upper edge of the last background bin)
        float threshold = (float) otsu.threshold();
        long on = 0;
        for (int i = 0; i < d.length; i++) {
            if (d[i] >= threshold) {
                out[i] = 1;
                on++;
            }
        }
        if (on == 0 || on == d.length) {
            throw new InvalidInputException(name + ": the Otsu threshold leaves nothing to align (the mask is "
                    + (on == 0 ? "empty" : "the whole volume") + ")");
        }
        return new Volume(v.nx(), v.ny(), v.nz(), out);
    }
}
