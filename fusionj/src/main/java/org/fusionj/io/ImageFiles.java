package org.fusionj.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

/**
 * Opens an image named on a command line or in a script, whatever its format, as an ImageJ image.
 *
 * <p>A source is a file path, optionally followed by {@code :KEY} to pick one array inside a container file:
 * an NPZ key ({@code data.npz:Sc}), an HDF5 dataset path ({@code run.h5:/fused_Sc}) or an EMD image name or
 * index ({@code scan.emd:HAADF}, {@code scan.emd:0}). NPY, NPZ and TIFF are read by FusionJ's own readers, HDF5
 * and EMD through jhdf; everything else goes to ImageJ's opener under a time limit.
 *
 * <p>Whatever the file, opening it either gives an image or throws a {@link FileFormatException} (or a
 * {@link java.nio.file.NoSuchFileException}) whose one-line message names the file, the problem and what to do:
 * a damaged, truncated or hostile file is refused before memory is allocated for it (see
 * {@link MemoryBudget}), and no reader can hang (see {@link ReadWatchdog} and docs/reliability.md).
 */
public final class ImageFiles {

    private ImageFiles() {
    }

    /** A parsed source: the file and the optional key after the colon. */
    public record Source(Path file, String key) {

        /** Parses "path" or "path:key"; a colon that is part of an existing path (e.g. "C:\\x") is kept. */
        public static Source parse(String spec) {
            if (spec == null || spec.isBlank()) {
                throw new IllegalArgumentException("empty file name");
            }
            int colon = spec.lastIndexOf(':');
            if (colon > 1 && !Files.exists(Path.of(spec))) {
                return new Source(Path.of(spec.substring(0, colon)), spec.substring(colon + 1));
            }
            return new Source(Path.of(spec), null);
        }

        public String displayName() {
            return key == null ? file.getFileName().toString() : file.getFileName() + ":" + key;
        }
    }

    /** Opens {@code spec} ("path" or "path:key"). */
    public static ImagePlus open(String spec) throws IOException {
        return open(Source.parse(spec));
    }

