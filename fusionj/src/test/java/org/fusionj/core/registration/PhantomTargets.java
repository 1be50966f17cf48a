package org.fusionj.core.registration;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.registration.phantom.PhantomCase;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.RegistrationPhantom;
import org.fusionj.core.registration.phantom.TransformError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the target tests on {@value #N}^3 phantom pairs share: a two-thread pool, making a pair, registering it, and
 * the error of the result against the pair's true motions.
 */
abstract class PhantomTargets {

    static final int N = 128;
    private static RowBlocks blocks;

    @BeforeAll
    static void pool() {
        blocks = new RowBlocks(2);
    }

    @AfterAll
    static void close() {
        blocks.close();
    }

    static RegistrationPhantom.Pair pair(PhantomCase c, PhantomNoise noise, long seed) {
        return RegistrationPhantom.pair(N, c, noise, seed, blocks);
    }

    static PairResult run(RegistrationPhantom.Pair pair, RegistrationParameters p) {
        PairRegistrar r = new PairRegistrar(p, blocks, CancellationToken.NEVER);
        return r.register(r.prepare(pair.fixed(), "fixed"), r.prepare(pair.moving(), "moving"), null);
    }

    static TransformError error(PairResult result, RegistrationPhantom.Pair pair) {
        return TransformError.of(result.field(), pair.motions(), pair.labels(), N, N);
    }
}
