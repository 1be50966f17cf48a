package org.fusionj.workflow.tomo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.ImageStack;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.tomo.TiltAngles;

/**
 * Tilt angles as users give them: a text file (numbers separated by spaces, commas or new lines; {@code #} starts
 * a comment, so a two-column file with a header line needs the header commented), a list typed in place
 * ({@code -60,-30,0,30,60}), a regular range {@code FROM:TO:STEP}, or the slice labels of the tilt series
 * ({@code -70}, {@code -70 deg}, {@code tilt -70.0}, {@code angle=-70}: the number of each label). Every refusal names the
 * file or series and the fix.
 */
public final class TiltAngleText {

    /**
     * A label that holds a tilt angle: the number alone, or after "tilt", "angle" or "alpha" (with ":" or "="), and
     * optionally "deg", "degrees" or the degree sign after it. Strict, so that labels such as "Au z=1" are not read
     * as angles.
     */
    private static final Pattern LABEL = Pattern.compile("\\s*(?:(?:tilt|angle|alpha)\\s*[:=]?\\s*)?"
            + "([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*(?:deg|degrees|\u00b0)?\\s*",
            Pattern.CASE_INSENSITIVE);

    private TiltAngleText() {
    }

    /**
     * Angles from {@code spec}: a file when it names an existing one, else a list or range typed in place.
     *
     * @param what the parameter, for messages, e.g. "haadf_angles"
     */
    public static double[] parse(String spec, String what) throws IOException {
        String s = spec.trim();
        if (s.isEmpty()) {
            throw new InvalidInputException(what + " is empty; give a file of angles, a list A,B,C or FROM:TO:STEP");
        }
        Path file = Path.of(s);
        if (Files.isRegularFile(file)) {
            return readFile(file);
        }
        try {
            return text(s, what);
        } catch (InvalidInputException e) {
            if (looksLikeFile(s)) {
                throw new InvalidInputException(what + ": no such angle file: " + s + " (give a text file of "
                        + "angles in degrees, a list A,B,C or FROM:TO:STEP)");
            }
            throw e;
        }
    }

    private static boolean looksLikeFile(String s) {
        return s.contains("/") || s.contains("\\") || s.matches(".*\\.[A-Za-z]\\w*$");
    }

