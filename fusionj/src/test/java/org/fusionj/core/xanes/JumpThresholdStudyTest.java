package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.fusionj.core.segment.Components;
import org.fusionj.core.segment.ConnectedComponents;
import org.fusionj.core.segment.Connectivity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The evidence for the default jump threshold k (edge jump >= k x pre-edge noise): on particle phantoms whose
 * background holds noise only, the share of background voxels let in, the share of particle voxels kept, and how
 * many components particle labelling (26-connected, the workflow's default) finds, for k = 2 to 8, SNR 20, 50 and
 * 100, several seeds and particle counts. Prints the table of docs/xanes.md and checks the default.
 */
class JumpThresholdStudyTest {

    static final double[] KS = {3, 4, 5, 6, 7, 8};

    /** Per voxel: the edge jump over the pre-edge noise (NaN for non-finite), and whether it is material. */
    static double[][] ratios(XanesPhantom ph, XanesParameters p) {
        EnergySeries s = ph.series();
        XanesNormalisation norm = XanesNormalisation.of(s.energiesEv(), p);
        double[] r = new double[(int) s.voxelCount()];
        double[] material = new double[r.length];
        int w = s.width();
        int plane = s.planeSize();
        for (int z = 0; z < s.depth(); z++) {
            for (int i = 0; i < plane; i++) {
                XanesNormalisation.Fit f = norm.fit(s.spectrum(i % w, i / w, z));
                r[z * plane + i] = f.edgeJump() > 0 ? f.edgeJump() / f.preEdgeNoise() : 0;
                material[z * plane + i] = ph.isMaterial(i % w, i / w, z) ? 1 : 0;
            }
        }
        return new double[][] {r, material};
    }

    /**
     * @param components components of at least {@value #MIN_VOXELS} voxels (the workflow's default min_voxels)
     * @param joined     components holding voxels of two or more particles
     */
    record Row(double falseRate, long falseVoxels, double kept, int components, int joined) {
    }

    static final int MIN_VOXELS = 10;

    static Row row(XanesPhantom ph, double[][] rm, double k) {
        EnergySeries s = ph.series();
        int plane = s.planeSize();
        byte[][] mask = new byte[s.depth()][plane];
        long bg = 0;
        long fp = 0;
        long mat = 0;
        long tp = 0;
        for (int v = 0; v < rm[0].length; v++) {
            boolean in = rm[0][v] >= k;
            mask[v / plane][v % plane] = (byte) (in ? 1 : 0);
            if (rm[1][v] > 0) {
                mat++;
                tp += in ? 1 : 0;
            } else {
                bg++;
                fp += in ? 1 : 0;
            }
        }
        Components c = ConnectedComponents.label(mask, s.width(), s.height(), Connectivity.TWENTY_SIX)
                .keepAtLeast(MIN_VOXELS);
        int[] owner = new int[c.count() + 1];
        int joined = 0;
        for (int v = 0; v < rm[0].length; v++) {
            int l = c.labels()[v / plane][v % plane];
            int x = (v % plane) % s.width();
            int y = (v % plane) / s.width();
            int part = ph.particle(x, y, v / plane);
            if (l > 0 && part > 0) {
                if (owner[l] == 0) {
                    owner[l] = part;
                } else if (owner[l] != part && owner[l] > 0) {
                    owner[l] = -1;
                    joined++;
                }
            }
        }
        return new Row((double) fp / bg, fp, (double) tp / mat, c.count(), joined);
    }

    @Test
    @Timeout(600)
    void theDefaultLetsNoBackgroundInAndKeepsParticlesSeparate() {
        int size = 48;
        StringBuilder sb = new StringBuilder();
        java.util.List<int[]> atDefault = new java.util.ArrayList<>();
        double worstFalse = 0;
        double worstKept = 1;
        sb.append(String.format(Locale.ROOT, "[jump threshold] %d^3 phantoms, 60 energies, default windows; per k: "
                + "background voxels let in (share), particle voxels kept, components of " + MIN_VOXELS + "+ voxels%n", size));
        for (double snr : new double[] {10, 20, 50}) {
            for (int particles : new int[] {2, 3, 5}) {
                for (long seed = 1; seed <= 3; seed++) {
                    XanesPhantom ph = XanesPhantom.generate(XanesPhantomSpec.defaults(size, size, size)
                            .withParticles(particles).withSnr(snr).withSeed(seed), 2);
                    XanesParameters p = XanesParameters.builder().e0(ph.spec().e0Ev()).build();
                    double[][] rm = ratios(ph, p);
                    sb.append(String.format(Locale.ROOT, "[jump threshold] SNR %3.0f, %d particles, seed %d:", snr,
                            particles, seed));
                    for (double k : KS) {
                        Row r = row(ph, rm, k);
                        sb.append(String.format(Locale.ROOT, " | k %.0f: %d (%.1e), %.4f, %d%s", k, r.falseVoxels(),
                                r.falseRate(), r.kept(), r.components(), r.joined() > 0 ? " JOINED" : ""));
                        if (k == XanesParameters.DEFAULT_JUMP_THRESHOLD) {
                            atDefault.add(new int[] {particles, r.components(), r.joined()});
                            worstFalse = Math.max(worstFalse, r.falseRate());
                            worstKept = Math.min(worstKept, r.kept());
                        }
                    }
                    sb.append('\n');
                }
            }
        }
        // one larger volume, where chains of background voxels have room to join particles
        XanesPhantom big = XanesPhantom.generate(new XanesPhantomSpec(96, 96, 64, 6549, XanesPhantom.energyGrid(6549),
                5, 50, XanesPhantomSpec.Kind.EDGE_SHIFT, 2, 1), 2);
        double[][] rm = ratios(big, XanesParameters.builder().e0(6549).build());
        sb.append("[jump threshold] 96 x 96 x 64, SNR 50, 2 particles, seed 1:");
        for (double k : KS) {
            Row r = row(big, rm, k);
            sb.append(String.format(Locale.ROOT, " | k %.0f: %d (%.1e), %.4f, %d%s", k, r.falseVoxels(), r.falseRate(),
                    r.kept(), r.components(), r.joined() > 0 ? " JOINED" : ""));
            if (k == XanesParameters.DEFAULT_JUMP_THRESHOLD) {
                atDefault.add(new int[] {2, r.components(), r.joined()});
                worstFalse = Math.max(worstFalse, r.falseRate());
            }
        }
        sb.append('\n');
        System.out.print(sb);
        for (int[] pc : atDefault) {
            assertEquals(pc[0], pc[1], "components of " + MIN_VOXELS + "+ voxels found at the default k");
            assertEquals(0, pc[2], "particles joined at the default k");
        }
        assertTrue(worstFalse < 1e-3, "background let in at the default k: " + worstFalse);
        assertTrue(worstKept > 0.995, "particle voxels kept at the default k (SNR 10 and up): " + worstKept);
    }
}
