package org.fusionj.core.dictionary;

import org.fusionj.core.Keyed;

/** How overlapping rebuilt patches are averaged. */
public enum OverlapWeighting implements Keyed {
    /** Every pixel of every patch counts once (the paper's, and the reference data's, averaging). */
    UNIFORM("uniform"),
    /**
     * A separable sine window that favours patch centres, which hides block seams at strides &gt; 1. Its
     * weights never reach zero, so every pixel stays covered.
     */
    WINDOWED("windowed");

    private final String key;

    OverlapWeighting(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /** Weight of each of the p x p patch pixels, row-major. */
    double[] weights(int patchSize) {
        double[] w = new double[patchSize * patchSize];
        double[] profile = new double[patchSize];
        for (int i = 0; i < patchSize; i++) {
            profile[i] = this == UNIFORM ? 1 : Math.sin(Math.PI * (i + 0.5) / patchSize);
        }
        for (int y = 0; y < patchSize; y++) {
            for (int x = 0; x < patchSize; x++) {
                w[y * patchSize + x] = profile[y] * profile[x];
            }
        }
        return w;
    }

    public static OverlapWeighting parse(String text) {
        return Keyed.parse(values(), text, "overlap weighting");
    }
}
