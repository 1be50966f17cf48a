package org.fusionj.core.spectrum;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;

/**
 * The energy calibration of a spectrum: channel {@code i} (0-based) sits at {@code offset + i * dispersion} eV
 * (the channel's centre).
 *
 * @param offsetEv     energy of channel 0 in eV
 * @param dispersionEv eV per channel, &gt; 0
 * @param channels     number of channels, &gt;= 1
 */
public record EnergyAxis(double offsetEv, double dispersionEv, int channels) {

    public EnergyAxis {
        if (!Double.isFinite(offsetEv)) {
            throw new InvalidInputException("energy offset must be a finite number of eV, got " + offsetEv);
        }
        if (!(dispersionEv > 0) || Double.isInfinite(dispersionEv)) {
            throw new InvalidInputException("energy dispersion must be a positive number of eV per channel, got "
                    + dispersionEv);
        }
        if (channels < 1) {
            throw new InvalidInputException("a spectrum needs at least one channel, got " + channels);
        }
    }

    /** The energy of channel {@code i} in eV. */
    public double energy(int i) {
        return offsetEv + i * dispersionEv;
    }

    /** The energy of the first channel. */
    public double minEv() {
        return offsetEv;
    }

    /** The energy of the last channel. */
    public double maxEv() {
        return energy(channels - 1);
    }

    /** The first channel whose energy is at least {@code ev} (may be {@code channels}: none). */
    public int firstChannelAtOrAbove(double ev) {
        double c = Math.ceil((ev - offsetEv) / dispersionEv - 1e-9);
        return (int) Math.max(0, Math.min(channels, c));
    }

    /** The last channel whose energy is at most {@code ev}, plus one (exclusive end; may be 0: none). */
    public int endChannelAtOrBelow(double ev) {
        double c = Math.floor((ev - offsetEv) / dispersionEv + 1e-9) + 1;
        return (int) Math.max(0, Math.min(channels, c));
    }

    /** The axis after summing {@code factor} neighbouring channels (a last incomplete group is dropped). */
    public EnergyAxis binned(int factor) {
        Require.atLeastOne("energy binning", factor);
        int n = channels / factor;
        if (n < 1) {
            throw new InvalidInputException("energy binning " + factor + " exceeds the " + channels + " channels");
        }
        // The centre of a group of channels is the mean of their centres.
        return new EnergyAxis(offsetEv + (factor - 1) * dispersionEv / 2, dispersionEv * factor, n);
    }
}
