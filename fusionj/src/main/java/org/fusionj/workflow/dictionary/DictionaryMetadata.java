package org.fusionj.workflow.dictionary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.DictionaryInfo;
import org.fusionj.core.dictionary.DictionaryMode;

/**
 * A dictionary as "key = value" lines, kept in the ImageJ "Info" property of its montage image and so in the TIFF
 * it is saved to. Doubles are written with {@link Double#toString} and the atoms as Base64 of little-endian
 * float64, so that a saved dictionary re-opens bit for bit; the montage pixels are only for the eye.
 */
public final class DictionaryMetadata {

    /** First line of the block; identifies the format and its version. */
    public static final String HEADER = "FusionJ dictionary 1";
    private static final String PREFIX = "fusionj.dictionary.";

    private DictionaryMetadata() {
    }

    public static String encode(Dictionary d) {
        DictionaryInfo i = d.info();
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        put(b, "mode", i.mode().key());
        put(b, "patch_size", Integer.toString(d.patchSize()));
        put(b, "atoms", Integer.toString(d.atomCount()));
        put(b, "scale", Double.toString(d.scale()));
        put(b, "psf_sigma", Double.toString(i.psfSigma()));
        put(b, "noise", Double.toString(i.noiseSigma()));
        put(b, "seed", Long.toString(i.seed()));
        put(b, "alpha", Double.toString(i.alpha()));
        put(b, "steps", Integer.toString(i.steps()));
        put(b, "batch", Integer.toString(i.batchSize()));
        put(b, "bit_depth", Integer.toString(i.bitDepth()));
        put(b, "pixel_size", Double.toString(i.pixelSize()));
        put(b, "pixel_unit", i.pixelUnit());
        put(b, "coding_atoms", base64(d.codingAtoms()));
        if (d.mode() == DictionaryMode.COUPLED) {
            put(b, "rebuild_atoms", base64(d.rebuildAtoms()));
        }
        return b.toString();
    }

    /**
     * @param source names the image or file in messages
     * @throws InvalidInputException when the text holds no dictionary, lacks a key or disagrees with itself
     */
    public static Dictionary decode(String text, String source) {
        if (text == null || !text.contains(HEADER)) {
            throw new InvalidInputException(source + " is not a FusionJ dictionary: its image info has no \""
                    + HEADER + "\" block (learn one with Learn Dictionary... and save it as TIFF)");
        }
        Map<String, String> v = new LinkedHashMap<>();
        for (String line : text.substring(text.indexOf(HEADER)).split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith(PREFIX) && eq > 0) {
                v.put(line.substring(PREFIX.length(), eq).trim(), line.substring(eq + 1).trim());
            }
        }
        Reader r = new Reader(v, source);
        DictionaryMode mode = DictionaryMode.parse(r.text("mode"));
        int p = r.integer("patch_size");
        int k = r.integer("atoms");
        if (p < 2 || k < 1) {
            throw new InvalidInputException(source + ": dictionary metadata gives patch size " + p + " and " + k
                    + " atoms; both must be positive (patch size >= 2)");
        }
        DictionaryInfo info = new DictionaryInfo(mode, r.number("psf_sigma"), r.number("noise"), r.longValue("seed"),
                r.number("alpha"), r.integer("steps"), r.integer("batch"), r.integer("bit_depth"),
                r.number("pixel_size"), v.getOrDefault("pixel_unit", ""));
        double[] coding = r.atoms("coding_atoms", k * p * p);
        double[] rebuild = mode == DictionaryMode.COUPLED ? r.atoms("rebuild_atoms", k * p * p) : coding;
        try {
            return new Dictionary(p, k, coding, rebuild, r.number("scale"), info);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": " + e.getMessage());
        }
    }

    private static void put(StringBuilder b, String key, String value) {
        b.append(PREFIX).append(key).append(" = ").append(value).append('\n');
    }

    private static String base64(double[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(values);
        return Base64.getEncoder().encodeToString(buf.array());
    }

    /** Typed access with messages that name the file and the key. */
    private record Reader(Map<String, String> values, String source) {

        String text(String key) {
            String s = values.get(key);
            if (s == null || s.isEmpty()) {
                throw new InvalidInputException(source + ": the dictionary metadata lacks \"" + key + "\"");
            }
            return s;
        }

        double number(String key) {
            try {
                return Double.parseDouble(text(key));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(source + ": dictionary metadata \"" + key + "\" is not a number: "
                        + values.get(key));
            }
        }

        int integer(String key) {
            try {
                return Integer.parseInt(text(key));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(source + ": dictionary metadata \"" + key
                        + "\" is not a whole number: " + values.get(key));
            }
        }

        long longValue(String key) {
            try {
                return Long.parseLong(text(key));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(source + ": dictionary metadata \"" + key
                        + "\" is not a whole number: " + values.get(key));
            }
        }

        double[] atoms(String key, int expected) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(text(key));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(source + ": dictionary metadata \"" + key + "\" is damaged ("
                        + e.getMessage() + ")");
            }
            if (bytes.length != (long) expected * Double.BYTES) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s: the dictionary holds %d values "
                        + "in \"%s\" but its metadata (atoms x patch size^2) asks for %d", source,
                        bytes.length / Double.BYTES, key, expected));
            }
            double[] out = new double[expected];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
            return out;
        }
    }
}
