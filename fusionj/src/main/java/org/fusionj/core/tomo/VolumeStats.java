package org.fusionj.core.tomo;

import java.util.Arrays;

/** Small statistics of volumes. */
final class VolumeStats {

    /** The quantile that stands for "the densest region" of a volume when it is scaled. */
    static final double SCALE_QUANTILE = 0.999;

    private VolumeStats() {
    }

    /** The {@code q}-quantile of the values (nearest rank on a sorted copy; deterministic). */
    static float quantile(float[] v, double q) {
        float[] s = v.clone();
        Arrays.sort(s);
        int k = (int) Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))));
        return s[k];
    }

    /** The value a volume is divided by to put its densest region near 1: the 99.9% quantile, or the max if 0. */
    static float scaleOf(float[] v) {
        float s = quantile(v, SCALE_QUANTILE);
        if (!(s > 0)) {
            for (float x : v) {
                s = Math.max(s, x);
            }
        }
        return s > 0 ? s : 1f;
    }
}
