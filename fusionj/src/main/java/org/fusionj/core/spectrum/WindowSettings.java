package org.fusionj.core.spectrum;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;

/**
 * How default windows are placed around a line or edge.
 *
 * <p>EDX (windows in units of the detector's FWHM at the line, {@code FWHM(E)^2 = R^2 + 2.49 eV (E - 5895 eV)},
 * R the resolution at Mn Ka, after Fiori and Newbury): signal {@code E +- signalHalfWidth FWHM}, background windows
 * of {@code backgroundWidth FWHM} starting {@code backgroundOffset FWHM} from the line on each side (as HyperSpy's
 * defaults: signal +-1 FWHM, side windows 1 FWHM wide at 2 FWHM).
 *
 * <p>EELS: signal from the onset over {@code eelsSignalWidthEv} (NaN: {@code max(30 eV, 8 % of the onset)}, at
 * most 150 eV); the pre-edge fit window ends {@code max(5 eV, 1 % of the onset)} below the onset and is
 * {@code eelsFitWidthEv} wide (NaN: {@code max(30 eV, 10 % of the onset)}, at most 200 eV).
 *
 * @param edxResolutionEv     detector FWHM at Mn Ka (5895 eV), eV
 * @param signalHalfWidth     EDX signal half width, in FWHM
 * @param backgroundOffset    EDX distance from the line to the inner edge of a side window, in FWHM
 * @param backgroundWidth     EDX side window width, in FWHM
 * @param eelsSignalWidthEv   EELS signal window width, eV (NaN: automatic)
 * @param eelsFitWidthEv      EELS pre-edge fit window width, eV (NaN: automatic)
 */
public record WindowSettings(double edxResolutionEv, double signalHalfWidth, double backgroundOffset,
                             double backgroundWidth, double eelsSignalWidthEv, double eelsFitWidthEv) {

    public WindowSettings {
        Require.positive("EDX resolution", edxResolutionEv);
        Require.positive("signal half width", signalHalfWidth);
        Require.positive("background offset", backgroundOffset);
        Require.positive("background width", backgroundWidth);
        if (!(backgroundOffset >= signalHalfWidth)) {
            throw new InvalidInputException("the background windows must start outside the signal window (offset "
                    + backgroundOffset + " FWHM < signal half width " + signalHalfWidth + " FWHM)");
        }
        if (!Double.isNaN(eelsSignalWidthEv)) {
            Require.positive("EELS signal width", eelsSignalWidthEv);
        }
        if (!Double.isNaN(eelsFitWidthEv)) {
            Require.positive("EELS pre-edge fit width", eelsFitWidthEv);
        }
    }

    /** 130 eV at Mn Ka (a silicon drift detector), HyperSpy's window widths, automatic EELS widths. */
    public static WindowSettings defaults() {
        return new WindowSettings(130, 1, 2, 1, Double.NaN, Double.NaN);
    }

    public WindowSettings withEdxResolution(double ev) {
        return new WindowSettings(ev, signalHalfWidth, backgroundOffset, backgroundWidth, eelsSignalWidthEv,
                eelsFitWidthEv);
    }

    public WindowSettings withEelsWidths(double signalEv, double fitEv) {
        return new WindowSettings(edxResolutionEv, signalHalfWidth, backgroundOffset, backgroundWidth, signalEv,
                fitEv);
    }

    /** The detector's FWHM at {@code energyEv}. */
    public double fwhm(double energyEv) {
        double f2 = edxResolutionEv * edxResolutionEv + 2.49 * (energyEv - 5895);
        return Math.sqrt(Math.max(f2, 0.04 * edxResolutionEv * edxResolutionEv));
    }

    /** The EELS signal width at an edge of onset {@code onsetEv}. */
    public double eelsSignalWidth(double onsetEv) {
        return Double.isNaN(eelsSignalWidthEv) ? Math.min(150, Math.max(30, 0.08 * onsetEv)) : eelsSignalWidthEv;
    }

    /** The EELS pre-edge fit width at an edge of onset {@code onsetEv}. */
    public double eelsFitWidth(double onsetEv) {
        return Double.isNaN(eelsFitWidthEv) ? Math.min(200, Math.max(30, 0.1 * onsetEv)) : eelsFitWidthEv;
    }

    /** The gap between the EELS pre-edge window and the onset. */
    public double eelsGap(double onsetEv) {
        return Math.max(5, 0.01 * onsetEv);
    }
}
