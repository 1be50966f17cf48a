package org.fusionj.core.fusion.phantom;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.InvalidInputException;

/**
 * How close estimated elemental maps are to a phantom's truth.
 *
 * <p>Common scale. Raw maps are in counts, fused maps on the solver's normalised [0, 1] scale (the min-max scale of
 * each noisy input map, which is set by its noisiest pixel), and the truth is a concentration in [0, 1]. None of
 * these scales is comparable, so every estimate is first mapped to the truth by its own least-squares gain and
 * offset, {@code (a, b) = argmin ||a * est + b - truth||^2}. That is the most favourable affine calibration each
 * estimate can get, so raw and fused maps are judged on what they contain, not on their units. (For a noisy raw
 * map this fit also shrinks the noise a little, which can only help the raw map: the comparison is conservative.)
 *
 * <p>Figures of merit, per element:
 * <ul>
 *   <li>SNR in dB, {@code 10 log10(sum truth^2 / sum (calibrated - truth)^2)} over all pixels;</li>
 *   <li>relative-concentration error: the mean, over the specimen pixels (where the true concentrations add up to
 *       at least {@link #SPECIMEN_THRESHOLD}, i.e. on and near atomic columns), of
 *       {@code |f_e(est) - f_e(truth)|} with {@code f_e = c_e / sum_k c_k}, the element's fraction of the local
 *       composition; calibrated estimates are clipped at 0 first, and a pixel where all of them are 0 counts as
 *       equal fractions {@code 1 / n_elements}.</li>
 * </ul>
 */
public final class PhantomScore {

    /** Pixels whose true concentrations add up to at least this belong to the specimen. */
    public static final double SPECIMEN_THRESHOLD = 0.2;

    private PhantomScore() {
    }

    /**
     * The scores of one element.
     *
     * @param symbol             element symbol
     * @param snrRawDb           SNR of the calibrated raw (noisy) map, dB
     * @param snrFusedDb         SNR of the calibrated fused map, dB
     * @param fractionErrorRaw   mean absolute error of the element's fraction, raw maps
     * @param fractionErrorFused mean absolute error of the element's fraction, fused maps
     */
    public record ElementScore(String symbol, double snrRawDb, double snrFusedDb, double fractionErrorRaw,
                               double fractionErrorFused) {

        /** SNR improvement of fused over raw, dB. */
        public double gainDb() {
            return snrFusedDb - snrRawDb;
        }
    }

    /** Scores the noisy maps and {@code fused} (e.g. {@code FusionResult.fusedMaps()}) against the truth. */
    public static List<ElementScore> score(FusionPhantom phantom, List<float[]> fused) {
        int n = phantom.elementCount();
        if (fused.size() != n) {
            throw new InvalidInputException("expected " + n + " fused maps, got " + fused.size());
        }
        List<float[]> truth = phantom.truth();
        List<float[]> raw = new ArrayList<>(n);
        List<float[]> est = new ArrayList<>(n);
        for (int e = 0; e < n; e++) {
            raw.add(calibrate(phantom.noisyMaps().get(e), truth.get(e)));
            est.add(calibrate(fused.get(e), truth.get(e)));
        }
        boolean[] mask = specimenMask(truth, SPECIMEN_THRESHOLD);
        double[] fracRaw = fractionErrors(raw, truth, mask);
        double[] fracFused = fractionErrors(est, truth, mask);
        List<ElementScore> scores = new ArrayList<>(n);
        for (int e = 0; e < n; e++) {
            scores.add(new ElementScore(phantom.symbols().get(e), snrDb(raw.get(e), truth.get(e)),
                    snrDb(est.get(e), truth.get(e)), fracRaw[e], fracFused[e]));
        }
        return scores;
    }

    /**
     * Least-squares gain and offset {@code {a, b}} minimising {@code ||a * est + b - truth||^2}. A constant estimate
     * gets {@code a = 0, b = mean(truth)}.
     */
    public static double[] affineFit(float[] estimate, float[] truth) {
        requireSameLength(estimate, truth);
        int n = estimate.length;
        double meanE = 0;
        double meanT = 0;
        for (int i = 0; i < n; i++) {
            meanE += estimate[i];
            meanT += truth[i];
        }
        meanE /= n;
        meanT /= n;
        double cov = 0;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double de = estimate[i] - meanE;
            cov += de * (truth[i] - meanT);
            var += de * de;
        }
        double a = var > 0 ? cov / var : 0;
        return new double[] {a, meanT - a * meanE};
    }

    /** {@code estimate} mapped to the truth's scale by {@link #affineFit}. */
    public static float[] calibrate(float[] estimate, float[] truth) {
        double[] ab = affineFit(estimate, truth);
        float[] out = new float[estimate.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (ab[0] * estimate[i] + ab[1]);
        }
        return out;
    }

    /** {@code 10 log10(sum truth^2 / sum (estimate - truth)^2)}, no calibration; +infinity for a perfect match. */
    public static double snrDb(float[] estimate, float[] truth) {
        requireSameLength(estimate, truth);
        double signal = 0;
        double error = 0;
        for (int i = 0; i < truth.length; i++) {
            double t = truth[i];
            double d = estimate[i] - t;
            signal += t * t;
            error += d * d;
        }
        return 10 * Math.log10(signal / error);
    }

    /** Pixels where the true concentrations add up to at least {@code threshold}. */
    public static boolean[] specimenMask(List<float[]> truth, double threshold) {
        int n = truth.get(0).length;
        boolean[] mask = new boolean[n];
        for (int p = 0; p < n; p++) {
            double s = 0;
            for (float[] t : truth) {
                s += t[p];
            }
            mask[p] = s >= threshold;
        }
        return mask;
    }

    /**
     * Per element, the mean over {@code mask} of {@code |f_e(est) - f_e(truth)|}, with {@code f_e = c_e / sum c} and
     * estimates clipped at 0 (see the class comment).
     */
    public static double[] fractionErrors(List<float[]> estimates, List<float[]> truth, boolean[] mask) {
        int nE = truth.size();
        if (estimates.size() != nE) {
            throw new InvalidInputException("expected " + nE + " estimates, got " + estimates.size());
        }
        double[] err = new double[nE];
        long count = 0;
        for (int p = 0; p < mask.length; p++) {
            if (!mask[p]) {
                continue;
            }
            count++;
            double sumE = 0;
            double sumT = 0;
            for (int e = 0; e < nE; e++) {
                sumE += Math.max(0, estimates.get(e)[p]);
                sumT += truth.get(e)[p];
            }
            for (int e = 0; e < nE; e++) {
                double fe = sumE > 0 ? Math.max(0, estimates.get(e)[p]) / sumE : 1.0 / nE;
                double ft = truth.get(e)[p] / sumT;
                err[e] += Math.abs(fe - ft);
            }
        }
        if (count == 0) {
            throw new InvalidInputException("no specimen pixels: the true concentrations never add up to the "
                    + "specimen threshold");
        }
        for (int e = 0; e < nE; e++) {
            err[e] /= count;
        }
        return err;
    }

    private static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new InvalidInputException("estimate has " + a.length + " pixels, truth " + b.length);
        }
    }
}
