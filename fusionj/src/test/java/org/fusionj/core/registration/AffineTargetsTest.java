package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;

import org.fusionj.core.registration.phantom.PhantomCase;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.RegistrationPhantom;
import org.fusionj.core.registration.phantom.TransformError;
import org.junit.jupiter.api.Test;

/** The affine targets on 128^3 phantoms with a per-particle gain change of 0.70 to 0.78. */
class AffineTargetsTest extends PhantomTargets {

    /** Registers, prints the figures (preparation included in the time) and returns the error. */
    static TransformError register(RegistrationPhantom.Pair pair, RegistrationParameters p) {
        long t0 = System.nanoTime();
        PairResult result = run(pair, p);
        long t1 = System.nanoTime();
        TransformError e = error(result, pair);
        System.out.printf(Locale.ROOT, "%s: mean %.4f max %.4f per particle %s, mse %.5f -> %.5f, dice %.4f -> %.4f,"
                + " %d it, %.0f ms%n", p.metric(), e.mean(), e.max(), Arrays.toString(e.particleMean()),
                result.before().mse(), result.after().mse(), result.before().dice(), result.after().dice(),
                result.iterations(), (t1 - t0) / 1e6);
        return e;
    }

    @Test
    void shift() {
        binarisedMse(PhantomCase.SHIFT);
    }

    @Test
    void rotation3() {
        binarisedMse(PhantomCase.ROTATION_3);
    }

    @Test
    void rotation10() {
        binarisedMse(PhantomCase.ROTATION_10);
    }

    @Test
    void anisotropicScale() {
        binarisedMse(PhantomCase.SCALE);
    }

    @Test
    void shear() {
        binarisedMse(PhantomCase.SHEAR);
    }

    @Test
    void mix() {
        binarisedMse(PhantomCase.MIX);
    }

    @Test
    void nccOnGreyValues() {
        ncc(PhantomCase.SHIFT);
        ncc(PhantomCase.ROTATION_10);
        ncc(PhantomCase.MIX);
    }

    @Test
    void restrictedTransformTypesRecoverTheirOwnMotions() {
        RegistrationPhantom.Pair rotation = pair(PhantomCase.ROTATION_10, PhantomNoise.DEFAULT, 7);
        System.out.print("ROTATION_10 rigid ");
        TransformError rigid = register(rotation, RegistrationParameters.builder().transform(TransformType.RIGID)
                .build());
        assertTrue(rigid.mean() <= 0.1 && rigid.max() <= 0.25, "rigid: " + rigid.mean() + " / " + rigid.max());
        System.out.print("ROTATION_10 similarity ");
        TransformError similarity = register(rotation, RegistrationParameters.builder()
                .transform(TransformType.SIMILARITY).build());
        assertTrue(similarity.mean() <= 0.1, "similarity: " + similarity.mean());
        RegistrationPhantom.Pair shift = pair(PhantomCase.SHIFT, PhantomNoise.DEFAULT, 7);
        System.out.print("SHIFT translation ");
        TransformError translation = register(shift, RegistrationParameters.builder()
                .transform(TransformType.TRANSLATION).build());
        assertTrue(translation.mean() <= 0.1 && translation.max() <= 0.25, "translation: " + translation.mean());
    }

    private static void binarisedMse(PhantomCase c) {
        RegistrationPhantom.Pair pair = pair(c, PhantomNoise.DEFAULT, 7);
        System.out.print(c + " ");
        TransformError e = register(pair, RegistrationParameters.defaults());
        assertTrue(e.mean() <= 0.1, c + " mean error " + e.mean());
        assertTrue(e.max() <= 0.25, c + " max error " + e.max());
    }

    private static void ncc(PhantomCase c) {
        RegistrationPhantom.Pair pair = pair(c, PhantomNoise.DEFAULT, 7);
        System.out.print(c + " ");
        TransformError e = register(pair, RegistrationParameters.builder().metric(RegistrationMetric.NCC).build());
        assertTrue(e.mean() <= 0.1, c + " mean error " + e.mean());
        assertTrue(e.max() <= 0.25, c + " max error " + e.max());
    }
}
