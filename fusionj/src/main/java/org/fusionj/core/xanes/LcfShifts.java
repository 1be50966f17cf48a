package org.fusionj.core.xanes;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;

/**
 * Fits the energy shift of each LCF reference (a calibration offset between the standards and the sample) on the
 * mean normalised spectrum of the mapped voxels: the shifts that minimise the residual of the linear-combination
 * fit of that spectrum, each within +-{@code maxShiftEv}. The same shifts then serve every voxel, whose fits stay
 * linear (a shift per voxel would make each fit nonlinear and let noise move the references).
 *
 * <p>Method: coordinate descent, sweeps over the references until no shift moves by more than
 * {@value #TOLERANCE_EV} eV (at most {@value #SWEEPS}); for each, a scan on a {@value #SCAN_STEP_EV} eV
 * grid over the allowed range with the others fixed, then golden-section search around the best grid point to
 * {@value #TOLERANCE_EV} eV. Deterministic.
 */
public final class LcfShifts {

    static final double SCAN_STEP_EV = 0.25;
    static final double TOLERANCE_EV = 1e-3;
    static final int SWEEPS = 20;

    private LcfShifts() {
    }

    /**
     * The shifts for the series' mean spectrum (over the voxels the mapper maps inside {@code mask}).
     *
     * @return one shift per reference, in eV
     */
    public static double[] fit(EnergySeries series, XanesParameters params, byte[][] mask, double maxShiftEv,
            int threads, CancellationToken cancel) {
        if (params.lcf() == null) {
            throw new InvalidInputException("no linear-combination fitting requested (no reference spectra)");
        }
        byte[][] all = mask;
        if (all == null) {
            all = new byte[series.depth()][series.planeSize()];
            for (byte[] s : all) {
                java.util.Arrays.fill(s, (byte) 1);
            }
        }
        RegionSpectrum mean = new RegionSpectra(threads).ofMask(series, params, all, ProgressListener.NONE, cancel);
        if (mean.voxels() == 0) {
            throw new InvalidInputException("no voxel is mapped, so there is no mean spectrum to fit the LCF shifts to");
        }
        return fit(series.energiesEv(), mean.mean(), params, maxShiftEv);
    }

    /** The shifts for one normalised spectrum (one value per series energy). */
    public static double[] fit(double[] energies, double[] normalised, XanesParameters params, double maxShiftEv) {
        if (!(maxShiftEv > 0) || Double.isInfinite(maxShiftEv)) {
            throw new InvalidInputException("the largest LCF shift must be a positive number of eV, got "
                    + maxShiftEv);
        }
        LcfParameters lcf = params.lcf();
        int m = lcf.references().size();
        double[] shifts = lcf.shiftsEv().clone();
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            double moved = 0;
            for (int r = 0; r < m; r++) {
                double before = shifts[r];
                final int ref = r;
                java.util.function.DoubleUnaryOperator cost = d -> {
                    double[] trial = shifts.clone();
                    trial[ref] = d;
                    return residual(energies, normalised, params, lcf.withShifts(trial));
                };
                int steps = (int) Math.ceil(2 * maxShiftEv / SCAN_STEP_EV);
                double h = 2 * maxShiftEv / steps;
                int best = 0;
                double bestV = Double.POSITIVE_INFINITY;
                for (int i = 0; i <= steps; i++) {
                    double v = cost.applyAsDouble(-maxShiftEv + i * h);
                    if (v < bestV) {
                        bestV = v;
                        best = i;
                    }
                }
                double lo = -maxShiftEv + Math.max(0, best - 1) * h;
                double hi = -maxShiftEv + Math.min(steps, best + 1) * h;
                double g = (Math.sqrt(5) - 1) / 2;
                double c1 = hi - g * (hi - lo);
                double c2 = lo + g * (hi - lo);
                double f1 = cost.applyAsDouble(c1);
                double f2 = cost.applyAsDouble(c2);
                while (hi - lo > TOLERANCE_EV) {
                    if (f1 < f2) {
                        hi = c2;
                        c2 = c1;
                        f2 = f1;
                        c1 = hi - g * (hi - lo);
                        f1 = cost.applyAsDouble(c1);
                    } else {
                        lo = c1;
                        c1 = c2;
                        f1 = f2;
                        c2 = lo + g * (hi - lo);
                        f2 = cost.applyAsDouble(c2);
                    }
                }
                double refined = 0.5 * (lo + hi);
                shifts[r] = cost.applyAsDouble(refined) <= bestV ? refined : -maxShiftEv + best * h;
                moved = Math.max(moved, Math.abs(shifts[r] - before));
            }
            if (moved <= TOLERANCE_EV) {
                break;
            }
        }
        return shifts;
    }

    private static double residual(double[] energies, double[] y, XanesParameters params, LcfParameters lcf) {
        LinearCombinationFit f = LinearCombinationFit.prepare(energies, params.toBuilder().lcf(lcf).build());
        return f.fit(y).rms();
    }
}
