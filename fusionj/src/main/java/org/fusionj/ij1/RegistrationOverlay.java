package org.fusionj.ij1;

import ij.process.ColorProcessor;

import org.fusionj.core.registration.Volume;

/**
 * One slice of the fixed volume (magenta) over the moving volume (green), before and after registration side by
 * side: grey where they agree, colour where they do not.
 */
final class RegistrationOverlay {

    private RegistrationOverlay() {
    }

    /** The middle slice (or {@code z}) of fixed / moving-before / moving-after, each scaled to its own range. */
    static ColorProcessor of(Volume fixed, Volume before, Volume after, int z) {
        int w = fixed.nx();
        int h = fixed.ny();
        ColorProcessor cp = new ColorProcessor(2 * w + 4, h);
        int[] f = scaled(fixed, z);
        int[] b = scaled(before, Math.min(z, before.nz() - 1));
        int[] a = scaled(after, z);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int fv = f[x + w * y];
                cp.set(x, y, (fv << 16) | (x < before.nx() && y < before.ny() ? b[x + before.nx() * y] : 0) << 8 | fv);
                cp.set(w + 4 + x, y, (fv << 16) | (a[x + w * y] << 8) | fv);
            }
        }
        return cp;
    }

    private static int[] scaled(Volume v, int z) {
        int plane = v.nx() * v.ny();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < plane; i++) {
            float x = v.data()[z * plane + i];
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        int[] out = new int[plane];
        float range = max > min ? max - min : 1;
        for (int i = 0; i < plane; i++) {
            out[i] = Math.max(0, Math.min(255, Math.round(255 * (v.data()[z * plane + i] - min) / range)));
        }
        return out;
    }
}
