package org.fusionj.workflow;

import java.util.Locale;

/** Sizes in words for messages: "740 kB", "174 MB", "2.3 GB" (units of 1024). */
public final class Bytes {

    private Bytes() {
    }

    public static String text(long bytes) {
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
