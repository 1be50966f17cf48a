package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The accuracy targets on the EDGE_SHIFT phantom (20^3 voxels, edge moving 5 eV across the volume, 3 eV
 * sampling across the edge): mean absolute half-height error &lt;= 0.2 eV at SNR 50 and &lt;= 0.5 eV at SNR 20,
 * against the truth of {@link XanesTruth}. Prints the figures of every method.
 */
class EdgeEnergyAccuracyTest {

    static final int SIZE = 20;

    record Errors(double meanAbs, double bias, double rms, double max, long missing, long voxels) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "mean |error| %.3f eV, bias %+.3f eV, RMS %.3f eV, max %.3f eV, "
                    + "%d of %d voxels without a value", meanAbs, bias, rms, max, missing, voxels);
        }
    }

    /** The default windows (pre -150 to -30 eV, post +50 to +300 eV, line), every method. */
    static XanesParameters params(double e0) {
        return XanesParameters.builder().e0(e0).methods(EnumSet.allOf(EdgeMethod.class)).build();
    }

    static Map<String, Errors> measure(double snr, long seed) {
        XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(SIZE, SIZE, SIZE).withSnr(snr)
                .withSeed(seed), 2);
        return measure(phantom, params(phantom.spec().e0Ev()));
    }

    static Map<String, Errors> measure(XanesPhantom phantom, XanesParameters p) {
        return measure(phantom, p, XanesMapper.WidthSharing.DEFAULT);
    }

    static Map<String, Errors> measure(XanesPhantom phantom, XanesParameters p, XanesMapper.WidthSharing sharing) {
        XanesMaps maps = new XanesMapper(2).withWidthSharing(sharing).map(phantom.series(), p);
        Map<Integer, XanesTruth> cache = new HashMap<>();
        Acc hh = new Acc();
        Acc hc = new Acc();
        Acc md = new Acc();
        Acc wl = new Acc();
        Acc wlh = new Acc();
        for (int z = 0; z < SIZE; z++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int fx = x;
                    int fy = y;
                    int fz = z;
                    XanesTruth t = cache.computeIfAbsent(x + y + z, s -> XanesTruth.of(phantom, fx, fy, fz, p));
                    int i = x + y * SIZE;
                    hh.add(maps.halfHeight()[z][i], t.halfHeight);
                    hc.add(maps.halfHeightCubic()[z][i], t.halfHeight);
                    md.add(maps.maxDerivative()[z][i],
                            p.edgeEstimator() == EdgeEstimator.FIT ? t.edgeInflection : t.maxDerivative);
                    wl.add(maps.whiteLineEnergy()[z][i], t.whiteLineEnergy);
                    wlh.add(maps.whiteLineHeight()[z][i], t.whiteLineHeight);
                }
            }
        }
        Map<String, Errors> out = new HashMap<>();
        out.put("half_height", hh.errors());
        out.put("half_height_cubic", hc.errors());
        out.put("max_derivative", md.errors());
        out.put("white_line_energy", wl.errors());
        out.put("white_line_height", wlh.errors());
        return out;
    }

    static final class Acc {
        double sumAbs;
        double sum;
        double sumSq;
        double max;
        long n;
        long missing;

        void add(float estimate, double truth) {
            if (Float.isNaN(estimate)) {
                missing++;
                return;
            }
            double e = estimate - truth;
            sumAbs += Math.abs(e);
            sum += e;
            sumSq += e * e;
            max = Math.max(max, Math.abs(e));
            n++;
        }

        Errors errors() {
            return new Errors(sumAbs / n, sum / n, Math.sqrt(sumSq / n), max, missing, n + missing);
        }
    }

    @Test
    void halfHeightMeetsTheTargetsAtSnr50And20() {
        Map<String, Errors> snr50 = measure(50, 11);
        Map<String, Errors> snr20 = measure(20, 12);
        Map<String, Errors> clean = measure(Double.POSITIVE_INFINITY, 13);
        System.out.println("[xanes accuracy] phantom " + SIZE + "^3, edge shift 0 to 5 eV, 60 energies (3 eV across "
                + "the edge); default windows pre -150..-30 eV, post +50..+300 eV (line), edge -20..+20 eV, white "
                + "line 0..+30 eV");
        for (String key : new String[] {"half_height", "half_height_cubic", "max_derivative", "white_line_energy",
                "white_line_height"}) {
            String unit = key.equals("white_line_height") ? " (normalised units: read eV as 1)" : "";
            System.out.println("[xanes accuracy] " + key + unit + ", noise-free: " + clean.get(key));
            System.out.println("[xanes accuracy] " + key + unit + ", SNR 50: " + snr50.get(key));
            System.out.println("[xanes accuracy] " + key + unit + ", SNR 20: " + snr20.get(key));
        }
        assertTrue(snr50.get("half_height").meanAbs() <= 0.2, "SNR 50: " + snr50.get("half_height"));
        assertTrue(snr20.get("half_height").meanAbs() <= 0.5, "SNR 20: " + snr20.get("half_height"));
        assertTrue(snr50.get("half_height_cubic").meanAbs() <= 0.2, "SNR 50: " + snr50.get("half_height_cubic"));
        assertTrue(snr20.get("half_height_cubic").meanAbs() <= 0.5, "SNR 20: " + snr20.get("half_height_cubic"));
        assertEquals(0, snr20.get("half_height").missing());
        // not targets: guards against regressions
        assertTrue(clean.get("max_derivative").meanAbs() <= 0.1, "noise-free: " + clean.get("max_derivative"));
        // the fitted step's inflection with the white-line width shared over the map: 0.175 eV at SNR 50 (0.243
        // with every voxel fitting its own width; docs/xanes.md): the target
        assertTrue(snr50.get("max_derivative").meanAbs() <= 0.2, "SNR 50: " + snr50.get("max_derivative"));
        assertTrue(snr50.get("white_line_energy").meanAbs() <= 0.3, "SNR 50: " + snr50.get("white_line_energy"));
    }

    /** The example windows (pre -50..-20 eV, post +30..+150 eV): printed for comparison, not asserted. */
    @Test
    void exampleWindowsForComparison() {
        for (double snr : new double[] {50, 20}) {
            XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(SIZE, SIZE, SIZE).withSnr(snr)
                    .withSeed(snr == 50 ? 11 : 12), 2);
            XanesParameters p = params(phantom.spec().e0Ev()).toBuilder().preEdge(-50, -20).postEdge(30, 150).build();
            Map<String, Errors> m = measure(phantom, p);
            for (String key : new String[] {"half_height", "half_height_cubic", "max_derivative"}) {
                System.out.println("[xanes accuracy] windows pre -50..-20, post +30..+150: " + key + ", SNR "
                        + (int) snr + ": " + m.get(key));
            }
            assertTrue(m.get("half_height_cubic").meanAbs() <= (snr == 50 ? 0.2 : 0.5));
        }
    }
}
