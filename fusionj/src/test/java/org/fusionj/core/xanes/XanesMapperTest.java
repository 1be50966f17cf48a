package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;

/** Masks, NaN voxels, requested outputs, thread independence, progress and cancellation of the mapper. */
class XanesMapperTest {

    static XanesParameters everything(XanesPhantom phantom) {
        return XanesParameters.builder().e0(phantom.spec().e0Ev()).methods(EnumSet.allOf(EdgeMethod.class))
                .edgeJumpMap(true).lcf(LcfParameters.of(phantom.references())).build();
    }

    @Test
    void resultsAreBitIdenticalForAnyThreadCount() {
        // 300 x 29: 27 rows per chunk do not divide the height, chunks are not multiples of the 256-voxel tile
        XanesPhantom phantom = XanesPhantom.generate(new XanesPhantomSpec(300, 29, 5, 6549,
                XanesPhantom.energyGrid(6549), 5, 20, XanesPhantomSpec.Kind.MIXTURE, 2, 3), 3);
        XanesParameters p = everything(phantom);
        XanesMaps one = new XanesMapper(1).map(phantom.series(), p);
        for (int threads : new int[] {2, 3}) {
            XanesMaps many = new XanesMapper(threads).map(phantom.series(), p);
            assertEquals(one.counts(), many.counts());
            for (int z = 0; z < one.depth(); z++) {
                assertArrayEquals(one.mask()[z], many.mask()[z]);
            }
            Map<String, float[][]> a = one.namedMaps();
            Map<String, float[][]> b = many.namedMaps();
            assertEquals(a.keySet(), b.keySet());
            for (String key : a.keySet()) {
                for (int z = 0; z < one.depth(); z++) {
                    assertArrayEquals(a.get(key)[z], b.get(key)[z], key + " slice " + z + ", " + threads
                            + " threads");
                }
            }
        }
        assertEquals(List.of("edge_jump", "half_height", "half_height_cubic", "max_derivative", "white_line_energy",
                "white_line_height", "fraction_reduced", "fraction_oxidised", "lcf_residual"),
                new ArrayList<>(one.namedMaps().keySet()));
        // and the phantom itself does not depend on the threads that generated it
        XanesPhantom again = XanesPhantom.generate(phantom.spec(), 1);
        for (int e = 0; e < phantom.series().energyCount(); e++) {
            for (int z = 0; z < 5; z++) {
                assertArrayEquals(phantom.series().planes()[e][z], again.series().planes()[e][z]);
            }
        }
    }

