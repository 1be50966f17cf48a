package org.fusionj.core.spectrum;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;

/**
 * A table of X-ray lines (EDX) or ionisation edges (EELS): element, name and energy, in the order of preference
 * for each element. The bundled tables ({@code xray_lines.tsv}, {@code eels_edges.tsv} beside this class) can be
 * replaced by a user's copy in the same format: one row per line, element symbol, line name and energy in eV,
 * separated by tabs or blanks; an optional header row starting with {@code element}; {@code #} starts a comment.
 */
public final class LineTable {

    /**
     * One line or edge.
     *
     * @param element  canonical element symbol
     * @param name     line or edge name, e.g. Ka, La, Ma, K, L23, M45
     * @param energyEv line energy or edge onset in eV
     */
    public record Line(String element, String name, double energyEv) {

        /** "Fe:Ka", the form a window request names. */
        public String label() {
            return element + ":" + name;
        }
    }

    private final SpectrumKind kind;
    private final List<Line> lines;

    private LineTable(SpectrumKind kind, List<Line> lines) {
        this.kind = kind;
        this.lines = List.copyOf(lines);
    }

    /** The table bundled with FusionJ for {@code kind}. */
    public static LineTable bundled(SpectrumKind kind) {
        try (InputStream in = LineTable.class.getResourceAsStream(kind.tableResource())) {
            if (in == null) {
                throw new IllegalStateException("bundled table " + kind.tableResource() + " is missing");
            }
            return parse(kind, kind.tableResource(), new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a table.
     *
     * @param source what to call it in messages (file name)
     * @throws InvalidInputException naming the source and the row for a malformed row
     */
    public static LineTable parse(SpectrumKind kind, String source, Reader text) throws IOException {
        List<Line> lines = new ArrayList<>();
        BufferedReader r = new BufferedReader(text);
        String row;
        int number = 0;
        while ((row = r.readLine()) != null) {
            number++;
            int hash = row.indexOf('#');
            String t = (hash >= 0 ? row.substring(0, hash) : row).trim();
            if (t.isEmpty() || t.toLowerCase(Locale.ROOT).startsWith("element")) {
                continue;
            }
            String[] cols = t.split("[\\t ]+");
            if (cols.length != 3) {
                throw new InvalidInputException(source + ", row " + number + ": expected element, name and energy "
                        + "in eV, got '" + t + "'");
            }
            double energy;
            try {
                energy = Double.parseDouble(cols[2]);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(source + ", row " + number + ": energy '" + cols[2]
                        + "' is not a number of eV");
            }
            if (!(energy > 0) || Double.isInfinite(energy)) {
                throw new InvalidInputException(source + ", row " + number + ": energy must be positive, got "
                        + cols[2]);
            }
            String element;
            try {
                element = Elements.canonicalSymbol(cols[0]);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(source + ", row " + number + ": " + e.getMessage());
            }
            lines.add(new Line(element, cols[1], energy));
        }
        if (lines.isEmpty()) {
            throw new InvalidInputException(source + " holds no lines (expected rows of element, name, energy)");
        }
        return new LineTable(kind, lines);
    }

    public SpectrumKind kind() {
        return kind;
    }

    public List<Line> lines() {
        return lines;
    }

    /** The lines of {@code element}, in preference order (empty if none). */
    public List<Line> linesOf(String element) {
        String el = Elements.canonicalSymbol(element);
        return lines.stream().filter(l -> l.element().equals(el)).toList();
    }

    /**
     * The named line ({@code "Fe:Ka"}, case-insensitive name) or, for a bare symbol, the element's lines.
     *
     * @throws InvalidInputException when the table has no such element or line
     */
    public List<Line> find(String request) {
        String t = request.trim();
        int colon = t.indexOf(':');
        String element = colon < 0 ? t : t.substring(0, colon);
        List<Line> of = linesOf(element);
        if (of.isEmpty()) {
            throw new InvalidInputException("the " + kind.key().toUpperCase(Locale.ROOT) + " table has no line of "
                    + element.trim() + "; add it to a copy of the table");
        }
        if (colon < 0) {
            return of;
        }
        String name = t.substring(colon + 1).trim();
        for (Line l : of) {
            if (l.name().equalsIgnoreCase(name)) {
                return List.of(l);
            }
        }
        throw new InvalidInputException("the " + kind.key().toUpperCase(Locale.ROOT) + " table has no line " + name
                + " of " + of.get(0).element() + " (it has " + String.join(", ", of.stream().map(Line::name)
                .toList()) + ")");
    }
}
