package org.fusionj.core.spectral;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/**
 * X-ray energy lists (eV) of a spectral series: reading them from text, checking them, and writing them. The one
 * place registration and XANES mapping read and check energies, so both refuse the same lists with the same words.
 * Indices in messages count from 1, as ImageJ numbers frames.
 */
public final class Energies {

    /** The keyword of {@link #fixedIndex} for the last (highest) energy. */
    public static final String HIGHEST = "highest";

    private Energies() {
    }

    /**
     * Numbers separated by commas, semicolons, blanks or new lines ("6500, 6510, 6520"). In a text of several lines
     * only the first field of each line counts (a CSV with extra columns); blank lines and lines starting with # are
     * skipped, and so is the first line when it holds no number (a column header). Any other line that does not
     * start with a number is refused with its line number, never skipped.
     *
     * @param sourceName names the text in messages (a file name, "--energies")
     */
    public static double[] parse(String text, String sourceName) {
        List<Double> values = new ArrayList<>();
        List<String> all = (text == null ? "" : text).lines().toList();
        long contentLines = all.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        boolean table = contentLines > 1; // one energy per line, maybe with more columns: take the first
        boolean first = true;
        for (int n = 0; n < all.size(); n++) {
            String l = all.get(n).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            boolean header = first && table;
            first = false;
            String[] fields = l.split("[,;\\s]+");
            if (table) {
                fields = new String[] {fields.length == 0 ? "" : fields[0]};
            }
            for (String f : fields) {
                String t = f.strip();
                if (t.isEmpty()) {
                    if (table) {
                        throw notAnEnergy(sourceName, n + 1, l, values.size());
                    }
                    continue;
                }
                try {
                    values.add(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    if (header) {
                        continue; // a column header on the first line
                    }
                    if (table) {
                        throw notAnEnergy(sourceName, n + 1, l, values.size());
                    }
                    throw new InvalidInputException(sourceName + ": '" + t + "' is not an energy (eV) "
                            + (values.isEmpty() ? "(expected numbers such as 6500, 6510, 6520)"
                                    : "after " + values.size() + " values"));
                }
            }
        }
        if (values.isEmpty()) {
            throw new InvalidInputException(sourceName + ": no energies found");
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static InvalidInputException notAnEnergy(String sourceName, int line, String text, int before) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return new InvalidInputException(sourceName + " line " + line + ": '" + shown + "' does not start with an "
                + "energy in eV (after " + before + " values); give one number per line (a first-line header and "
                + "lines starting with # are allowed)");
    }

    /**
     * Refuses a list with fewer than {@code min} energies, a non-finite energy or one that does not rise above the
     * previous.
     *
     * @param what names the list in messages ("series", "reference 'MnO'")
     */
    public static void check(double[] energies, int min, String what) {
        if (energies == null) {
            throw new InvalidInputException("no energies for the " + what + ": give them typed, from a file, or in "
                    + "the image's metadata");
        }
        if (energies.length < min) {
            throw new InvalidInputException("the " + what + " has " + energies.length + " energies; at least "
                    + min + " are needed" + (min >= 4 ? " (pre-edge, edge and post-edge)" : ""));
        }
        for (int i = 0; i < energies.length; i++) {
            if (!Double.isFinite(energies[i])) {
                throw new InvalidInputException("energy " + (i + 1) + " of the " + what + " is " + energies[i]
                        + " (every energy must be a finite number of eV)");
            }
            if (i > 0 && !(energies[i] > energies[i - 1])) {
                throw new InvalidInputException(String.format(Locale.ROOT,
                        "energies of the %s must increase strictly: energy %d (%s eV) is not above energy %d "
                                + "(%s eV)", what, i + 1, text(energies[i]), i, text(energies[i - 1])));
            }
        }
    }

    /**
     * {@link #check} plus the count: {@code counted} says what was counted, e.g. "img has 3 frames", and the
     * message reads "img has 3 frames but 2 energies were given".
     */
    public static void check(double[] energies, int count, int min, String counted, String what) {
        if (energies == null) {
            throw new InvalidInputException("no energies: give them typed, from a file, or in the image's metadata");
        }
        if (energies.length != count) {
            throw new InvalidInputException(counted + " but " + energies.length + " energies were given");
        }
        check(energies, min, what);
    }

    /**
     * Index of a chosen energy: "highest" (or blank) is the last; else the energy nearest the number, which must lie
     * within 0.5 eV of it.
     *
     * @param parameter the option's name, for the message ("fixed_energy")
     */
    public static int index(double[] energies, String chosen, String parameter) {
        int count = energies.length;
        if (chosen == null || chosen.isBlank() || chosen.trim().equalsIgnoreCase(HIGHEST)) {
            return count - 1;
        }
        double e;
        try {
            e = Double.parseDouble(chosen.trim());
        } catch (NumberFormatException ex) {
            throw new InvalidInputException(parameter + " must be '" + HIGHEST + "' or an energy in eV, got '"
                    + chosen + "'");
        }
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (Math.abs(energies[i] - e) < Math.abs(energies[best] - e)) {
                best = i;
            }
        }
        if (Math.abs(energies[best] - e) > 0.5) {
            throw new InvalidInputException(String.format(Locale.ROOT, "the %s %s eV is not one of the series' "
                    + "energies (%s to %s eV)", parameter.replace('_', ' '), chosen.trim(), text(energies[0]),
                    text(energies[count - 1])));
        }
        return best;
    }

    /** An energy for messages: integers without decimals, others with three. */
    public static String fmt(double ev) {
        return ev == Math.rint(ev) && Math.abs(ev) < 1e15 ? Long.toString((long) ev)
                : String.format(Locale.ROOT, "%.3f", ev);
    }

    /**
     * An energy as people read it: rounded to 0.01 eV, trailing zeros dropped ("6541.11", "6580"), for labels
     * and messages; the exact values travel in the list form ({@link #text(double[])}).
     */
    public static String text(double eV) {
        return java.math.BigDecimal.valueOf(Math.round(eV * 100) / 100.0).stripTrailingZeros().toPlainString();
    }

    /** The list as "6500.0,6510.5,..." (Java's shortest round-trip form): the metadata and file format. */
    public static String text(double[] energies) {
        StringBuilder sb = new StringBuilder();
        for (double e : energies) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e);
        }
        return sb.toString();
    }
}
