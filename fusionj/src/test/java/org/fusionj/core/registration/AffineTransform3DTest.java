package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class AffineTransform3DTest {

    private static final double[] C = {10, 20, 30};

    private static AffineTransform3D sample() {
        return AffineTransform3D.translation(1.5, -2, 0.25)
                .after(AffineTransform3D.rotationAbout(C, new double[] {1, 2, 3}, 17))
                .after(AffineTransform3D.linearAbout(C, new double[] {1.05, 0.03, 0, 0.01, 0.97, 0.02, 0, 0, 1.1}));
    }

    @Test
    void composeAppliesTheRightHandTransformFirst() {
        AffineTransform3D shift = AffineTransform3D.translation(1, 2, 3);
        AffineTransform3D scale = AffineTransform3D.of(2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0);
        assertArrayEquals(new double[] {4, 6, 8}, scale.after(shift).apply(1, 1, 1), 1e-12);
        assertArrayEquals(new double[] {3, 4, 5}, shift.after(scale).apply(1, 1, 1), 1e-12);
    }

    @Test
    void inverseUndoesTheTransformBothWays() {
        AffineTransform3D t = sample();
        double[] p = t.apply(3, -4, 7.5);
        assertArrayEquals(new double[] {3, -4, 7.5}, t.inverse().apply(p[0], p[1], p[2]), 1e-10);
        assertEquals(0, t.after(t.inverse()).maxDistanceOnBox(AffineTransform3D.identity(), 100, 100, 100), 1e-10);
        assertEquals(0, t.inverse().after(t).maxDistanceOnBox(AffineTransform3D.identity(), 100, 100, 100), 1e-10);
    }

    @Test
    void rotationAboutACentreKeepsTheCentreAndDistances() {
        AffineTransform3D r = AffineTransform3D.rotationAbout(C, new double[] {0, 0, 1}, 90);
        assertArrayEquals(C, r.apply(C[0], C[1], C[2]), 1e-12);
        // (1, 0, 0) from the centre turns to (0, 1, 0)
        assertArrayEquals(new double[] {10, 21, 30}, r.apply(11, 20, 30), 1e-12);
    }

    @Test
    void matrix4x4RoundTripsAndRefusesANonAffineLastRow() {
        AffineTransform3D t = sample();
        assertEquals(t, AffineTransform3D.ofMatrix4x4(t.matrix4x4()));
        double[] bad = t.matrix4x4();
        bad[14] = 0.5;
        assertThrows(InvalidInputException.class, () -> AffineTransform3D.ofMatrix4x4(bad));
        assertThrows(InvalidInputException.class, () -> AffineTransform3D.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0)
                .inverse());
    }

    @Test
    void pyramidLevelConversionRoundTripsAndMapsVoxelCentres() {
        AffineTransform3D t = sample();
        AffineTransform3D l2 = Pyramid.toLevel(t, 2);
        assertEquals(0, Pyramid.fromLevel(l2, 2).maxDistanceOnBox(t, 64, 64, 64), 1e-9);
        // a shift of 4 fine voxels is a shift of 1 voxel on level 2
        assertArrayEquals(new double[] {1, 0, 0}, Pyramid.toLevel(AffineTransform3D.translation(4, 0, 0), 2)
                .apply(0, 0, 0), 1e-12);
    }

    @Test
    void restrictedIncrementsStayInTheirGroup() {
        double[] q = {0.3, -0.2, 0.1, 0.5, 1, 2, 3};
        AffineTransform3D sim = TransformType.SIMILARITY.increment(q, C, 20);
        double[] m = sim.rows3x4();
        // columns of a scaled rotation are orthogonal and of equal length 1 + 0.5 / 20
        double c0 = m[0] * m[0] + m[4] * m[4] + m[8] * m[8];
        double c1 = m[1] * m[1] + m[5] * m[5] + m[9] * m[9];
        double dot = m[0] * m[1] + m[4] * m[5] + m[8] * m[9];
        assertEquals(Math.pow(1 + 0.5 / 20, 2), c0, 1e-12);
        assertEquals(c0, c1, 1e-12);
        assertEquals(0, dot, 1e-12);
        assertArrayEquals(new double[] {C[0] + 1, C[1] + 2, C[2] + 3}, sim.apply(C[0], C[1], C[2]), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3}, TransformType.TRANSLATION.increment(new double[] {1, 2, 3}, C, 20)
                .apply(0, 0, 0), 1e-12);
    }
}
