package org.fusionj.core.tomo.phantom;

import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.phantom.PhantomScore;

/**
 * How close reconstructed element volumes are to a phantom's truth: the normalised RMSE per element,
 * {@code ||a est + b - truth|| / ||truth||} over all voxels, where {@code (a, b)} is the least-squares gain and offset
 * of that estimate ({@link PhantomScore#affineFit}). Every method reports its volumes on its own scale; the
 * calibration is the most favourable one each can get, so methods are compared on what their volumes contain.
 */
public final class TomoScore {

    private TomoScore() {
    }

    /** NRMSE of each estimate, in element order. */
    public static double[] nrmse(TomoPhantom phantom, List<float[]> estimates) {
        List<float[]> truth = phantom.truth();
        if (estimates.size() != truth.size()) {
            throw new InvalidInputException("expected " + truth.size() + " volumes, got " + estimates.size());
        }
        double[] out = new double[truth.size()];
        for (int e = 0; e < out.length; e++) {
            out[e] = nrmse(estimates.get(e), truth.get(e));
        }
        return out;
    }

    /** {@code ||a est + b - truth|| / ||truth||} with the least-squares {@code (a, b)}. */
    public static double nrmse(float[] estimate, float[] truth) {
        float[] cal = PhantomScore.calibrate(estimate, truth);
        double err = 0;
        double sig = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = cal[i] - truth[i];
            err += d * d;
            sig += (double) truth[i] * truth[i];
        }
        return Math.sqrt(err / sig);
    }

    /** The mean of the values. */
    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** {@code a[e] / b[e]} per element. */
    public static double[] ratios(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int e = 0; e < a.length; e++) {
            out[e] = a[e] / b[e];
        }
        return out;
    }
}
