package org.fusionj.core.spectrum;

import java.util.List;

import org.fusionj.core.InvalidInputException;

/**
 * How one element's map is made from a spectrum image: the signal window summed at each pixel and the windows its
 * background is estimated from.
 *
 * <ul>
 *   <li>EDX: up to two side windows (below and above the line); the background under the signal window is the
 *       straight line through their mean counts per channel (one window: a constant; none: no background).</li>
 *   <li>EELS: one pre-edge window; the background is the power law {@code A E^-r} through it, extrapolated under
 *       the signal window.</li>
 * </ul>
 *
 * @param element    element symbol (the map's name)
 * @param line       the line or edge the window is placed on
 * @param kind       EDX or EELS
 * @param signal     the signal window
 * @param background the background windows (EDX: 0 to 2; EELS: exactly 1)
 */
public record MapWindow(String element, LineTable.Line line, SpectrumKind kind, EnergyRange signal,
                        List<EnergyRange> background) {

    public MapWindow {
        background = List.copyOf(background);
        if (kind == SpectrumKind.EDX && background.size() > 2) {
            throw new InvalidInputException(element + ": EDX takes at most two background windows, got "
                    + background.size());
        }
        if (kind == SpectrumKind.EELS && background.size() != 1) {
            throw new InvalidInputException(element + ": EELS takes one pre-edge window, got " + background.size());
        }
        if (kind == SpectrumKind.EELS && !(background.get(0).toEv() <= signal.fromEv())) {
            throw new InvalidInputException(element + ": the pre-edge window " + background.get(0).text()
                    + " eV must end below the signal window " + signal.text() + " eV");
        }
    }

    /** "Fe:Ka signal 6250-6560 eV, background 5860-6020, 6790-6950 eV". */
    public String describe() {
        StringBuilder b = new StringBuilder(line.label()).append(" signal ").append(signal.text()).append(" eV");
        if (background.isEmpty()) {
            b.append(", no background");
        } else {
            b.append(kind == SpectrumKind.EELS ? ", pre-edge fit " : ", background ");
            for (int i = 0; i < background.size(); i++) {
                b.append(i > 0 ? ", " : "").append(background.get(i).text());
            }
            b.append(" eV");
        }
        return b.toString();
    }
}