    public static ImagePlus open(Source source) throws IOException {
        Path file = source.file();
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new FileFormatException(file.getFileName() + "", "is a folder, not an image file");
        }
        if (!Files.isReadable(file)) {
            throw permissionDenied(file);
        }
        try {
            return openReadable(source);
        } catch (java.nio.file.AccessDeniedException e) {
            throw permissionDenied(file);
        }
    }

    private static ImagePlus openReadable(Source source) throws IOException {
        Path file = source.file();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            rejectKey(source, "an NPY file holds a single array");
            return toImagePlus(source.displayName(), NpyReader.readPlanes(file));
        }
        if (name.endsWith(".npz")) {
            String key = source.key();
            if (key == null) {
                List<String> keys = NpzReader.keys(file);
                if (keys.size() != 1) {
                    throw new FileFormatException(file.getFileName().toString(), "holds " + keys.size() + " arrays "
                            + keys + "; name one as " + file.getFileName() + ":KEY");
                }
                key = keys.get(0);
            } else {
                key = archiveKey(file, key);
            }
            return toImagePlus(source.displayName(), NpzReader.readPlanes(file, key));
        }
        if (name.endsWith(".emd")) {
            return openEmd(source);
        }
        if (isHdf5Name(name)) {
            return openHdf5(source);
        }
        if (isTiff(file)) {
            rejectKey(source, "only NPZ, HDF5 and EMD files hold several arrays");
            return TiffReader.open(file);
        }
        if (name.endsWith(".tif") || name.endsWith(".tiff")) {
            throw new FileFormatException(file.getFileName().toString(), "named like a TIFF file but it does not "
                    + "start like one (II*. or MM.*): the file is damaged or not a TIFF");
        }
        return openWithImageJ(source);
    }

    /** Whether a file name (any case) is an HDF5 file's: .h5, .hdf5 or .hdf (EMD files are HDF5 too, told apart). */
    public static boolean isHdf5Name(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".hdf");
    }

    /** The refusal for a file the process may not read. */
    static FileFormatException permissionDenied(Path file) {
        return new FileFormatException(file.getFileName().toString(), "permission denied: this user may not read "
                + file.toAbsolutePath() + "; change its permissions (chmod) or copy it to a folder you own");
    }

    private static boolean isTiff(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return TiffReader.looksLikeTiff(in.readNBytes(4));
        }
    }

    /** An EMD image by name or index; without a key, the only image of the file. */
    private static ImagePlus openEmd(Source source) throws IOException {
        List<NamedImage> images = EmdReader.readImages(source.file());
        String fileName = source.file().getFileName().toString();
        NamedImage chosen = null;
        if (source.key() == null) {
            if (images.size() != 1) {
                throw new FileFormatException(fileName, "holds " + images.size() + " images " + names(images)
                        + "; name one as " + fileName + ":NAME or :INDEX");
            }
            chosen = images.get(0);
        } else {
            for (NamedImage img : images) {
                if (img.name().equalsIgnoreCase(source.key())) {
                    chosen = img;
                }
            }
            if (chosen == null && source.key().matches("\\d+")) {
                int index = Integer.parseInt(source.key());
                chosen = index < images.size() ? images.get(index) : null;
            }
            if (chosen == null) {
                throw new FileFormatException(fileName, "no image '" + source.key() + "'; images: " + names(images));
            }
        }
        ImagePlus imp = toImagePlus(source.displayName(), chosen.array());
        if (chosen.isCalibrated()) {
            imp.setCalibration(calibration(new LengthUnits.PixelSize(chosen.pixelSizeX(), chosen.pixelSizeY(),
                    chosen.unit())));
        }
        return imp;
    }

    /**
     * An ImageJ calibration of {@code size} (x, y, unit; pixel depth 1), or null for null: how EMD images and EMD
     * datasets read by path (series with a frame axis, {@code file.h5:/path}) are calibrated alike.
     */
    public static Calibration calibration(LengthUnits.PixelSize size) {
        if (size == null) {
            return null;
        }
        Calibration cal = new Calibration();
        cal.pixelWidth = size.x();
        cal.pixelHeight = size.y();
        cal.setUnit(size.unit());
        return cal;
    }

    /** An HDF5 dataset by path; without a key, the only dataset of the file. */
    private static ImagePlus openHdf5(Source source) throws IOException {
        try (Hdf5Reader h5 = Hdf5Reader.open(source.file())) {
            String path = source.key();
            if (path == null) {
                List<String> datasets = h5.datasetPaths();
                if (datasets.size() != 1) {
                    String fileName = source.file().getFileName().toString();
                    throw new FileFormatException(fileName, "holds " + datasets.size() + " datasets " + datasets
                            + "; name one as " + fileName + ":/PATH");
                }
                path = datasets.get(0);
            }
            path = path.startsWith("/") ? path : "/" + path;
            ImagePlus imp = toImagePlus(source.displayName(), h5.readPlanes(path));
            // A dataset of an EMD layout (Velox Data, Berkeley data) keeps its file's pixel size.
            int rank = h5.datasetShape(path).length;
            Calibration cal = calibration(EmdReader.calibration(h5, path, rank - 2, rank - 1));
            if (cal != null) {
                imp.setCalibration(cal);
            }
            return imp;
        }
    }

    private static List<String> names(List<NamedImage> images) {
        List<String> names = new ArrayList<>();
        for (NamedImage img : images) {
            names.add(img.name());
        }
        return names;
    }

    /** The key of the array named {@code key}, or failing that of the one whose name differs only in case. */
    private static String archiveKey(Path npz, String key) throws IOException {
        List<String> keys = NpzReader.keys(npz);
        String base = key.endsWith(".npy") ? key.substring(0, key.length() - 4) : key;
        if (keys.contains(base)) {
            return base;
        }
        for (String k : keys) {
            if (k.equalsIgnoreCase(base)) {
                return k;
            }
        }
        return key; // the reader refuses it, listing the keys
    }

    /** True when {@code spec} names an NPZ file without a key, whose arrays can be picked by element symbol. */
    public static boolean isKeylessArchive(String spec) {
        Source s = Source.parse(spec);
        return s.key() == null && s.file().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz");
    }

    /** Formats FusionJ does not parse (PNG, JPEG, DM3, ...): ImageJ's opener, under the watchdog's time limit. */
    private static ImagePlus openWithImageJ(Source source) throws IOException {
        rejectKey(source, "only NPZ, HDF5 and EMD files hold several arrays");
        String fileName = source.file().getFileName().toString();
        long size = Files.size(source.file());
        ImagePlus imp;
        try {
            imp = ReadWatchdog.run(fileName, ReadWatchdog.limitMillis(size),
                    () -> new ij.io.Opener().openImage(source.file().toString()));
        } catch (RuntimeException e) {
            // ImageJ's readers trust the header: a PGM claiming 40000 x 40000 16-bit pixels overflows an int
            // size and ends in a NegativeArraySizeException whose message is only the number
            throw new FileFormatException(fileName, "ImageJ's reader failed on it (" + e.getClass().getSimpleName()
                    + "): the file is damaged or its header claims an impossible size; open it in Fiji with "
                    + "Bio-Formats and save it as TIFF", e);
        }
        if (imp == null) {
            throw new FileFormatException(fileName, "not an image FusionJ or ImageJ can open (FusionJ reads TIFF, "
                    + "NPY, NPZ, HDF5 and EMD; for other formats open the file in Fiji with Bio-Formats and save it as"
                    + " TIFF)");
        }
        return imp;
    }

    private static void rejectKey(Source source, String why) throws FileFormatException {
        if (source.key() != null) {
            throw new FileFormatException(source.displayName(), "no key can be given (" + why + ")");
        }
    }

    /**
     * A 2-D array becomes one image, a 3-D array (n, rows, cols) a stack of n images, a 4-D array
     * (frames, slices, rows, cols) a hyperstack with those frames (e.g. one volume per X-ray energy).
     */
    public static ImagePlus toImagePlus(String title, NdArray array) throws FileFormatException {
        int[] shape = array.shape();
        FloatPlanes.checkImageShape(shape, title);
        return toImagePlus(title, new FloatPlanes(shape, FloatPlanes.split(array.toFloats(), shape), array.dtype()));
    }

    /** The same layout as {@link #toImagePlus(String, NdArray)}, from planes already read as floats (not copied). */
    public static ImagePlus toImagePlus(String title, FloatPlanes array) {
        int[] shape = array.shape();
        if (shape.length == 2) {
            return new ImagePlus(title, new FloatProcessor(array.cols(), array.rows(), array.planes()[0]));
        }
        ImageStack stack = new ImageStack(array.cols(), array.rows());
        for (float[] plane : array.planes()) {
            stack.addSlice(null, plane);
        }
        ImagePlus imp = new ImagePlus(title, stack);
        if (shape.length == 4) {
            imp.setDimensions(1, shape[1], shape[0]);
            imp.setOpenAsHyperStack(true);
        }
        return imp;
    }
}
