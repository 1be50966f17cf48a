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
     * Numbers separated by commas, semicolons, blanks or new lines ("6500, 6510, 6520"). In a CSV file only
     * the first field of each line counts, and leading lines without a number (a header) are skipped.
     */
    public static double[] parse(String text, String sourceName) {
        List<Double> values = new ArrayList<>();
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        boolean table = lines.size() > 1; // one energy per line, maybe with more columns: take the first
        for (String l : lines) {
            String[] all = l.split("[,;\\s]+");
            String[] fields = table ? new String[] {all[0]} : all;
            for (String f : fields) {
                String t = f.strip();
                if (t.isEmpty()) {
                    continue;
                }
                try {
                    values.add(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    if (!values.isEmpty()) {
                        throw new InvalidInputException(sourceName + ": '" + t + "' is not an energy (eV) "
                                + "after " + values.size() + " values");
                    }
                    // a header before the first number
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

    public static double[] fromFile(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
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
