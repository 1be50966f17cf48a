package org.fusionj.workflow.xanes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.ImageStack;

import org.fusionj.core.InvalidInputException;

/**
 * The X-ray energies (eV) of a spectro-tomography series: typed in, read from a text/CSV file, or found in the
 * image's metadata (FusionJ's own {@value #PROPERTY} property, else one number per frame label such as
 * "6539.5 eV").
 */
public final class EnergyLists {

    /** The image property FusionJ writes the energies to, as a comma-separated list. */
    public static final String PROPERTY = "FusionJ.energies_eV";

    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

    private EnergyLists() {
    }

    /**
     * Numbers separated by commas, semicolons, blanks or new lines ("6500, 6510, 6520"). In a file of several lines
     * only the first field of each line counts; blank lines and lines starting with # are skipped, and so is the
     * first line when it holds no number (a column header). Any other line that does not start with a number is
     * refused with its line number, never skipped.
     */
    public static double[] parse(String text, String sourceName) {
        List<Double> values = new ArrayList<>();
        List<String> all = text.lines().toList();
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

    /**
     * An energy as people read it: rounded to 0.01 eV, trailing zeros dropped ("6541.11", "6580"), for labels
     * and messages; the exact values travel in {@link #PROPERTY}.
     */
    public static String text(double eV) {
        return java.math.BigDecimal.valueOf(Math.round(eV * 100) / 100.0).stripTrailingZeros().toPlainString();
    }

    private static InvalidInputException notAnEnergy(String sourceName, int line, String text, int before) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return new InvalidInputException(sourceName + " line " + line + ": '" + shown + "' does not start with an "
                + "energy in eV (after " + before + " values); give one number per line (a first-line header and "
                + "lines starting with # are allowed)");
    }

    /** The largest energies file read: a list of energies is a few KB; anything larger is the wrong file. */
    static final long MAX_FILE_BYTES = 10L << 20;

    /** The energies in a text/CSV file; refuses a file that is not text, too large, or unreadable, by name. */
    public static double[] fromFile(Path file) throws IOException {
        return parse(readText(file, "a list of energies (one number per line)"), file.getFileName().toString());
    }

    /**
     * A small UTF-8 text file (energies, reference spectra), refused by name when it is unreadable, larger than
     * {@value #MAX_FILE_BYTES} bytes, or not text.
     *
     * @param what what the file should hold, for the messages
     */
    public static String readText(Path file, String what) throws IOException {
        String name = file.getFileName().toString();
        if (Files.exists(file) && !Files.isReadable(file)) {
            throw new InvalidInputException(name + ": permission denied: this user may not read "
                    + file.toAbsolutePath() + "; change its permissions (chmod) or copy it to a folder you own");
        }
        if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
            throw new InvalidInputException(name + ": " + Files.size(file) + " bytes is far too large for " + what
                    + ": is it the right file?");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(name + ": not a text file (UTF-8); expected " + what);
        }
    }

    /** The energies in the image's metadata, or null when it carries none. */
    public static double[] fromImage(ImagePlus imp) {
        String stored = imp.getProp(PROPERTY);
        if (stored != null && !stored.isBlank()) {
            return parse(stored, imp.getTitle() + " (" + PROPERTY + ")");
        }
        int frames = imp.getNFrames();
        if (frames < 2) {
            return null;
        }
        ImageStack stack = imp.getStack();
        double[] e = new double[frames];
        for (int t = 1; t <= frames; t++) {
            String label = stack.getSliceLabel(imp.getStackIndex(1, 1, t));
            Double v = energyInLabel(label);
            if (v == null) {
                return null;
            }
            e[t - 1] = v;
        }
        return e;
    }

    /** A number followed by "eV" in a frame label, e.g. "Mn_6539.5eV" or "E = 6539.5 eV". */
    static Double energyInLabel(String label) {
        if (label == null) {
            return null;
        }
        Matcher m = Pattern.compile("(" + NUMBER.pattern() + ")\\s*eV", Pattern.CASE_INSENSITIVE).matcher(label);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    /** Stores the energies in the image's metadata (kept in TIFF files saved by ImageJ). */
    public static void store(ImagePlus imp, double[] energies) {
        imp.setProp(PROPERTY, text(energies));
    }

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
