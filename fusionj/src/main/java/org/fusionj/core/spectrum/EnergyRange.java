package org.fusionj.core.spectrum;

import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/**
 * A closed range of energies in eV, {@code [fromEv, toEv]}; on a spectrum it covers the channels whose centres lie
 * inside it.
 */
public record EnergyRange(double fromEv, double toEv) {

    public EnergyRange {
        if (!Double.isFinite(fromEv) || !Double.isFinite(toEv) || !(toEv > fromEv)) {
            throw new InvalidInputException("an energy range needs two finite values in eV, the first below the "
                    + "second, got " + fromEv + ", " + toEv);
        }
    }

    /** The first channel of the range on {@code axis}. */
    public int firstChannel(EnergyAxis axis) {
        return axis.firstChannelAtOrAbove(fromEv);
    }

    /** One past the last channel of the range on {@code axis}. */
    public int endChannel(EnergyAxis axis) {
        return axis.endChannelAtOrBelow(toEv);
    }

    /** Number of channels of {@code axis} in the range. */
    public int channelCount(EnergyAxis axis) {
        return Math.max(0, endChannel(axis) - firstChannel(axis));
    }

    /** Whether the range lies within the axis's first and last channel. */
    public boolean within(EnergyAxis axis) {
        return fromEv >= axis.minEv() - axis.dispersionEv() / 2 && toEv <= axis.maxEv() + axis.dispersionEv() / 2;
    }

    public boolean overlaps(EnergyRange other) {
        return fromEv < other.toEv && other.fromEv < toEv;
    }

    /** "6250-6560", in whole eV when they are whole. */
    public String text() {
        return fmt(fromEv) + "-" + fmt(toEv);
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f",
                v);
    }
}
