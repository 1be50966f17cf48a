package org.fusionj.workflow.registration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.io.JsonReader;

/**
 * A transforms file as {@link TransformsJson} writes it (format in docs/registration.md), read back: per volume the
 * matrix from a fixed-grid voxel to the moving volume's, and per-particle matrices when per-particle mode was on.
 *
 * @param voxelSize   x, y, z of the registered data's voxel
 * @param unit        its unit
 * @param transform   the transform family's key
 * @param metric      the metric's key
 * @param perParticle whether per-particle matrices are present
 * @param fixedIndex  the fixed volume's index in the series, or -1 (two-volume mode)
 * @param volumes     one entry per volume, in index order
 */
public record TransformsFile(double[] voxelSize, String unit, String transform, String metric, boolean perParticle,
                             int fixedIndex, List<Entry> volumes) {

    /** One volume's transforms; {@code energyEv} is NaN in two-volume mode. */
    public record Entry(int index, double energyEv, AffineTransform3D matrix, List<Particle> particles) {
    }

    /** One particle's own transform (per-particle mode). */
    public record Particle(int label, long voxels, double[] centroid, AffineTransform3D matrix) {
    }

    public static TransformsFile read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    }

    /**
     * @param source names the text in messages (the file name)
     */
    public static TransformsFile parse(String text, String source) {
        Object root;
        try {
            root = JsonReader.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source + " is not valid JSON: " + e.getMessage());
        }
        Map<?, ?> m = object(root, source, "the file");
        if (!TransformsJson.FORMAT.equals(m.get("format"))) {
            throw new InvalidInputException(source + " is not a FusionJ transforms file (its \"format\" is "
                    + m.get("format") + ", expected \"" + TransformsJson.FORMAT + "\")");
        }
        double version = number(m, "version", source);
        if (version != TransformsJson.VERSION) {
            throw new InvalidInputException(source + " has version " + version + "; this FusionJ reads version "
                    + TransformsJson.VERSION);
        }
        List<?> size = list(m.get("voxel_size"), source, "voxel_size");
        double[] voxel = new double[3];
        for (int i = 0; i < 3; i++) {
            voxel[i] = size.size() > i && size.get(i) instanceof Double d ? d : 1;
        }
        boolean perParticle = Boolean.TRUE.equals(m.get("per_particle"));
        int fixed = m.get("fixed_index") instanceof Double d ? d.intValue() : -1;
        List<Entry> entries = new ArrayList<>();
        for (Object o : list(m.get("volumes"), source, "volumes")) {
            Map<?, ?> v = object(o, source, "a volume entry");
            int index = (int) number(v, "index", source);
            double energy = v.get("energy_eV") instanceof Double d ? d : Double.NaN;
            AffineTransform3D matrix = matrix(v.get("matrix"), source, "volume " + index);
            List<Particle> particles = new ArrayList<>();
            Object ps = v.get("particles");
            if (ps != null) {
                for (Object po : list(ps, source, "particles")) {
                    Map<?, ?> p = object(po, source, "a particle entry");
                    List<?> c = list(p.get("centroid"), source, "centroid");
                    particles.add(new Particle((int) number(p, "label", source), (long) number(p, "voxels", source),
                            new double[] {(Double) c.get(0), (Double) c.get(1), (Double) c.get(2)},
                            matrix(p.get("matrix"), source, "a particle of volume " + index)));
                }
            }
            if (index != entries.size()) {
                throw new InvalidInputException(source + ": volume entries must be in index order from 0; entry "
                        + (entries.size() + 1) + " has index " + index);
            }
            entries.add(new Entry(index, energy, matrix, List.copyOf(particles)));
        }
        if (entries.isEmpty()) {
            throw new InvalidInputException(source + " holds no volumes");
        }
        return new TransformsFile(voxel, m.get("unit") instanceof String u ? u : "pixel",
                String.valueOf(m.get("transform")), String.valueOf(m.get("metric")), perParticle, fixed,
                List.copyOf(entries));
    }

    private static AffineTransform3D matrix(Object o, String source, String what) {
        List<?> rows = list(o, source, "the matrix of " + what);
        if (rows.size() != 4) {
            throw new InvalidInputException(source + ": the matrix of " + what + " has " + rows.size()
                    + " rows, expected 4");
        }
        double[] m16 = new double[16];
        for (int r = 0; r < 4; r++) {
            List<?> row = list(rows.get(r), source, "a matrix row of " + what);
            if (row.size() != 4) {
                throw new InvalidInputException(source + ": row " + (r + 1) + " of the matrix of " + what + " has "
                        + row.size() + " entries, expected 4");
            }
            for (int c = 0; c < 4; c++) {
                if (!(row.get(c) instanceof Double d)) {
                    throw new InvalidInputException(source + ": the matrix of " + what + " holds a non-number");
                }
                m16[4 * r + c] = d;
            }
        }
        return AffineTransform3D.ofMatrix4x4(m16);
    }

    private static Map<?, ?> object(Object o, String source, String what) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new InvalidInputException(source + ": " + what + " is not a JSON object");
    }

    private static List<?> list(Object o, String source, String what) {
        if (o instanceof List<?> l) {
            return l;
        }
        throw new InvalidInputException(source + ": " + what + " is missing or not a list");
    }

    private static double number(Map<?, ?> m, String key, String source) {
        if (m.get(key) instanceof Double d) {
            return d;
        }
        throw new InvalidInputException(source + ": \"" + key + "\" is missing or not a number");
    }

    /** The number of volumes. */
    public int count() {
        return volumes.size();
    }
}
