package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;

import org.fusionj.core.registration.phantom.PhantomCase;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.RegistrationPhantom;
import org.fusionj.core.registration.phantom.TransformError;
import org.junit.jupiter.api.Test;

/** Salt-and-pepper noise with the median option, one tilted particle in per-particle mode, and no motion at all. */
class NoiseAndParticleTargetsTest extends PhantomTargets {

    @Test
    void mixWithSaltAndPepperNoiseAndTheMedianStaysWithinATenthOfAVoxel() {
        RegistrationParameters p = RegistrationParameters.builder().median(true).build();
        for (double fraction : new double[] {0.02, 0.05, 0.10, 0.30}) {
            RegistrationPhantom.Pair pair = pair(PhantomCase.MIX, PhantomNoise.DEFAULT.withSaltPepper(fraction), 11);
            PairResult result = run(pair, p);
            TransformError e = error(result, pair);
            System.out.printf(Locale.ROOT, "salt-and-pepper %.0f %%, median: mean %.4f max %.4f%n", 100 * fraction,
                    e.mean(), e.max());
            assertTrue(e.mean() <= 0.1, "salt-and-pepper " + fraction + ": mean error " + e.mean());
        }
    }

    @Test
    void perParticleModeFixesOneTiltedParticle() {
        RegistrationPhantom.Pair pair = pair(PhantomCase.TILT, PhantomNoise.DEFAULT, 13);
        PairResult global = run(pair, RegistrationParameters.defaults());
        TransformError eg = error(global, pair);
        PairResult local = run(pair, RegistrationParameters.builder().perParticle(true).build());
        TransformError el = error(local, pair);
        System.out.printf(Locale.ROOT, "tilt: global mean per particle %s; per-particle mean %s max %s%n",
                Arrays.toString(eg.particleMean()), Arrays.toString(el.particleMean()),
                Arrays.toString(el.particleMax()));
        assertEquals(3, local.particles().size());
        assertTrue(eg.particleMean()[0] > 0.5, "a single affine cannot follow the tilt: " + eg.particleMean()[0]);
        for (int k = 0; k < 3; k++) {
            assertTrue(el.particleMean()[k] <= 0.1, "particle " + k + " mean error " + el.particleMean()[k]);
        }
        assertTrue(local.after().mse() < global.after().mse());
    }

    @Test
    void identityDoesNoHarm() {
        RegistrationPhantom.Pair pair = pair(PhantomCase.IDENTITY, PhantomNoise.DEFAULT, 17);
        PairResult result = run(pair, RegistrationParameters.defaults());
        TransformError e = error(result, pair);
        System.out.printf(Locale.ROOT, "identity: mse %.6f -> %.6f, mean %.4f max %.4f%n", result.before().mse(),
                result.after().mse(), e.mean(), e.max());
        assertTrue(result.after().mse() <= result.before().mse());
        assertTrue(e.mean() <= 0.05, "mean error " + e.mean());
        assertTrue(e.max() <= 0.05, "max error " + e.max());
    }
}