    @Test
    void onlyRequestedMapsAreAllocated() {
        XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(8, 8, 2));
        XanesMaps m = new XanesMapper(1).map(phantom.series(),
                XanesParameters.builder().e0(6549).methods(EdgeMethod.MAX_DERIVATIVE).build());
        assertNotNull(m.maxDerivative());
        assertNotNull(m.mask());
        assertNull(m.halfHeight());
        assertNull(m.halfHeightCubic());
        assertNull(m.whiteLineEnergy());
        assertNull(m.edgeJump());
        assertNull(m.fractions());
        assertNull(m.lcfResidual());
        assertEquals(List.of(), m.referenceNames());
        assertEquals(List.of("max_derivative"), new ArrayList<>(m.namedMaps().keySet()));
        assertTrue(m.edgeEnergy(EdgeMethod.MAX_DERIVATIVE) == m.maxDerivative());
    }

    @Test
    void nanVoxelsAreMaskedAndCounted() {
        XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(6, 5, 3));
        float[][][] planes = phantom.series().planes();
        planes[17][1][7] = Float.NaN;
        planes[0][2][0] = Float.POSITIVE_INFINITY;
        planes[59][0][29] = Float.NaN;
        XanesMaps m = new XanesMapper(2).map(phantom.series(), everything(phantom));
        assertEquals(3, m.counts().nonFinite());
        assertEquals(90 - 3, m.counts().included());
        assertEquals(0, m.mask()[1][7]);
        assertTrue(Float.isNaN(m.halfHeight()[1][7]));
        assertTrue(Float.isNaN(m.fractions()[0][2][0]));
        assertTrue(Float.isNaN(m.edgeJump()[0][29]));
        assertEquals(1, m.mask()[0][28]);
        assertTrue(m.counts().summary().startsWith("87 of 90 voxels mapped (0 outside the mask, 3 with NaN"));
    }

    @Test
    void externalMaskAndParticlesMaskVoxels() {
        XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(40, 40, 40).withParticles(3), 2);
        XanesParameters p = XanesParameters.builder().e0(6549).build();
        XanesMaps m = new XanesMapper(2).map(phantom.series(), p);
        long material = 0;
        long materialIncluded = 0;
        long backgroundIncluded = 0;
        for (int z = 0; z < 40; z++) {
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 40; x++) {
                    boolean in = m.mask()[z][x + y * 40] != 0;
                    if (phantom.isMaterial(x, y, z)) {
                        material++;
                        materialIncluded += in ? 1 : 0;
                    } else {
                        backgroundIncluded += in ? 1 : 0;
                    }
                }
            }
        }
        long background = 64000 - material;
        System.out.printf("[xanes mask] k = 3, SNR 50: %d of %d material voxels kept, %d of %d background voxels "
                + "kept%n", materialIncluded, material, backgroundIncluded, background);
        assertEquals(material, materialIncluded);
        assertTrue(backgroundIncluded < 0.05 * background, "background kept: " + backgroundIncluded);
        // an external mask that keeps only the material
        byte[][] mask = new byte[40][1600];
        for (int z = 0; z < 40; z++) {
            for (int i = 0; i < 1600; i++) {
                mask[z][i] = (byte) (phantom.isMaterial(i % 40, i / 40, z) ? 1 : 0);
            }
        }
        XanesMaps masked = new XanesMapper(2).map(phantom.series(), p, mask, ProgressListener.NONE,
                CancellationToken.NEVER);
        assertEquals(background, masked.counts().externalMasked());
        assertEquals(material, masked.counts().included());
    }

    @Test
    void allMaskedIsAnError() {
        XanesPhantom noise = XanesPhantom.generate(XanesPhantomSpec.defaults(6, 6, 2).withParticles(0)
                .withEdgeShift(0));
        // a series of pure noise: no edge anywhere
        float[][][] planes = noise.series().planes();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (float[][] vol : planes) {
            for (float[] plane : vol) {
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = (float) (0.02 * rng.nextGaussian());
                }
            }
        }
        XanesParameters p = XanesParameters.builder().e0(6549).jumpThreshold(50).build();
        String msg = assertThrows(InvalidInputException.class,
                () -> new XanesMapper(1).map(noise.series(), p)).getMessage();
        assertTrue(msg.startsWith("all 72 voxels are masked (0 outside the mask, 0 with NaN or infinite values, 72 "
                + "with edge jump below k x pre-edge noise): edge jump below k x noise everywhere; lower k "
                + "(jump_threshold = 50) or check the edge energy (e0 = 6549 eV)"), msg);
        byte[][] none = new byte[2][36];
        msg = assertThrows(InvalidInputException.class, () -> new XanesMapper(1).map(noise.series(), p, none,
                ProgressListener.NONE, CancellationToken.NEVER)).getMessage();
        assertTrue(msg.contains("the mask excludes every voxel"), msg);
        msg = assertThrows(InvalidInputException.class, () -> new XanesMapper(1).map(noise.series(), p,
                new byte[2][35], ProgressListener.NONE, CancellationToken.NEVER)).getMessage();
        assertTrue(msg.contains("slice 1 of the mask has 35 values, expected 6 x 6 = 36"), msg);
    }

    @Test
    void progressRisesToOneAndCancellationStops() {
        XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(64, 64, 8));
        // max_derivative (fitted) maps in two passes (its shared white-line width): progress still rises once to 1
        XanesParameters p = XanesParameters.builder().e0(6549)
                .methods(EnumSet.of(EdgeMethod.HALF_HEIGHT, EdgeMethod.MAX_DERIVATIVE)).build();
        List<Double> seen = new ArrayList<>();
        new XanesMapper(2).map(phantom.series(), p, null, (f, msg) -> {
            synchronized (seen) {
                seen.add(f);
            }
        }, CancellationToken.NEVER);
        assertTrue(seen.size() > 1);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1));
        }
        assertEquals(1.0, seen.get(seen.size() - 1), 1e-12);
        for (int threads : new int[] {1, 2}) {
            CancellationToken token = new CancellationToken();
            assertThrows(CancelledException.class, () -> new XanesMapper(threads).map(phantom.series(), p, null,
                    (f, msg) -> token.cancel(), token));
        }
    }

    @Test
    void threadsMustBePositive() {
        assertThrows(InvalidInputException.class, () -> new XanesMapper(0));
    }
}
