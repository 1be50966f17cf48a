package org.fusionj.core.spectrum;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/**
 * Places default windows for requested elements on a spectrum's energy axis: for each request ({@code "Fe"} or a
 * named line {@code "Fe:Ka"}) the first line of the table (in its order of preference) whose signal window and
 * background windows fit in the spectrum's range (EDX side windows that do not fit are dropped, as long as one
 * remains). What it chose and what may be wrong with it (a window overlapping another element's signal window) is
 * reported in {@link Plan#notes()}.
 */
public final class WindowPlanner {

    /**
     * The windows and what the planner noticed.
     *
     * @param windows one per request, in request order
     * @param notes   human-readable remarks (overlaps, dropped side windows), empty when there are none
     */
    public record Plan(List<MapWindow> windows, List<String> notes) {
    }

    private WindowPlanner() {
    }

    public static Plan plan(LineTable table, EnergyAxis axis, List<String> requests, WindowSettings settings) {
        if (requests.isEmpty()) {
            throw new InvalidInputException("no elements given (expected e.g. Fe,O or Fe:Ka,O:Ka)");
        }
        List<MapWindow> windows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String request : requests) {
            MapWindow chosen = null;
            for (LineTable.Line line : table.find(request)) {
                List<String> attempt = new ArrayList<>();
                chosen = window(table.kind(), line, axis, settings, attempt);
                if (chosen != null) {
                    notes.addAll(attempt);
                    break;
                }
            }
            if (chosen == null) {
                throw new InvalidInputException("no " + table.kind().key().toUpperCase(Locale.ROOT) + " line of "
                        + request.trim() + " fits in the spectrum's range " + EnergyRange.fmt(axis.minEv()) + " to "
                        + EnergyRange.fmt(axis.maxEv()) + " eV with its windows (lines: " + String.join(", ",
                        table.find(request).stream().map(l -> l.name() + " " + EnergyRange.fmt(l.energyEv()))
                                .toList()) + " eV); check the energy calibration or give the windows");
            }
            for (MapWindow w : windows) {
                if (w.element().equals(chosen.element())) {
                    throw new InvalidInputException("element " + chosen.element() + " is requested twice");
                }
            }
            windows.add(chosen);
        }
        for (MapWindow a : windows) {
            for (MapWindow b : windows) {
                if (a == b) {
                    continue;
                }
                if (a.signal().overlaps(b.signal()) && windows.indexOf(a) < windows.indexOf(b)) {
                    notes.add(a.line().label() + " and " + b.line().label() + " signal windows overlap ("
                            + a.signal().text() + " and " + b.signal().text() + " eV): their maps share counts");
                }
                for (EnergyRange bg : a.background()) {
                    if (bg.overlaps(b.signal())) {
                        notes.add(a.line().label() + " background window " + bg.text() + " eV overlaps the "
                                + b.line().label() + " signal window " + b.signal().text() + " eV: the "
                                + a.element() + " background is overestimated where " + b.element() + " is");
                    }
                }
            }
        }
        return new Plan(windows, notes);
    }

    /** The windows of {@code line}, or null when they do not fit. */
    static MapWindow window(SpectrumKind kind, LineTable.Line line, EnergyAxis axis, WindowSettings s,
                            List<String> notes) {
        double e = line.energyEv();
        if (kind == SpectrumKind.EDX) {
            double f = s.fwhm(e);
            EnergyRange signal = new EnergyRange(e - s.signalHalfWidth() * f, e + s.signalHalfWidth() * f);
            if (!signal.within(axis) || signal.channelCount(axis) < 1) {
                return null;
            }
            EnergyRange left = new EnergyRange(e - (s.backgroundOffset() + s.backgroundWidth()) * f,
                    e - s.backgroundOffset() * f);
            EnergyRange right = new EnergyRange(e + s.backgroundOffset() * f,
                    e + (s.backgroundOffset() + s.backgroundWidth()) * f);
            List<EnergyRange> bg = new ArrayList<>();
            for (EnergyRange r : List.of(left, right)) {
                if (r.within(axis) && r.channelCount(axis) >= 1) {
                    bg.add(r);
                } else {
                    notes.add(line.label() + ": background window " + r.text() + " eV lies outside the spectrum; "
                            + "the background is taken from the other side only");
                }
            }
            if (bg.isEmpty()) {
                return null;
            }
            return new MapWindow(line.element(), line, kind, signal, bg);
        }
        double gap = s.eelsGap(e);
        EnergyRange signal = new EnergyRange(e, e + s.eelsSignalWidth(e));
        EnergyRange fit = new EnergyRange(e - gap - s.eelsFitWidth(e), e - gap);
        if (!signal.within(axis) || !fit.within(axis) || signal.channelCount(axis) < 1
                || fit.channelCount(axis) < 4 || !(fit.fromEv() > 0)) {
            return null;
        }
        return new MapWindow(line.element(), line, kind, signal, List.of(fit));
    }
}