    /** The angles of a text file, in file order. */
    public static double[] readFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String body = hash >= 0 ? line.substring(0, hash) : line;
            for (String word : body.trim().split("[\\s,;]+")) {
                if (word.isEmpty()) {
                    continue;
                }
                try {
                    out.add(Double.parseDouble(word));
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(file.getFileName() + ", line " + (i + 1) + ": '" + word
                            + "' is not a number; an angle file holds tilt angles in degrees separated by spaces, "
                            + "commas or new lines (# starts a comment)");
                }
            }
        }
        double[] angles = out.stream().mapToDouble(Double::doubleValue).toArray();
        if (angles.length == 0) {
            throw new InvalidInputException(file.getFileName() + " holds no tilt angles; write one angle in degrees "
                    + "per image, in stack order");
        }
        TiltAngles.requireValid(angles, file.getFileName().toString());
        requireDegrees(angles, file.getFileName().toString());
        return angles;
    }

    /**
     * What every front-end reads for a series: the angles {@code spec} gives ({@link #parse}), or, when it is null
     * or blank, the slice labels of {@code series} ({@link #fromLabels}).
     *
     * @param key the parameter, e.g. "chem_angles"
     */
    public static double[] of(String spec, ImagePlus series, String key) throws IOException {
        return spec == null || spec.isBlank() ? fromLabels(series, key) : parse(spec, key);
    }

    /** Separates the chemical series' own angle specs in one text value: {@code au.txt|ag.txt}. */
    public static final String SERIES_SEPARATOR = "|";

    /**
     * The angles of several series from one text value, as every front-end reads {@code chem_angles}: null or blank,
     * each series' slice labels; one spec, the same angles for every series; specs separated by
     * {@value #SERIES_SEPARATOR}, one per series in order (each a file, a list or FROM:TO:STEP, or blank for that
     * series' labels).
     *
     * @param key the parameter, e.g. "chem_angles"
     */
    public static List<double[]> perSeries(String spec, List<ImagePlus> series, String key) throws IOException {
        String[] specs = spec == null ? new String[] {""} : spec.split(Pattern.quote(SERIES_SEPARATOR), -1);
        if (specs.length != 1 && specs.length != series.size()) {
            throw new InvalidInputException(key + ": " + specs.length + " angle specs (separated by "
                    + SERIES_SEPARATOR + ") for " + series.size() + " chemical series; give one for every series "
                    + "or one per series, in order");
        }
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            out.add(of(specs[specs.length == 1 ? 0 : i], series.get(i), key));
        }
        return out;
    }

    /** A list {@code A,B,C} (commas or spaces) or a range {@code FROM:TO:STEP}. */
    public static double[] text(String s, String what) {
        String t = s.trim();
        if (t.contains(":")) {
            String[] parts = t.split(":");
            if (parts.length != 3) {
                throw new InvalidInputException(what + ": '" + s + "' is not FROM:TO:STEP (e.g. -70:70:2)");
            }
            double from = number(parts[0], what, s);
            double to = number(parts[1], what, s);
            double step = number(parts[2], what, s);
            double[] range;
            try {
                range = TiltAngles.range(from, to, step);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(what + " '" + t + "': " + e.getMessage());
            }
            requireDegrees(range, what);
            return range;
        }
        String[] words = t.split("[\\s,;]+");
        double[] angles = new double[words.length];
        for (int i = 0; i < words.length; i++) {
            angles[i] = number(words[i], what, s);
        }
        TiltAngles.requireValid(angles, what);
        requireDegrees(angles, what);
        return angles;
    }

    /**
     * Refuses three or more angles that all lie within +-pi/2 (to 1e-3, for radians typed to 4 decimals) and are
     * not all one angle: tilts typed in radians.
     * They pass the [-90, 90] degree check and would be reconstructed as a series spanning a few degrees, i.e. no
     * tomogram at all. One or two angles are not judged.
     */
    static void requireDegrees(double[] angles, String what) {
        if (angles.length < 3) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double a : angles) {
            lo = Math.min(lo, a);
            hi = Math.max(hi, a);
        }
        if (hi > lo && Math.max(-lo, hi) <= Math.PI / 2 + 1e-3) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s: the %d tilt angles all lie between %s and "
                    + "%s degrees, a series spanning %.3g degrees; radians? multiply by 57.2958 (tilt angles are "
                    + "read in degrees)", what, angles.length, TiltAngles.format(lo),
                    TiltAngles.format(hi), hi - lo));
        }
    }

    private static double number(String word, String what, String whole) {
        try {
            return Double.parseDouble(word.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(what + ": '" + word.trim() + "' in '" + whole + "' is not a number; "
                    + "give a file of angles, a list A,B,C or FROM:TO:STEP, in degrees");
        }
    }

    /**
     * The angles held by the slice labels of {@code imp} (the first number of each label), for series saved with
     * their angles, e.g. by {@code simulate-tomo} or by Fiji's tomography tools.
     */
    public static double[] fromLabels(ImagePlus imp, String what) {
        ImageStack stack = imp.getStack();
        double[] angles = new double[stack.getSize()];
        for (int s = 1; s <= stack.getSize(); s++) {
            String label = stack.getShortSliceLabel(s);
            Matcher m = LABEL.matcher(label == null ? "" : label);
            if (!m.matches()) {
                throw new InvalidInputException(imp.getTitle() + ": image " + s + " has no tilt angle in its slice "
                        + "label (a number, e.g. '-70' or '-70 deg')" + (label == null || label.isBlank() ? "" : " ('" + label + "')") + "; give "
                        + what + " (a file of angles in degrees, one per image in stack order)");
            }
            angles[s - 1] = Double.parseDouble(m.group(1));
        }
        TiltAngles.requireValid(angles, imp.getTitle() + " (angles from the slice labels)");
        requireDegrees(angles, imp.getTitle() + " (angles from the slice labels)");
        return angles;
    }

    /** The label {@code simulate-tomo} writes for a tilt: {@code "-70 deg"}. */
    public static String label(double degrees) {
        return TiltAngles.format(degrees) + " deg";
    }

    /** An angle file's text: one angle per line. */
    public static String fileText(double[] angles) {
        StringBuilder sb = new StringBuilder("# tilt angles, degrees, one per image in stack order\n");
        for (double a : angles) {
            sb.append(String.format(Locale.ROOT, "%s%n", TiltAngles.format(a)));
        }
        return sb.toString();
    }
}
