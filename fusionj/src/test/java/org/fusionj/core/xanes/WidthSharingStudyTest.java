package org.fusionj.core.xanes;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WidthSharingStudyTest {

    static final long[] FROM = {1, 4, 8, 1};
    static final long[] TO = {3, 7, 11, 3};

    @Test
    @Timeout(1200)
    void study() {
        String modes = System.getProperty("ws.modes", "0:0,1:0,2:0.3,2:0.5,2:1.0");
        for (String m : modes.split(",")) {
            String[] a = m.split(":");
            XanesMapper.WidthSharing w = new XanesMapper.WidthSharing(Integer.parseInt(a[0]), Double.parseDouble(a[1]));
            long t0 = System.nanoTime();
            StringBuilder ph = new StringBuilder();
            for (long seed : java.util.Arrays.stream(System.getProperty("ws.phseeds", "11,21,31").split(","))
                    .mapToLong(Long::parseLong).toArray()) {
                XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(20, 20, 20).withSnr(50)
                        .withSeed(seed), 2);
                Map<String, EdgeEnergyAccuracyTest.Errors> e = EdgeEnergyAccuracyTest.measure(phantom,
                        EdgeEnergyAccuracyTest.params(phantom.spec().e0Ev()), w);
                ph.append(String.format(" s%d md %.3f hh %.3f", seed, e.get("max_derivative").meanAbs(),
                        e.get("half_height").meanAbs()));
            }
            XanesPhantom clean = XanesPhantom.generate(XanesPhantomSpec.defaults(20, 20, 20)
                    .withSnr(Double.POSITIVE_INFINITY).withSeed(13), 2);
            ph.append(String.format(" clean md %.3f", EdgeEnergyAccuracyTest.measure(clean,
                    EdgeEnergyAccuracyTest.params(clean.spec().e0Ev()), w).get("max_derivative").meanAbs()));
            System.out.println("[ws] " + m + " phantom" + ph);
            int[] ranges = java.util.Arrays.stream(System.getProperty("ws.ranges", "0,1").split(","))
                    .mapToInt(Integer::parseInt).toArray();
            for (int range : ranges) {
                double[] sum = new double[2];
                double[] worst = new double[2];
                int runs = 0;
                for (int g = 0; g < 3; g++) {
                    for (long seed = FROM[range]; seed <= TO[range]; seed++) {
                        runs++;
                        for (int n = 0; n < 2; n++) {
                            double snr = n == 0 ? Double.POSITIVE_INFINITY : 50;
                            double v = EdgeFamilyAccuracyTest.measure(g, snr, 100 * g + seed, EdgeEstimator.FIT, w,
                                    range == 3 ? (k, mb) -> new EdgeFamilyAccuracyTest.Member(mb.shape(), mb.centre(),
                                            mb.width(), mb.wlHeight(), mb.wlOffset(), k % 2 == 0 ? 2.5 : 4.5)
                                            : (k, mb) -> mb)
                                    .meanAbs()[1];
                            sum[n] += v;
                            worst[n] = Math.max(worst[n], v);
                        }
                    }
                }
                System.out.printf("[ws] %s family seeds %s: clean %.3f (%.3f) snr50 %.3f (%.3f)%n", m,
                        FROM[range] + "-" + TO[range] + (range == 3 ? " two-phase" : ""), sum[0] / runs, worst[0], sum[1] / runs, worst[1]);
            }
            System.out.printf("[ws] %s took %.1f s%n", m, (System.nanoTime() - t0) / 1e9);
        }
    }
}
