package org.fusionj.workflow.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.VirtualStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.io.JsonReader;
import org.fusionj.io.ZarrArray;

/**
 * The maps of a finished distributed run ({@code results/maps.zarr}, written by fusionj-spark) opened in ImageJ
 * lazily: one map is a virtual stack whose slices are read from the Zarr chunks when shown (a 2048^3 map is 32 GB;
 * a slice 16 MB), calibrated with the run's voxel size and unit. Uses FusionJ's own Zarr v2 reader
 * ({@link ZarrArray}, the writer the Spark tasks use), no Spark class.
 */
public final class ClusterResult {

    /** The array folder of the maps in a results folder. */
    public static final String MAPS = "maps.zarr";
    /** The map opened when none is named. */
    public static final String DEFAULT_MAP = "half_height";

    private ClusterResult() {
    }

    /**
     * The maps.zarr group of {@code location}: a results folder, maps.zarr itself, or one map's array folder
     * (then its parent).
     */
    public static Path mapsFolder(Path location) {
        if (location == null || location.toString().isBlank()) {
            throw new InvalidInputException("results: give the output folder of a cluster run (it holds maps.zarr)");
        }
        Path p = location.toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new InvalidInputException("results " + location + (Files.exists(p) ? " is a file" : " does not "
                    + "exist") + "; give the output folder of a cluster run (it holds maps.zarr)");
        }
        if (Files.exists(p.resolve(".zarray")) && p.getParent() != null && Files.exists(p.getParent().resolve(
                ".zgroup"))) {
            return p.getParent();
        }
        if (Files.exists(p.resolve(".zgroup"))) {
            return p;
        }
        if (Files.exists(p.resolve(MAPS).resolve(".zgroup"))) {
            return p.resolve(MAPS);
        }
        throw new InvalidInputException("results " + location + " holds no " + MAPS + (running(p) ? ": the run "
                + "into it has not finished (or failed; its staging folder .fusionj-run-* is not a result)" : "")
                + "; give the output folder of a finished cluster run");
    }

    /** The maps (array names) in a maps.zarr group, the XANES maps first, then mask and particles. */
    public static List<String> maps(Path location) throws IOException {
        Path group = mapsFolder(location);
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(group)) {
            for (Path p : ds) {
                if (Files.exists(p.resolve(".zarray"))) {
                    names.add(p.getFileName().toString());
                }
            }
        }
        names.sort((a, b) -> {
            int ra = rank(a);
            int rb = rank(b);
            return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
        });
        return names;
    }

    private static int rank(String name) {
        return name.equals("mask") ? 1 : name.equals("particles") ? 2 : 0;
    }

    /**
     * Opens {@code map} (e.g. {@code half_height}; blank: {@value #DEFAULT_MAP}, else the first map) of the run in
     * {@code location} as a virtual stack (z slices), calibrated from the group's {@code voxel_size} and
     * {@code unit}. Nothing is read but metadata until a slice is shown.
     */
    public static ImagePlus open(Path location, String map) throws IOException {
        Path group = mapsFolder(location);
        List<String> names = maps(group);
        if (names.isEmpty()) {
            throw new InvalidInputException(group + " holds no map arrays");
        }
        String name = map == null || map.isBlank() ? (names.contains(DEFAULT_MAP) ? DEFAULT_MAP : names.get(0))
                : map.trim();
        if (!names.contains(name)) {
            throw new InvalidInputException("map '" + name + "' is not in " + group + "; it holds "
                    + String.join(", ", names));
        }
        ZarrArray array = ZarrArray.open(group.resolve(name));
        long[] shape = array.shape();
        if (shape.length != 3 || shape[1] * shape[2] > Integer.MAX_VALUE - 8 || shape[0] > Integer.MAX_VALUE) {
            throw new InvalidInputException(group.resolve(name) + " is not a 3-D (z, y, x) map an ImageJ stack "
                    + "can show (shape " + java.util.Arrays.toString(shape) + ")");
        }
        ImagePlus imp = new ImagePlus(name, new ZarrSliceStack(array, name));
        imp.setCalibration(calibration(group));
        imp.setProperty("Info", "FusionJ cluster result: " + group.resolve(name) + "\n");
        return imp;
    }

    static Calibration calibration(Path group) throws IOException {
        Calibration cal = new Calibration();
        Path attrs = group.resolve(".zattrs");
        if (!Files.exists(attrs)) {
            return cal;
        }
        Object parsed = JsonReader.parse(Files.readString(attrs, StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?> m)) {
            return cal;
        }
        if (m.get("voxel_size") instanceof List<?> v && v.size() == 3 && v.stream().allMatch(Number.class::isInstance)) {
            // x, y, z as in job.json
            cal.pixelWidth = ((Number) v.get(0)).doubleValue();
            cal.pixelHeight = ((Number) v.get(1)).doubleValue();
            cal.pixelDepth = ((Number) v.get(2)).doubleValue();
        }
        if (m.get("unit") instanceof String u && !u.isBlank()) {
            cal.setUnit(u);
        }
        return cal;
    }

    /** Slices of a 3-D float32 Zarr array, read when ImageJ asks for them. */
    static final class ZarrSliceStack extends VirtualStack {
        private final ZarrArray array;
        private final String name;
        private final int depth;
        private final int height;
        private final int width;

        ZarrSliceStack(ZarrArray array, String name) {
            super((int) array.shape()[2], (int) array.shape()[1], null, null);
            this.array = array;
            this.name = name;
            this.depth = (int) array.shape()[0];
            this.height = (int) array.shape()[1];
            this.width = (int) array.shape()[2];
        }

        @Override
        public ImageProcessor getProcessor(int n) {
            if (n < 1 || n > depth) {
                throw new IllegalArgumentException("slice " + n + " out of 1.." + depth);
            }
            try {
                float[] plane = array.read(new long[] {n - 1, 0, 0}, new int[] {1, height, width});
                return new FloatProcessor(width, height, plane);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read slice " + n + " of " + array.dir() + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        public int getSize() {
            return depth;
        }

        @Override
        public String getSliceLabel(int n) {
            return name + " z=" + (n - 1);
        }

        @Override
        public int getBitDepth() {
            return 32;
        }

        @Override
        public void deleteSlice(int n) {
            throw new UnsupportedOperationException("a cluster result's slices are read from its Zarr array; "
                    + "duplicate the stack to edit it");
        }
    }

    private static boolean running(Path dir) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".fusionj-run-*")) {
            return ds.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
