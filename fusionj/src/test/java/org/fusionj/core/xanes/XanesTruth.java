package org.fusionj.core.xanes;

import java.util.function.DoubleUnaryOperator;

/**
 * Known answers for phantom voxels, computed on the noise-free continuous model.
 *
 * <p>The normalised model of a voxel is {@code N(E) = (mu(E) - pre(E)) / jump}, where {@code mu} is the voxel's
 * noise-free continuous model and {@code pre} and {@code jump} come from normalising its noise-free samples at the
 * series energies with the same windows (so the truth shares the normalisation convention of the estimate and the
 * error measures noise and discretisation only). The true half-height energy is the first upward crossing of 0.5
 * by N in the edge window, found by bisection to 1e-10 eV after a 0.01 eV scan; the true maximum-derivative energy
 * the argmax of N' (central differences, h = 1e-4 eV) and the true white line the argmax of N, each by a 0.01 eV
 * scan refined by golden-section search. The true edge inflection (what the fitted maximum derivative reports) is
 * the argmax of the derivative of the voxel's model without its white line, normalised the same way.
 */
final class XanesTruth {

    final double halfHeight;
    final double maxDerivative;
    final double edgeInflection;
    final double whiteLineEnergy;
    final double whiteLineHeight;

    private XanesTruth(double halfHeight, double maxDerivative, double edgeInflection, double whiteLineEnergy,
                       double whiteLineHeight) {
        this.halfHeight = halfHeight;
        this.maxDerivative = maxDerivative;
        this.edgeInflection = edgeInflection;
        this.whiteLineEnergy = whiteLineEnergy;
        this.whiteLineHeight = whiteLineHeight;
    }

    static XanesTruth of(XanesPhantom phantom, int x, int y, int z, XanesParameters p) {
        XanesNormalisation norm = XanesNormalisation.of(phantom.series().energiesEv(), p);
        XanesNormalisation.Fit fit = norm.fit(phantom.noiseFreeSpectrum(x, y, z));
        DoubleUnaryOperator mu = phantom.model(x, y, z);
        DoubleUnaryOperator n = e -> fit.normalise(mu.applyAsDouble(e), e);
        double e0 = p.e0Ev();
        double lo = p.edgeWindow().from(e0);
        double hi = p.edgeWindow().to(e0);
        double half = Double.NaN;
        double step = 0.01;
        for (double a = lo; a < hi; a += step) {
            double b = Math.min(hi, a + step);
            if (n.applyAsDouble(a) < 0.5 && n.applyAsDouble(b) >= 0.5) {
                double l = a;
                double r = b;
                while (r - l > 1e-10) {
                    double m = 0.5 * (l + r);
                    if (n.applyAsDouble(m) < 0.5) {
                        l = m;
                    } else {
                        r = m;
                    }
                }
                half = 0.5 * (l + r);
                break;
            }
        }
        double h = 1e-4;
        DoubleUnaryOperator deriv = e -> (n.applyAsDouble(e + h) - n.applyAsDouble(e - h)) / (2 * h);
        double md = argmax(deriv, lo, hi);
        DoubleUnaryOperator stepMu = stepOnly(phantom, x, y, z);
        DoubleUnaryOperator stepDeriv = e -> (fit.normalise(stepMu.applyAsDouble(e + h), e + h)
                - fit.normalise(stepMu.applyAsDouble(e - h), e - h)) / (2 * h);
        double inflection = argmax(stepDeriv, lo, hi);
        double wlLo = p.whiteLineWindow().from(e0);
        double wlHi = p.whiteLineWindow().to(e0);
        double wl = argmax(n, wlLo, wlHi);
        return new XanesTruth(half, md, inflection, wl, n.applyAsDouble(wl));
    }

    /** The voxel's noise-free absorption without its white line (material voxels). */
    static DoubleUnaryOperator stepOnly(XanesPhantom phantom, int x, int y, int z) {
        double e0 = phantom.spec().e0Ev();
        double shift = phantom.spec().edgeShiftEv();
        if (phantom.spec().kind() == XanesPhantomSpec.Kind.MIXTURE) {
            double t = phantom.oxidisedFraction(x, y, z);
            return e -> (1 - t) * XanesPhantom.stateMu(e, e0, e0, 0) + t * XanesPhantom.stateMu(e, e0, e0 + shift, 0);
        }
        double c = e0 + phantom.edgeShift(x, y, z);
        return e -> XanesPhantom.stateMu(e, e0, c, 0);
    }

    static double argmax(DoubleUnaryOperator f, double lo, double hi) {
        double best = lo;
        double bestV = f.applyAsDouble(lo);
        for (double e = lo; e <= hi; e += 0.01) {
            double v = f.applyAsDouble(e);
            if (v > bestV) {
                bestV = v;
                best = e;
            }
        }
        double a = Math.max(lo, best - 0.01);
        double b = Math.min(hi, best + 0.01);
        double g = (Math.sqrt(5) - 1) / 2;
        while (b - a > 1e-9) {
            double c = b - g * (b - a);
            double d = a + g * (b - a);
            if (f.applyAsDouble(c) > f.applyAsDouble(d)) {
                b = d;
            } else {
                a = c;
            }
        }
        return 0.5 * (a + b);
    }
}
