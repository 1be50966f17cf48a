package org.fusionj.io;

import java.util.Locale;

/**
 * Sizes in words for messages: "740 kB", "174 MB", "2.3 GB" (units of 1024). The one formatter of the readers'
 * memory refusals and the runs' memory, disk and write messages.
 */
public final class Bytes {

    private Bytes() {
    }

    public static String text(long bytes) {
        if (bytes < 0) {
            return "more than 8 EB"; // a size that overflowed a long
        }
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
