package org.fusionj.core.spectrum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressCounter;
import org.fusionj.core.progress.ProgressListener;

/**
 * Makes elemental maps from a spectrum image with energy windows: at every pixel, the counts in an element's
 * signal window minus its background estimate (see {@link MapWindow}: EDX side windows, EELS power law).
 *
 * <p>Every pixel is computed on its own in double precision, so the maps are the same for any thread count.
 */
public final class SpectrumMapper {

    /** Pre-edge counts each half of an EELS fit window needs at a pixel for a per-pixel exponent. */
    public static final double DEFAULT_MIN_HALF_COUNTS = 100;

    private final int threads;
    private final ExponentMode exponentMode;
    private final double minHalfCounts;

    public SpectrumMapper(int threads, ExponentMode exponentMode, double minHalfCounts) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!(minHalfCounts >= 0)) {
            throw new InvalidInputException("minimum pre-edge counts must be >= 0, got " + minHalfCounts);
        }
        this.threads = threads;
        this.exponentMode = exponentMode;
        this.minHalfCounts = minHalfCounts;
    }

    /**
     * EELS exponents from the summed spectrum ({@link ExponentMode#FROM_SUM}): on the test phantoms a per-pixel
     * exponent multiplies the noise of the maps by about 2.4 (see SpectrumMapperTest).
     */
    public SpectrumMapper(int threads) {
        this(threads, ExponentMode.FROM_SUM, DEFAULT_MIN_HALF_COUNTS);
    }

    public SpectrumMaps map(SpectrumImage si, List<MapWindow> windows) {
        return map(si, windows, ProgressListener.NONE, CancellationToken.NEVER);
    }

    /**
     * @throws InvalidInputException when a window lies (partly) outside the spectrum or holds no channel
     * @throws org.fusionj.core.progress.CancelledException when {@code cancel} fires
     */
    public SpectrumMaps map(SpectrumImage si, List<MapWindow> windows, ProgressListener progress,
                            CancellationToken cancel) {
        if (windows.isEmpty()) {
            throw new InvalidInputException("no windows given: name at least one element");
        }
        EnergyAxis axis = si.axis();
        double[] sum = si.summedSpectrum();
        List<Window> plans = new ArrayList<>();
        for (MapWindow w : windows) {
            plans.add(new Window(w, axis, sum, exponentMode));
        }
        int width = si.width();
        int height = si.height();
        int n = si.channels();
        float[] counts = si.counts();
        List<float[]> maps = new ArrayList<>();
        for (int k = 0; k < plans.size(); k++) {
            maps.add(new float[width * height]);
        }
        long[][] fallbacks = new long[plans.size()][RowBlocks.blockCount(height)];
        ProgressCounter rowsDone = new ProgressCounter(progress, height, "rows");
        try (RowBlocks blocks = new RowBlocks(threads)) {
            blocks.forEach(height, (start, end) -> {
                cancel.throwIfCancelled();
                int block = RowBlocks.blockIndex(start);
                for (int p = start * width; p < end * width; p++) {
                    int base = p * n;
                    for (int k = 0; k < plans.size(); k++) {
                        Window pl = plans.get(k);
                        maps.get(k)[p] = (float) pl.value(counts, base, minHalfCounts, fallbacks[k], block);
                    }
                }
                rowsDone.add(end - start);
            });
        }
        List<ImagePlane> planes = new ArrayList<>();
        List<double[]> curves = new ArrayList<>();
        double[] exponents = new double[plans.size()];
        long[] fallbackPixels = new long[plans.size()];
        for (int k = 0; k < plans.size(); k++) {
            Window pl = plans.get(k);
            planes.add(new ImagePlane(pl.window.element(), width, height, maps.get(k)));
            curves.add(pl.backgroundCurve(axis, sum));
            exponents[k] = pl.sumExponent;
            fallbackPixels[k] = Arrays.stream(fallbacks[k]).sum();
        }
        return new SpectrumMaps(planes, List.copyOf(windows), axis, sum, curves, exponents, fallbackPixels);
    }

    /** One window's channel ranges and constants (immutable: shared by the threads). */
    private static final class Window {
        final MapWindow window;
        final int s0;
        final int s1;
        final double signalFrom;
        final double signalTo;
        // EDX
        final int[] bg0;
        final int[] bg1;
        final double[] bgCentre;
        final double signalCentre;
        // EELS
        final int f0;
        final int fm;
        final int f1;
        final double a;
        final double m;
        final double b;
        final double sumExponent;
        final ExponentMode mode;

        Window(MapWindow w, EnergyAxis axis, double[] sum, ExponentMode mode) {
            this.window = w;
            this.mode = mode;
            double d = axis.dispersionEv();
            s0 = w.signal().firstChannel(axis);
            s1 = w.signal().endChannel(axis);
            require(w, "signal", w.signal(), axis, 1);
            signalFrom = axis.energy(s0) - d / 2;
            signalTo = axis.energy(s1 - 1) + d / 2;
            signalCentre = meanEnergy(axis, s0, s1);
            int nb = w.background().size();
            bg0 = new int[nb];
            bg1 = new int[nb];
            bgCentre = new double[nb];
            for (int i = 0; i < nb; i++) {
                EnergyRange r = w.background().get(i);
                require(w, "background", r, axis, w.kind() == SpectrumKind.EELS ? 4 : 1);
                bg0[i] = r.firstChannel(axis);
                bg1[i] = r.endChannel(axis);
                bgCentre[i] = meanEnergy(axis, bg0[i], bg1[i]);
            }
            if (w.kind() == SpectrumKind.EELS) {
                f0 = bg0[0];
                f1 = bg1[0];
                fm = f0 + (f1 - f0) / 2;
                a = axis.energy(f0) - d / 2;
                m = axis.energy(fm) - d / 2;
                b = axis.energy(f1 - 1) + d / 2;
                if (!(a > 0)) {
                    throw new InvalidInputException(w.element() + ": the pre-edge window must lie at positive energy "
                            + "losses for a power law, starts at " + EnergyRange.fmt(a) + " eV");
                }
                double r = PowerLaw.exponent(range(sum, f0, fm), range(sum, fm, f1), a, m, b);
                if (Double.isNaN(r)) {
                    throw new InvalidInputException(w.element() + ": the summed spectrum has no counts in a half of "
                            + "the pre-edge window " + w.background().get(0).text() + " eV; move or widen it");
                }
                sumExponent = r;
            } else {
                f0 = fm = f1 = 0;
                a = m = b = 0;
                sumExponent = Double.NaN;
            }
        }

        private static void require(MapWindow w, String what, EnergyRange r, EnergyAxis axis, int minChannels) {
            if (!r.within(axis) || r.channelCount(axis) < minChannels) {
                throw new InvalidInputException(w.element() + ": the " + what + " window " + r.text() + " eV is not "
                        + "inside the spectrum (" + EnergyRange.fmt(axis.minEv()) + " to "
                        + EnergyRange.fmt(axis.maxEv()) + " eV) or holds fewer than " + minChannels + " channel(s)");
            }
        }

        private static double meanEnergy(EnergyAxis axis, int from, int to) {
            return axis.energy(from) + (to - from - 1) * axis.dispersionEv() / 2;
        }

        /**
         * The background-subtracted signal of the spectrum at {@code counts[base ...]}; a pixel whose EELS exponent
         * comes from the summed spectrum is counted in {@code fallbacks[block]}.
         */
        double value(float[] counts, int base, double minHalf, long[] fallbacks, int block) {
            double signal = range(counts, base + s0, base + s1);
            return signal - background(counts, base, minHalf, fallbacks, block);
        }

        double background(float[] counts, int base, double minHalf, long[] fallbacks, int block) {
            int nSignal = s1 - s0;
            if (window.kind() == SpectrumKind.EDX) {
                return switch (bg0.length) {
                    case 0 -> 0;
                    case 1 -> nSignal * mean(counts, base, 0);
                    default -> {
                        double left = mean(counts, base, 0);
                        double right = mean(counts, base, 1);
                        double slope = (right - left) / (bgCentre[1] - bgCentre[0]);
                        yield nSignal * (left + slope * (signalCentre - bgCentre[0]));
                    }
                };
            }
            double first = range(counts, base + f0, base + fm);
            double second = range(counts, base + fm, base + f1);
            double r = sumExponent;
            if (mode == ExponentMode.PER_PIXEL && first >= minHalf && second >= minHalf) {
                double own = PowerLaw.exponent(first, second, a, m, b);
                if (!Double.isNaN(own)) {
                    r = own;
                }
            }
            if (r == sumExponent) {
                fallbacks[block]++;
            }
            return PowerLaw.extrapolate(first + second, r, a, b, signalFrom, signalTo);
        }

        private double mean(float[] counts, int base, int i) {
            return range(counts, base + bg0[i], base + bg1[i]) / (bg1[i] - bg0[i]);
        }

        /** The background model of the summed spectrum, per channel (NaN outside the windows' span). */
        double[] backgroundCurve(EnergyAxis axis, double[] sum) {
            double[] curve = new double[axis.channels()];
            Arrays.fill(curve, Double.NaN);
            int from = s0;
            int to = s1;
            for (int i = 0; i < bg0.length; i++) {
                from = Math.min(from, bg0[i]);
                to = Math.max(to, bg1[i]);
            }
            double d = axis.dispersionEv();
            if (window.kind() == SpectrumKind.EDX) {
                double left = bg0.length > 0 ? range(sum, bg0[0], bg1[0]) / (bg1[0] - bg0[0]) : 0;
                double slope = 0;
                if (bg0.length == 2) {
                    double right = range(sum, bg0[1], bg1[1]) / (bg1[1] - bg0[1]);
                    slope = (right - left) / (bgCentre[1] - bgCentre[0]);
                }
                for (int c = from; c < to; c++) {
                    curve[c] = bg0.length == 0 ? 0 : left + slope * (axis.energy(c) - bgCentre[0]);
                }
            } else {
                double total = range(sum, f0, f1);
                for (int c = from; c < to; c++) {
                    double e = axis.energy(c);
                    curve[c] = PowerLaw.extrapolate(total, sumExponent, a, b, e - d / 2, e + d / 2);
                }
            }
            return curve;
        }
    }

    private static double range(float[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s;
    }

    private static double range(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s;
    }
}
