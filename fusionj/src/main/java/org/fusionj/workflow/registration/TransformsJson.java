package org.fusionj.workflow.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.RegistrationParameters;

/**
 * Writes the transforms file: per energy the 4x4 matrix (row-major rows) mapping a fixed-volume voxel position
 * (x = column, y = row, z = slice; voxel centres at integers) to the moving-volume position, the quality figures,
 * and per-particle matrices when per-particle mode was on; plus the voxel size and unit. Format in
 * docs/registration.md. No ImageJ class is needed to write or read it (the Spark driver does both); the front-ends
 * pass the voxel size and unit of their images' calibration.
 */
public final class TransformsJson {

    public static final String FORMAT = "fusionj-registration-transforms";
    public static final int VERSION = 1;

    private TransformsJson() {
    }

    /**
     * What a transforms file holds (the quality figures are not read back).
     *
     * @param voxelSize  x, y, z voxel size
     * @param unit       the voxel size's unit
     * @param fixedIndex the fixed volume's index, or -1 for a pair
     * @param energies   per volume its energy (eV), or null when the file has none
     * @param global     per volume the matrix (fixed voxel -> moving voxel)
     * @param particles  per volume its particle transforms (empty lists without per-particle mode)
     */
    public record Contents(double[] voxelSize, String unit, int fixedIndex, double[] energies,
            AffineTransform3D[] global, List<List<PairResult.ParticleTransform>> particles) {
    }

    /**
     * @param voxelSize  x, y, z voxel size (e.g. an image calibration's pixel width, height and depth)
     * @param unit       the voxel size's unit
     * @param energies   the energies (eV), or null for a pair without energies
     * @param fixedIndex the fixed volume's index in the series, or -1 for a pair (a separate fixed volume)
     */
    public static String write(RegistrationParameters p, double[] voxelSize, String unit, double[] energies,
            int fixedIndex, List<PairResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        field(sb, 1, "format", quote(FORMAT)).append(",\n");
        field(sb, 1, "version", Integer.toString(VERSION)).append(",\n");
        field(sb, 1, "convention", quote("matrix maps a fixed-volume voxel position (x = column, y = row, "
                + "z = slice; voxel centres at integers) to the moving-volume position; 4x4 homogeneous, rows"))
                .append(",\n");
        field(sb, 1, "voxel_size", "[" + num(voxelSize[0]) + ", " + num(voxelSize[1]) + ", "
                + num(voxelSize[2]) + "]").append(",\n");
        field(sb, 1, "unit", quote(unit)).append(",\n");
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

    /**
     * Reads a transforms file written by any FusionJ registration.
     *
     * @param name how the user knows the file, for messages
     * @throws InvalidInputException naming the file when it is not a FusionJ transforms file
     */
    @SuppressWarnings("unchecked")
    public static Contents read(String json, String name) {
        Object parsed;
        try {
            parsed = org.fusionj.io.JsonReader.parse(json);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name + " is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> root) || !FORMAT.equals(root.get("format"))
                || !(root.get("volumes") instanceof List<?> volumes)) {
            throw new InvalidInputException(name + " is not a FusionJ transforms file (format " + FORMAT
                    + "); give the transforms.json a registration wrote");
        }
        if (!(root.get("version") instanceof Double v) || v != VERSION) {
            throw new InvalidInputException(name + " is transforms format version " + root.get("version")
                    + "; this FusionJ reads version " + VERSION);
        }
        double[] voxel = {1, 1, 1};
        if (root.get("voxel_size") instanceof List<?> vs && vs.size() == 3) {
            for (int i = 0; i < 3; i++) {
                voxel[i] = number(vs.get(i), name);
            }
        }
        String unit = root.get("unit") instanceof String u ? u : "pixel";
        int fixed = root.get("fixed_index") instanceof Double f ? f.intValue() : -1;
        int n = volumes.size();
        AffineTransform3D[] global = new AffineTransform3D[n];
        double[] energies = new double[n];
        boolean haveEnergies = true;
        List<List<PairResult.ParticleTransform>> particles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            particles.add(List.of());
        }
        for (Object o : volumes) {
            Map<String, Object> vm = (Map<String, Object>) o;
            int index = (int) number(vm.get("index"), name);
            if (index < 0 || index >= n || global[index] != null) {
                throw new InvalidInputException(name + ": volume index " + index + " is out of range or repeated");
            }
            global[index] = matrix(vm.get("matrix"), name);
            if (vm.get("energy_eV") instanceof Double e) {
                energies[index] = e;
            } else {
                haveEnergies = false;
            }
            List<PairResult.ParticleTransform> pts = new ArrayList<>();
            if (vm.get("particles") instanceof List<?> pl) {
                for (Object po : pl) {
                    Map<String, Object> pm = (Map<String, Object>) po;
                    List<?> c = (List<?>) pm.get("centroid");
                    pts.add(new PairResult.ParticleTransform((int) number(pm.get("label"), name),
                            (long) number(pm.get("voxels"), name), new double[] {number(c.get(0), name),
                                number(c.get(1), name), number(c.get(2), name)}, matrix(pm.get("matrix"), name)));
                }
            }
            particles.set(index, List.copyOf(pts));
        }
        return new Contents(voxel, unit, fixed, haveEnergies ? energies : null, global, List.copyOf(particles));
    }

    private static double number(Object v, String name) {
        if (!(v instanceof Double d)) {
            throw new InvalidInputException(name + ": expected a number, found " + v);
        }
        return d;
    }

    private static AffineTransform3D matrix(Object v, String name) {
        if (!(v instanceof List<?> rows) || rows.size() != 4) {
            throw new InvalidInputException(name + ": a matrix must be 4 rows of 4 numbers");
        }
        double[] m16 = new double[16];
        for (int r = 0; r < 4; r++) {
            if (!(rows.get(r) instanceof List<?> row) || row.size() != 4) {
                throw new InvalidInputException(name + ": a matrix must be 4 rows of 4 numbers");
            }
            for (int c = 0; c < 4; c++) {
                m16[4 * r + c] = number(row.get(c), name);
            }
        }
        return AffineTransform3D.ofMatrix4x4(m16);
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
