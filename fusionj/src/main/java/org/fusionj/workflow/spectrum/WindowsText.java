package org.fusionj.workflow.spectrum;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.spectrum.EnergyRange;
import org.fusionj.core.spectrum.LineTable;
import org.fusionj.core.spectrum.MapWindow;
import org.fusionj.core.spectrum.SpectrumKind;

/**
 * Explicit element windows as users type them (the {@code windows} parameter), or the {@code windows.csv} an
 * earlier run wrote. The text form is one entry per element, separated by {@code ;}:
 * {@code El[:line]=SIGNAL[/BACKGROUND[/BACKGROUND]]}, each range {@code FROM-TO} in eV, e.g.
 * {@code Fe:Ka=6250-6560/5860-6020/6790-6950;O=480-570/380-440}. EDX takes 0 to 2 background windows (none: no
 * background; one: a constant; two: a straight line), EELS exactly one (the pre-edge fit window). The line named
 * is a label only: its energy is taken as the signal window's centre (EDX) or start (EELS); the windows alone decide
 * the maps.
 */
public final class WindowsText {

    private static final Pattern RANGE = Pattern.compile("\\s*(-?\\d+(?:\\.\\d*)?)\\s*-\\s*(-?\\d+(?:\\.\\d*)?)\\s*");

    private WindowsText() {
    }

    /** The windows of {@code text}: the text form, or the path of a windows.csv (a file that exists). */
    public static List<MapWindow> parse(String text, SpectrumKind kind) throws IOException {
        String t = text.trim();
        Path file = asFile(t);
        if (file != null) {
            return fromCsv(file, kind);
        }
        List<MapWindow> out = new ArrayList<>();
        for (String entry : t.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw refusal(entry, "expected El=SIGNAL/BACKGROUND..., e.g. Fe=6250-6560/5860-6020/6790-6950");
            }
            String[] name = entry.substring(0, eq).trim().split(":", 2);
            String[] ranges = entry.substring(eq + 1).split("/");
            List<EnergyRange> bg = new ArrayList<>();
            for (int i = 1; i < ranges.length; i++) {
                bg.add(range(entry, ranges[i]));
            }
            out.add(window(entry, name[0], name.length > 1 ? name[1].trim() : null, kind, range(entry, ranges[0]),
                    bg));
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(SpectrumKeys.WINDOWS + " is empty: give e.g. Fe=6250-6560/5860-6020/"
                    + "6790-6950;O=480-570/380-440, or a windows.csv");
        }
        requireDistinct(out);
        return out;
    }

    private static Path asFile(String t) {
        if (!t.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return null;
        }
        Path p = Path.of(t);
        if (!Files.isRegularFile(p)) {
            throw new InvalidInputException(SpectrumKeys.WINDOWS + ": no such file " + t + " (give a windows.csv "
                    + "of an earlier run, or the windows as El=SIGNAL/BACKGROUND...)");
        }
        return p;
    }

    /** The rows of a windows.csv: element, line, line_ev, kind, signal_from_ev, signal_to_ev, background_ev, ... */
    private static List<MapWindow> fromCsv(Path file, SpectrumKind kind) throws IOException {
        List<String> rows = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (rows.isEmpty() || !rows.get(0).startsWith("element,line,line_ev,kind,signal_from_ev,signal_to_ev,"
                + "background_ev")) {
            throw new InvalidInputException(SpectrumKeys.WINDOWS + ": " + file.getFileName() + " is not a "
                    + "windows.csv (its first row must be element,line,line_ev,kind,signal_from_ev,signal_to_ev,"
                    + "background_ev,...)");
        }
        List<MapWindow> out = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            String row = rows.get(r);
            if (row.isBlank()) {
                continue;
            }
            String where = file.getFileName() + ", row " + (r + 1);
            String[] f = row.split(",", -1);
            if (f.length < 7) {
                throw refusal(where, "expected at least 7 columns, got " + f.length);
            }
            if (!f[3].trim().equalsIgnoreCase(kind.key())) {
                throw refusal(where, "the windows are for " + f[3].trim() + " but kind is " + kind.key()
                        + "; give kind " + f[3].trim());
            }
            List<EnergyRange> bg = new ArrayList<>();
            for (String b : f[6].trim().split("\\s+")) {
                if (!b.isEmpty()) {
                    bg.add(range(where, b));
                }
            }
            out.add(window(where, f[0].trim(), f[1].trim(), kind, range(where, f[4].trim() + "-" + f[5].trim()),
                    bg));
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(SpectrumKeys.WINDOWS + ": " + file.getFileName() + " holds no windows");
        }
        requireDistinct(out);
        return out;
    }

    private static MapWindow window(String where, String element, String line, SpectrumKind kind,
                                    EnergyRange signal, List<EnergyRange> background) {
        String symbol;
        try {
            symbol = Elements.canonicalSymbol(element.trim());
        } catch (InvalidInputException e) {
            throw refusal(where, e.getMessage());
        }
        double energy = kind == SpectrumKind.EELS ? signal.fromEv() : (signal.fromEv() + signal.toEv()) / 2;
        LineTable.Line l = new LineTable.Line(symbol, line == null || line.isEmpty() ? "window" : line, energy);
        try {
            return new MapWindow(symbol, l, kind, signal, background);
        } catch (InvalidInputException e) {
            throw refusal(where, e.getMessage());
        }
    }

    private static EnergyRange range(String where, String text) {
        Matcher m = RANGE.matcher(text);
        if (!m.matches()) {
            throw refusal(where, "'" + text.trim() + "' is not a range FROM-TO in eV (e.g. 6250-6560)");
        }
        try {
            return new EnergyRange(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
        } catch (InvalidInputException e) {
            throw refusal(where, e.getMessage());
        }
    }

    private static void requireDistinct(List<MapWindow> windows) {
        List<String> seen = new ArrayList<>();
        for (MapWindow w : windows) {
            if (seen.contains(w.element())) {
                throw new InvalidInputException(SpectrumKeys.WINDOWS + ": element " + w.element() + " has two "
                        + "windows; give one per element (a map is named by its element)");
            }
            seen.add(w.element());
        }
    }

    private static InvalidInputException refusal(String where, String problem) {
        return new InvalidInputException(SpectrumKeys.WINDOWS + " (" + where.trim() + "): " + problem);
    }
}
