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
 * scan refined by golden-section search.
 */
final class XanesTruth {

    final double halfHeight;
    final double maxDerivative;
    final double whiteLineEnergy;
    final double whiteLineHeight;

    private XanesTruth(double halfHeight, double maxDerivative, double whiteLineEnergy, double whiteLineHeight) {
        this.halfHeight = halfHeight;
        this.maxDerivative = maxDerivative;
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
        double wlLo = p.whiteLineWindow().from(e0);
        double wlHi = p.whiteLineWindow().to(e0);
        double wl = argmax(n, wlLo, wlHi);
        return new XanesTruth(half, md, wl, n.applyAsDouble(wl));
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
