package org.fusionj.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Connected components on small hand-made volumes and against a flood-fill reference. */
class ConnectedComponentsTest {

    /** A volume from text: slices separated by '|', rows by '/', '#' = foreground. */
    static byte[][] volume(String text, int[] size) {
        String[] slices = text.split("\\|");
        String[] rows0 = slices[0].split("/");
        int h = rows0.length;
        int w = rows0[0].length();
        byte[][] out = new byte[slices.length][w * h];
        for (int z = 0; z < slices.length; z++) {
            String[] rows = slices[z].split("/");
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[z][x + y * w] = (byte) (rows[y].charAt(x) == '#' ? 1 : 0);
                }
            }
        }
        size[0] = w;
        size[1] = h;
        return out;
    }

    static Components label(String text, Connectivity c) {
        int[] size = new int[2];
        byte[][] v = volume(text, size);
        return ConnectedComponents.label(v, size[0], size[1], c);
    }

    @Test
    void cornerContactSeparatesUnderSixAndJoinsUnderTwentySix() {
        // (0,0,0) and (1,1,1) touch at a corner only
        String corner = "#./..|../.#";
        assertEquals(2, label(corner, Connectivity.SIX).count());
        assertEquals(1, label(corner, Connectivity.TWENTY_SIX).count());
        // (0,0) and (1,1) in one slice touch at an edge
        String edge = "#./.#";
        assertEquals(2, label(edge, Connectivity.SIX).count());
        assertEquals(1, label(edge, Connectivity.TWENTY_SIX).count());
        // face contact across slices joins under both
        String face = "#./..|#./..";
        assertEquals(1, label(face, Connectivity.SIX).count());
        assertEquals(1, label(face, Connectivity.TWENTY_SIX).count());
        // an anti-diagonal corner contact across slices (x+1, y-1, z+1)
        String anti = "../#.|.#/..";
        assertEquals(2, label(anti, Connectivity.SIX).count());
        assertEquals(1, label(anti, Connectivity.TWENTY_SIX).count());
    }

    @Test
    void labelsFollowScanOrderAndMergesResolve() {
        // a U: the two arms get different provisional labels, the bottom row merges them
        Components u = label("#..#./#..#./####.|...../...../....#", Connectivity.SIX);
        assertEquals(2, u.count());
        assertArrayEquals(new int[] {1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1, 0}, u.labels()[0]);
        assertEquals(8, u.size(1));
        assertEquals(1, u.size(2));
        assertEquals(2, u.labels()[1][14]);
        assertEquals(0, u.sizes()[0]);
        Components kept = u.keepAtLeast(2);
        assertEquals(1, kept.count());
        assertEquals(0, kept.labels()[1][14]);
        assertEquals(8, kept.size(1));
        assertEquals(1, u.mask(2)[1][14]);
        // scan order: the component whose first voxel comes first gets label 1
        Components order = label("..#/.../#..|#../.../...", Connectivity.SIX);
        assertEquals(3, order.count());
        assertEquals(1, order.labels()[0][2]);
        assertEquals(2, order.labels()[0][6]);
        assertEquals(3, order.labels()[1][0]);
        // joined through the next slice: one component, labelled where it first appears
        Components joined = label("#.#/.../...|###/.../...", Connectivity.SIX);
        assertEquals(1, joined.count());
        assertEquals(5, joined.size(1));
    }

    @Test
    void agreesWithFloodFillOnRandomVolumes() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            int w = 5 + rng.nextInt(20);
            int h = 5 + rng.nextInt(20);
            int d = 1 + rng.nextInt(12);
            double density = 0.2 + 0.4 * rng.nextDouble();
            byte[][] v = new byte[d][w * h];
            for (byte[] plane : v) {
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = (byte) (rng.nextDouble() < density ? 1 : 0);
                }
            }
            for (Connectivity c : Connectivity.values()) {
                Components got = ConnectedComponents.label(v, w, h, c);
                int[][] expected = floodFill(v, w, h, c);
                for (int z = 0; z < d; z++) {
                    assertArrayEquals(expected[z], got.labels()[z], "trial " + trial + " " + c + " slice " + z);
                }
                long total = 0;
                for (int l = 1; l <= got.count(); l++) {
                    total += got.size(l);
                }
                long fg = 0;
                for (byte[] plane : v) {
                    for (byte b : plane) {
                        fg += b;
                    }
                }
                assertEquals(fg, total);
            }
        }
    }

    /** Breadth-first flood fill, seeds in scan order: the reference labelling. */
    static int[][] floodFill(byte[][] v, int w, int h, Connectivity c) {
        int d = v.length;
        int[][] out = new int[d][w * h];
        int next = 0;
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        for (int z = 0; z < d; z++) {
            for (int i = 0; i < w * h; i++) {
                if (v[z][i] == 0 || out[z][i] != 0) {
                    continue;
                }
                next++;
                out[z][i] = next;
                queue.add(new int[] {i % w, i / w, z});
                while (!queue.isEmpty()) {
                    int[] p = queue.poll();
                    for (int dz = -1; dz <= 1; dz++) {
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                int manhattan = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
                                if (manhattan == 0 || (c == Connectivity.SIX && manhattan > 1)) {
                                    continue;
                                }
                                int x = p[0] + dx;
                                int y = p[1] + dy;
                                int zz = p[2] + dz;
                                if (x < 0 || y < 0 || zz < 0 || x >= w || y >= h || zz >= d) {
                                    continue;
                                }
                                int j = x + y * w;
                                if (v[zz][j] != 0 && out[zz][j] == 0) {
                                    out[zz][j] = next;
                                    queue.add(new int[] {x, y, zz});
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void badMasksAndOptionsAreReported() {
        String msg = assertThrows(InvalidInputException.class, () -> ConnectedComponents.label(
                new byte[][] {new byte[6], new byte[5]}, 3, 2, Connectivity.SIX)).getMessage();
        assertTrue(msg.contains("slice 2 of the mask has 5 values, expected 3 x 2 = 6"), msg);
        assertEquals(Connectivity.SIX, Connectivity.parse("6"));
        assertEquals(Connectivity.TWENTY_SIX, Connectivity.parse("26"));
        assertThrows(InvalidInputException.class, () -> Connectivity.parse("18"));
        Components empty = ConnectedComponents.label(new byte[2][9], 3, 3, Connectivity.TWENTY_SIX);
        assertEquals(0, empty.count());
        assertEquals(1, empty.sizes().length);
    }
}
