package org.fusionj.workflow.registration;

import java.util.List;
import java.util.Locale;

import ij.measure.Calibration;

import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.RegistrationParameters;

/**
 * Writes the transforms file: per energy the 4x4 matrix (row-major rows) mapping a fixed-volume voxel position
 * (x = column, y = row, z = slice; voxel centres at integers) to the moving-volume position, the quality figures,
 * and per-particle matrices when per-particle mode was on; plus the voxel size and unit. Format in
 * docs/registration.md.
 */
public final class TransformsJson {

    public static final String FORMAT = "fusionj-registration-transforms";
    public static final int VERSION = 1;

    private TransformsJson() {
    }

    /**
     * @param energies   the energies (eV), or null for a pair without energies
     * @param fixedIndex the fixed volume's index in the series, or -1 for a pair (a separate fixed volume)
     */
    public static String write(RegistrationParameters p, Calibration cal, double[] energies, int fixedIndex,
            List<PairResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        field(sb, 1, "format", quote(FORMAT)).append(",\n");
        field(sb, 1, "version", Integer.toString(VERSION)).append(",\n");
        field(sb, 1, "convention", quote("matrix maps a fixed-volume voxel position (x = column, y = row, "
                + "z = slice; voxel centres at integers) to the moving-volume position; 4x4 homogeneous, rows"))
                .append(",\n");
        field(sb, 1, "voxel_size", "[" + num(cal.pixelWidth) + ", " + num(cal.pixelHeight) + ", "
                + num(cal.pixelDepth) + "]").append(",\n");
        field(sb, 1, "unit", quote(cal.getUnit())).append(",\n");
        field(sb, 1, "transform", quote(p.transform().key())).append(",\n");
        field(sb, 1, "metric", quote(p.metric().key())).append(",\n");
        field(sb, 1, "per_particle", Boolean.toString(p.perParticle())).append(",\n");
        if (fixedIndex >= 0) {
            field(sb, 1, "fixed_index", Integer.toString(fixedIndex)).append(",\n");
        }
        if (energies != null && fixedIndex >= 0) {
            field(sb, 1, "fixed_energy_eV", num(energies[fixedIndex])).append(",\n");
        }
        indent(sb, 1).append("\"volumes\": [\n");
        for (int i = 0; i < results.size(); i++) {
            PairResult r = results.get(i);
            indent(sb, 2).append("{\n");
            field(sb, 3, "index", Integer.toString(i)).append(",\n");
            if (energies != null) {
                field(sb, 3, "energy_eV", num(energies[i])).append(",\n");
            }
            field(sb, 3, "matrix", matrix(r.global(), 3)).append(",\n");
            field(sb, 3, "mse_before", num(r.before().mse())).append(",\n");
            field(sb, 3, "mse_after", num(r.after().mse())).append(",\n");
            field(sb, 3, "dice_before", num(r.before().dice())).append(",\n");
            field(sb, 3, "dice_after", num(r.after().dice())).append(",\n");
            indent(sb, 3).append("\"particles\": [");
            for (int k = 0; k < r.particles().size(); k++) {
                PairResult.ParticleTransform pt = r.particles().get(k);
                sb.append(k == 0 ? "\n" : ",\n");
                indent(sb, 4).append("{\"label\": ").append(pt.label()).append(", \"voxels\": ").append(pt.voxels())
                        .append(", \"centroid\": [").append(num(pt.centroid()[0])).append(", ")
                        .append(num(pt.centroid()[1])).append(", ").append(num(pt.centroid()[2]))
                        .append("], \"matrix\": ").append(matrix(pt.transform(), 5)).append("}");
            }
            sb.append(r.particles().isEmpty() ? "]\n" : "\n" + "  ".repeat(3) + "]\n");
            indent(sb, 2).append(i == results.size() - 1 ? "}\n" : "},\n");
        }
        indent(sb, 1).append("]\n");
        sb.append("}\n");
        return sb.toString();
    }

    private static String matrix(AffineTransform3D t, int level) {
        double[] m = t.matrix4x4();
        StringBuilder sb = new StringBuilder("[\n");
        for (int r = 0; r < 4; r++) {
            indent(sb, level + 1).append("[");
            for (int c = 0; c < 4; c++) {
                sb.append(num(m[4 * r + c])).append(c < 3 ? ", " : "");
            }
            sb.append(r < 3 ? "],\n" : "]\n");
        }
        indent(sb, level).append("]");
        return sb.toString();
    }

    private static StringBuilder field(StringBuilder sb, int level, String key, String value) {
        return indent(sb, level).append(quote(key)).append(": ").append(value);
    }

    private static StringBuilder indent(StringBuilder sb, int level) {
        return sb.append("  ".repeat(level));
    }

    /** A finite number with 17 significant digits (round-trips a double); non-finite as null. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v) + ".0";
        }
        return String.format(Locale.ROOT, "%.17g", v).replaceFirst("0+$", "").replaceFirst("\\.$", ".0")
                .replace("e+", "e");
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
