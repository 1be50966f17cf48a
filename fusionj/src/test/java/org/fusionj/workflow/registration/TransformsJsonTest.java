package org.fusionj.workflow.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.RegistrationQuality;
import org.junit.jupiter.api.Test;

/**
 * transforms.json: the text is exactly the format written before the voxel size left ImageJ's Calibration (a
 * golden file made by that version), and the reader gives back every matrix bit for bit.
 */
class TransformsJsonTest {

    /** Three energies, the middle one fixed; the first with two particle transforms; awkward numbers. */
    static List<PairResult> results() {
        double[] c = {12.5, 7.25, 3};
        AffineTransform3D a = AffineTransform3D.translation(0.1, -2.0 / 3, 1e-17)
                .after(AffineTransform3D.rotationAbout(c, new double[] {0.3, -0.2, 1}, 2.7));
        AffineTransform3D b = AffineTransform3D.linearAbout(c, new double[] {1.01, 0.002, 0, 0, 0.99, 1e-9, 0, 0, 1});
        AffineTransform3D p1 = AffineTransform3D.rotationAbout(new double[] {4, 5, 6}, new double[] {1, 0.5, 0.2}, 8)
                .after(a);
        AffineTransform3D p2 = AffineTransform3D.translation(123456.789, 0, -0.5).after(a);
        return List.of(
                new PairResult(a, List.of(new PairResult.ParticleTransform(1, 1234, new double[] {4, 5.5, 6.125}, p1),
                        new PairResult.ParticleTransform(2, 17, new double[] {20.1, 1.0 / 3, 2}, p2)), new int[8],
                        new RegistrationQuality(0.0123456789, 0.9), new RegistrationQuality(Double.NaN, 1), 42, false),
                new PairResult(AffineTransform3D.identity(), List.of(), null, new RegistrationQuality(0, 1),
                        new RegistrationQuality(0, 1), 0, false),
                new PairResult(b, List.of(), null, new RegistrationQuality(0.5, 0.25),
                        new RegistrationQuality(1e-7, 0.999999), 7, true));
    }

    static String write() {
        RegistrationParameters p = RegistrationParameters.builder().perParticle(true).build();
        return TransformsJson.write(p, new double[] {0.02, 0.025, 1.5}, "\u00b5m", new double[] {6530, 6552.5,
            6580.125}, 1, results());
    }

    @Test
    void theTextIsTheFormatWrittenBeforeCalibrationLeft() throws IOException {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("transforms-golden.json")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(golden, write());
    }

    @Test
    void theReaderGivesBackEveryMatrixBitForBit() {
        TransformsJson.Contents c = TransformsJson.read(write(), "transforms.json");
        List<PairResult> r = results();
        assertEquals(3, c.global().length);
        assertEquals(1, c.fixedIndex());
        assertArrayEquals(new double[] {0.02, 0.025, 1.5}, c.voxelSize(), 0);
        assertEquals("\u00b5m", c.unit());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(r.get(i).global().rows3x4(), c.global()[i].rows3x4(), 0, "volume " + i);
            assertEquals(r.get(i).particles().size(), c.particles().get(i).size());
            for (int k = 0; k < r.get(i).particles().size(); k++) {
                PairResult.ParticleTransform want = r.get(i).particles().get(k);
                PairResult.ParticleTransform got = c.particles().get(i).get(k);
                assertEquals(want.label(), got.label());
                assertEquals(want.voxels(), got.voxels());
                assertArrayEquals(want.centroid(), got.centroid(), 0);
                assertArrayEquals(want.transform().rows3x4(), got.transform().rows3x4(), 0);
            }
        }
    }

    @Test
    void aFileOfAnotherFormatIsRefusedByName() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TransformsJson.read("{\"format\": \"something\", \"volumes\": []}", "t.json"));
        assertEquals(true, e.getMessage().startsWith("t.json"), e.getMessage());
    }
}
