package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * LCF on two-reference mixtures recovers the fractions; the active-set enumeration satisfies the KKT conditions
 * of NNLS (with and without the sum constraint) on random problems; bad references are reported.
 */
class LinearCombinationFitTest {

    static final int SIZE = 20;

    record Errors(double mean, double rms, double p95, double max, long voxels) {
    }

    /**
     * Fraction errors on the MIXTURE phantom. The truth is the oxidised fraction of the edge step, weighted by the
     * references' fitted edge jumps (LCF fits normalised spectra: a fraction f of the oxidised state contributes
     * f J_ox / ((1 - f) J_red + f J_ox) of the normalised spectrum; the two jumps differ by well under 1 %).
     */
    static Errors measure(double snr, boolean sumToOne) {
        XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(SIZE, SIZE, SIZE)
                .withKind(XanesPhantomSpec.Kind.MIXTURE).withSnr(snr).withSeed(21), 2);
        List<ReferenceSpectrum> refs = phantom.references();
        LcfParameters lcf = new LcfParameters(refs, sumToOne, LcfParameters.DEFAULT_FIT_WINDOW, true);
        XanesParameters p = XanesParameters.builder().e0(phantom.spec().e0Ev()).noMethods().lcf(lcf).build();
        double[] energies = phantom.series().energiesEv();
        XanesNormalisation norm = XanesNormalisation.of(energies, p);
        double jRed = norm.fit(refs.get(0).interpolate(energies)).edgeJump();
        double jOx = norm.fit(refs.get(1).interpolate(energies)).edgeJump();
        XanesMaps maps = new XanesMapper(2).map(phantom.series(), p);
        assertEquals(List.of("reduced", "oxidised"), maps.referenceNames());
        double sum = 0;
        double sumSq = 0;
        double max = 0;
        long n = 0;
        double[] errors = new double[SIZE * SIZE * SIZE];
        for (int z = 0; z < SIZE; z++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double f = phantom.oxidisedFraction(x, y, z);
                    double truth = f * jOx / ((1 - f) * jRed + f * jOx);
                    int i = x + y * SIZE;
                    double est = maps.fractions()[1][z][i];
                    double estRed = maps.fractions()[0][z][i];
                    assertTrue(est >= 0 && estRed >= 0);
                    if (sumToOne) {
                        assertEquals(1.0, est + estRed, 1e-6);
                    }
                    double e = Math.abs(est - truth);
                    double eRed = Math.abs(estRed - (1 - truth));
                    sum += e + eRed;
                    sumSq += e * e + eRed * eRed;
                    max = Math.max(max, Math.max(e, eRed));
                    errors[(int) (n / 2)] = e;
                    n += 2;
                }
            }
        }
        java.util.Arrays.sort(errors);
        return new Errors(sum / n, Math.sqrt(sumSq / n), errors[(int) (0.95 * errors.length)], max, n / 2);
    }

    @Test
    void mixturesAreRecoveredAtSnr50() {
        for (boolean sumToOne : new boolean[] {true, false}) {
            Errors clean = measure(Double.POSITIVE_INFINITY, sumToOne);
            Errors snr50 = measure(50, sumToOne);
            System.out.printf(Locale.ROOT, "[xanes lcf] sum_to_one=%s: noise-free mean |error| %.2e, max %.2e; "
                            + "SNR 50 mean |error| %.4f, RMS %.4f, 95th percentile %.4f, max %.4f over %d voxels%n",
                    sumToOne, clean.mean(), clean.max(), snr50.mean(), snr50.rms(), snr50.p95(), snr50.max(),
                    snr50.voxels());
            assertTrue(clean.max() < 1e-4, "noise-free max error " + clean.max());
            assertTrue(snr50.mean() <= 0.03, "SNR 50 mean error " + snr50.mean());
            assertTrue(snr50.p95() <= 0.05, "SNR 50 95th percentile " + snr50.p95());
            // the largest error of 8000 voxels is what Gaussian noise gives: about 4 x the RMS
            assertTrue(snr50.max() <= 6 * snr50.rms(), "SNR 50 max error " + snr50.max());
        }
    }

    @Test
    void theMapAgreesWithFittingOneSpectrum() {
        XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(7, 5, 3)
                .withKind(XanesPhantomSpec.Kind.MIXTURE).withSnr(30));
        for (boolean sumToOne : new boolean[] {true, false}) {
            LcfParameters lcf = new LcfParameters(phantom.references(), sumToOne, new EnergyWindow(-30, 60), true);
            XanesParameters p = XanesParameters.builder().e0(6549).noMethods().lcf(lcf).build();
            XanesMaps maps = new XanesMapper(2).map(phantom.series(), p);
            double[] energies = phantom.series().energiesEv();
            XanesNormalisation norm = XanesNormalisation.of(energies, p);
            LinearCombinationFit fit = LinearCombinationFit.prepare(energies, p);
            for (int z = 0; z < 3; z++) {
                for (int i = 0; i < 35; i++) {
                    LinearCombinationFit.Result r = fit.fit(norm.normalise(phantom.series().spectrum(i % 7, i / 7,
                            z)));
                    assertEquals((float) r.fractions()[0], maps.fractions()[0][z][i], 1e-6f);
                    assertEquals((float) r.fractions()[1], maps.fractions()[1][z][i], 1e-6f);
                    assertEquals((float) r.rms(), maps.lcfResidual()[z][i], 1e-6f);
                }
            }
        }
    }

    /** Random references and spectra, fitted over all energies, checked against the KKT conditions. */
    @Test
    void enumerationSatisfiesTheKktConditions() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] energies = TestSeries.range(1000, -60, 60, 2);
        int n = energies.length;
        for (int m = 2; m <= 4; m++) {
            for (int trial = 0; trial < 200; trial++) {
                List<ReferenceSpectrum> refs = new ArrayList<>();
                for (int r = 0; r < m; r++) {
                    double[] mu = new double[n];
                    for (int i = 0; i < n; i++) {
                        mu[i] = rng.nextDouble(-1, 1);
                    }
                    refs.add(new ReferenceSpectrum("r" + r, energies, mu));
                }
                for (boolean sumToOne : new boolean[] {false, true}) {
                    LcfParameters lcf = new LcfParameters(refs, sumToOne, new EnergyWindow(-100, 100), false);
                    XanesParameters p = XanesParameters.builder().e0(1000).preEdge(-60, -40).postEdge(40, 60)
                            .noMethods().lcf(lcf).build();
                    LinearCombinationFit fit = LinearCombinationFit.prepare(energies, p);
                    double[] y = new double[n];
                    for (int i = 0; i < n; i++) {
                        y[i] = rng.nextDouble(-1, 1);
                    }
                    LinearCombinationFit.Result res = fit.fit(y);
                    checkKkt(refs, y, res, sumToOne);
                }
            }
        }
    }

    static void checkKkt(List<ReferenceSpectrum> refs, double[] y, LinearCombinationFit.Result res,
                         boolean sumToOne) {
        int m = refs.size();
        double[] f = res.fractions();
        double[] r = y.clone();
        for (int j = 0; j < m; j++) {
            assertTrue(f[j] >= 0, "negative fraction");
            for (int i = 0; i < y.length; i++) {
                r[i] -= f[j] * refs.get(j).mu()[i];
            }
        }
        double ss = 0;
        for (double v : r) {
            ss += v * v;
        }
        assertEquals(Math.sqrt(ss / y.length), res.rms(), 1e-12);
        // gradient of 0.5 ||A f - y||^2 is g = -A^T r
        double[] g = new double[m];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < y.length; i++) {
                g[j] -= refs.get(j).mu()[i] * r[i];
            }
        }
        double mu = 0;
        if (sumToOne) {
            double s = 0;
            int active = 0;
            for (int j = 0; j < m; j++) {
                s += f[j];
                if (f[j] > 0) {
                    mu += g[j];
                    active++;
                }
            }
            assertEquals(1.0, s, 1e-9);
            mu /= active;
        }
        for (int j = 0; j < m; j++) {
            if (f[j] > 0) {
                assertEquals(mu, g[j], 1e-8, "stationarity on the support");
            } else {
                assertTrue(g[j] - mu >= -1e-8, "dual feasibility: " + (g[j] - mu));
            }
        }
    }

    @Test
    void referencesMustCoverTheSeriesAndDiffer() {
        double[] energies = XanesPhantom.energyGrid(6549);
        double[] short1 = TestSeries.range(6549, -50, 100, 1);
        double[] mu = new double[short1.length];
        java.util.Arrays.fill(mu, 1);
        ReferenceSpectrum narrow = new ReferenceSpectrum("MnO", short1, mu);
        XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(2, 2, 2));
        List<ReferenceSpectrum> good = phantom.references();
        String msg = assertThrows(InvalidInputException.class, () -> LinearCombinationFit.prepare(energies,
                XanesParameters.builder().e0(6549).noMethods().lcf(LcfParameters.of(List.of(good.get(0), narrow)))
                        .build())).getMessage();
        assertTrue(msg.contains("reference 'MnO' covers 6499 to 6649 eV, but the series spans 6384 to 6873 eV"),
                msg);
        ReferenceSpectrum copy = new ReferenceSpectrum("copy", good.get(0).energiesEv(),
                java.util.Arrays.stream(good.get(0).mu()).map(v -> 2 * v).toArray());
        msg = assertThrows(InvalidInputException.class, () -> LinearCombinationFit.prepare(energies,
                XanesParameters.builder().e0(6549).noMethods().lcf(new LcfParameters(List.of(good.get(0), copy),
                        true, LcfParameters.DEFAULT_FIT_WINDOW, false)).build())).getMessage();
        assertTrue(msg.contains("reference 'copy' is (nearly) a linear combination of 'reduced'"), msg);
        msg = assertThrows(InvalidInputException.class, () -> LcfParameters.of(List.of(good.get(0)))).getMessage();
        assertTrue(msg.contains("2 to 4 reference spectra, got 1"), msg);
        msg = assertThrows(InvalidInputException.class, () -> LcfParameters.of(List.of(good.get(0), good.get(0))))
                .getMessage();
        assertTrue(msg.contains("both named 'reduced'"), msg);
        msg = assertThrows(InvalidInputException.class, () -> new ReferenceSpectrum("x", new double[] {1, 3, 2},
                new double[] {0, 0, 0})).getMessage();
        assertTrue(msg.contains("reference 'x': energies must increase strictly"), msg);
    }
}
