package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.registration.phantom.PhantomCase;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.RegistrationPhantom;
import org.fusionj.core.registration.phantom.TransformError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input is refused with a message that says what is wrong; volumes of different sizes are registered. */
class RegistrationInputTest {

    private static RowBlocks blocks;
    private static PairRegistrar registrar;

    @BeforeAll
    static void pool() {
        blocks = new RowBlocks(2);
        registrar = new PairRegistrar(RegistrationParameters.builder().levels(3).build(), blocks,
                CancellationToken.NEVER);
    }

    @AfterAll
    static void close() {
        blocks.close();
    }

    private static InvalidInputException refused(Volume v) {
        return assertThrows(InvalidInputException.class, () -> registrar.prepare(v, "the moving volume"));
    }

    private static void assertSays(InvalidInputException e, String... words) {
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + e.getMessage() + "' should mention '" + w + "'");
        }
    }

    @Test
    void constantAndAllZeroVolumesHaveNoOtsuThreshold() {
        assertSays(refused(Volume.zeros(32, 32, 32)), "the moving volume", "constant");
        Volume c = Volume.zeros(32, 32, 32);
        Arrays.fill(c.data(), 3f);
        assertSays(refused(c), "constant");
    }

    @Test
    void nanVoxelsAreRefusedWithTheirPosition() {
        Volume v = RegistrationPhantom.pair(32, PhantomCase.IDENTITY, PhantomNoise.DEFAULT, 1, blocks).fixed();
        v.data()[3 + 32 * (4 + 32 * 5)] = Float.NaN;
        assertSays(refused(v), "NaN", "x=3, y=4, z=5");
    }

    @Test
    void linesAreRefusedButTwoDimensionalImagesAreNot() {
        Volume line = new Volume(64, 1, 1, new float[64]);
        line.data()[10] = 1;
        assertSays(refused(line), "at least 2 pixels", "64 x 1 x 1");
        Volume small = new Volume(16, 16, 1, new float[16 * 16]);
        small.data()[100] = 1;
        // a 2-D image is registered in its plane (Registration2dTest); its depth does not count for the pyramid
        assertSays(refused(small), "level 3", "4 x 4 x 1");
        Volume image = new Volume(64, 64, 1, new float[64 * 64]);
        image.data()[100] = 1;
        registrar.prepare(image, "a 2-D image");
    }

    @Test
    void aVolumeTooSmallForThePyramidNamesTheLevel() {
        Volume v = RegistrationPhantom.pair(24, PhantomCase.IDENTITY, PhantomNoise.DEFAULT, 1, blocks).fixed();
        // 24 -> 12 -> 6: the third level is too small
        assertSays(refused(v), "level 3", "6 x 6 x 6", "use 2 level(s)");
    }

    @Test
    void aSeriesOfOneFrameAndAFixedEnergyOutOfRangeAreRefused() {
        assertSays(assertThrows(InvalidInputException.class, () -> SeriesRegistrar.check(1, 0)), "at least 2");
        assertSays(assertThrows(InvalidInputException.class, () -> SeriesRegistrar.check(5, 7)), "frame 1 to 5");
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(InvalidInputException.class, () -> RegistrationParameters.builder().levels(0).build());
        assertThrows(InvalidInputException.class, () -> RegistrationParameters.builder().smoothing(-1).build());
        assertThrows(InvalidInputException.class, () -> TransformType.parse("elastic"));
        assertThrows(InvalidInputException.class, () -> RegistrationMetric.parse("mutual"));
    }

    @Test
    void aMovingVolumeOfAnotherSizeIsRegisteredFromAlignedCentres() {
        int n = 64;
        RegistrationPhantom.Pair pair = RegistrationPhantom.pair(n, PhantomCase.SHIFT, PhantomNoise.DEFAULT, 3,
                blocks);
        // crop 6 voxels off the left and 2 off the top of the moving volume: it is 58 x 62 x 64
        int cx = 6;
        int cy = 2;
        int mx = n - cx;
        int my = n - cy;
        float[] crop = new float[mx * my * n];
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < my; y++) {
                System.arraycopy(pair.moving().data(), cx + n * (y + cy + n * z), crop, mx * (y + n * 0) + mx * my * z,
                        mx);
            }
        }
        Volume moving = new Volume(mx, my, n, crop);
        PairResult r = registrar.register(registrar.prepare(pair.fixed(), "fixed"), registrar.prepare(moving,
                "moving"), null);
        AffineTransform3D[] truth = new AffineTransform3D[pair.motions().length];
        for (int k = 0; k < truth.length; k++) {
            truth[k] = AffineTransform3D.translation(-cx, -cy, 0).after(pair.motions()[k]);
        }
        TransformError e = TransformError.of(r.field(), truth, pair.labels(), n, n);
        assertTrue(e.mean() <= 0.1, "mean error " + e.mean());
        assertTrue(r.after().mse() < r.before().mse());
    }
}
