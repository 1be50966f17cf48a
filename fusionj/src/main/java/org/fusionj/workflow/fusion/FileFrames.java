package org.fusionj.workflow.fusion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ImageProcessor;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.io.EmdReader;
import org.fusionj.io.Hdf5Reader;
import org.fusionj.io.ImageFiles;
import org.fusionj.io.TiffReader;

/**
 * One series of 2-D frames kept on disk and read one frame at a time: a list of image files (a folder, a glob
 * pattern, or a text file listing them, one frame per file) or an HDF5/EMD dataset with a frame axis
 * ({@code file.h5:/path}, 3-D: frames x rows x cols, or rows x cols x frames with {@code frame_axis last}). The
 * spec is resolved, every listed file checked to exist and the sizes checked (the first frame read, TIFF headers
 * of the others, the dataset's shape) when it is opened; {@link #read} reads one frame. Never holds more than the
 * frame being read; safe to call from several threads at once (each read opens its own file).
 */
public abstract class FileFrames {

    /** Which axis of a 3-D dataset counts the frames. */
    public enum FrameAxis {
        /** (frames, rows, cols): how h5py, HyperSpy and FusionJ's own records write a stack. */
        FIRST,
        /** (rows, cols, frames): how Velox EMD stores an image series. */
        LAST;

        public static FrameAxis parse(String text) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "", "first", "0" -> FIRST;
                case "last", "2" -> LAST;
                default -> throw new InvalidInputException(FusionKeys.FRAME_AXIS + " must be first or last, got "
                        + text);
            };
        }
    }

    /** The file names a folder or pattern takes as frames. */
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("tif", "tiff", "npy", "png", "gif", "jpg", "jpeg",
            "bmp", "pgm", "dm3", "dm4", "fits", "fit");

    private final String spec;

    FileFrames(String spec) {
        this.spec = spec;
    }

    /** The spec as the user gave it (for messages). */
    public String spec() {
        return spec;
    }

    /** Number of frames. */
    public abstract int frameCount();

    public abstract int width();

    public abstract int height();

    /**
     * The calibration of the frames (the first file's; for a dataset, the pixel size its EMD layout gives, or null),
     * or null.
     */
    public abstract Calibration calibration();

    /** The files the frames come from (outputs must never replace them). */
    public abstract List<Path> files();

    /** Frame {@code index} (0-based), named {@code name}; refuses a frame of another size, naming its file. */
    public abstract ImagePlane read(int index, String name) throws IOException;

    /** A label for the frame in messages: its file, or the dataset and index. */
    public abstract String frameLabel(int index);

    /**
     * Resolves {@code spec}: {@code file.h5:/path} (or {@code .hdf5}, {@code .hdf}, {@code .emd}; the key may be
     * left out when the file holds one dataset) is a dataset with a frame axis; a folder is its image files in
     * natural name order ({@code f2} before {@code f10}); a name with {@code *}, {@code ?} or {@code [} is a glob
     * pattern over the file names of its folder, same order; a {@code .txt} or {@code .lst} file lists the frame
     * files, one a line ({@code #} comments and blank lines skipped, relative paths from the list's folder).
     */
    public static FileFrames open(String spec, FrameAxis axis) throws IOException {
        if (spec == null || spec.isBlank()) {
            throw new InvalidInputException("empty series: give a folder, a pattern (frames/*.tif), a list of files "
                    + "(.txt) or an HDF5 dataset (file.h5:/path)");
        }
        String s = spec.trim();
        if (isDatasetSpec(s)) {
            return DatasetFrames.load(s, axis);
        }
        Path path = Path.of(s);
        List<Path> files;
        if (Files.isDirectory(path)) {
            files = folder(path, s);
        } else if (hasGlob(path.getFileName() == null ? "" : path.getFileName().toString())) {
            files = pattern(path, s);
        } else if (!Files.exists(path)) {
            throw new InvalidInputException("series " + s + ": no such file or folder (give a folder, a pattern "
                    + "such as frames/haadf_*.tif, a list of files (.txt) or an HDF5 dataset file.h5:/path)");
        } else if (isListFile(path)) {
            files = listed(path, s);
        } else {
            throw new InvalidInputException("series " + s + " is one image file: a series from files is a folder, "
                    + "a pattern (frames/*.tif), a list (.txt) or an HDF5 dataset (file.h5:/path); give a stack "
                    + "file as haadf / maps instead");
        }
        return ListedFrames.load(s, files);
    }

    private static boolean isDatasetSpec(String s) {
        ImageFiles.Source src;
        try {
            src = ImageFiles.Source.parse(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return isHdf5Name(src.file().getFileName() == null ? "" : src.file().getFileName().toString());
    }

    private static boolean isHdf5Name(String name) {
        return ImageFiles.isHdf5Name(name) || name.toLowerCase(Locale.ROOT).endsWith(".emd");
    }

    private static boolean isListFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".txt") || n.endsWith(".lst");
    }

    private static boolean hasGlob(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0;
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString();
        if (n.startsWith(".")) {
            return false;
        }
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static List<Path> folder(Path dir, String spec) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && isImageName(p)) {
                    files.add(p);
                }
            }
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("series " + spec + ": the folder holds no image files (.tif, .npy, ...)");
        }
        files.sort(NATURAL);
        return files;
    }

    private static List<Path> pattern(Path path, String spec) throws IOException {
        Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
        if (hasGlob(dir.toString())) {
            throw new InvalidInputException("series " + spec + ": only the file name may hold * ? [ (the folder must "
                    + "be named in full)");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("series " + spec + ": no such folder " + dir);
        }
        PathMatcher m = dir.getFileSystem().getPathMatcher("glob:" + path.getFileName());
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && m.matches(p.getFileName())) {
                    files.add(p);
                }
            }
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("series " + spec + ": no file matches the pattern in " + dir);
        }
        files.sort(NATURAL);
        return files;
    }

    private static List<Path> listed(Path list, String spec) throws IOException {
        Path base = list.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            Path p = base.resolve(t);
            if (!Files.isRegularFile(p)) {
                throw new InvalidInputException("series " + spec + ", line " + lineNo + ": no such file " + p
                        + " (each line names one frame's file, relative to the list's folder)");
            }
            files.add(p);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("series " + spec + " lists no files (one frame's file a line)");
        }
        return files;
    }

    /** Names in natural order: runs of digits compared as numbers, so frame_2 comes before frame_10. */
    static final Comparator<Path> NATURAL = (a, b) -> natural(a.getFileName().toString(), b.getFileName().toString());

    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int i2 = i;
                int j2 = j;
                while (i2 < a.length() && Character.isDigit(a.charAt(i2))) {
                    i2++;
                }
                while (j2 < b.length() && Character.isDigit(b.charAt(j2))) {
                    j2++;
                }
                String da = a.substring(i, i2).replaceFirst("^0+(?=.)", "");
                String db = b.substring(j, j2).replaceFirst("^0+(?=.)", "");
                int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (c != 0) {
                    return c;
                }
                i = i2;
                j = j2;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    /** One image file per frame. */
    private static final class ListedFrames extends FileFrames {
        private final List<Path> files;
        private final int width;
        private final int height;
        private final Calibration cal;

        private ListedFrames(String spec, List<Path> files, int width, int height, Calibration cal) {
            super(spec);
            this.files = List.copyOf(files);
            this.width = width;
            this.height = height;
            this.cal = cal;
        }

        static ListedFrames load(String spec, List<Path> files) throws IOException {
            ImagePlus first = openOne(files.get(0));
            int w = first.getWidth();
            int h = first.getHeight();
            // The other frames' sizes from their TIFF headers (no pixels read); other formats are checked as read.
            for (int i = 1; i < files.size(); i++) {
                int[] size = tiffSize(files.get(i));
                if (size != null && (size[0] != w || size[1] != h)) {
                    throw sizeRefusal(spec, files.get(i), size[0], size[1], files.get(0), w, h);
                }
            }
            return new ListedFrames(spec, files, w, h, first.getCalibration().copy());
        }

        private static ImagePlus openOne(Path file) throws IOException {
            ImagePlus imp = ImageFiles.open(file.toString());
            if (imp.getStackSize() != 1) {
                throw new InvalidInputException(file + " has " + imp.getStackSize() + " slices: a series from files "
                        + "takes one 2-D image per file (give a stack file as haadf / maps instead)");
            }
            return imp;
        }

        private static int[] tiffSize(Path file) {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!n.endsWith(".tif") && !n.endsWith(".tiff")) {
                return null;
            }
            try {
                return TiffReader.firstImageSize(file);
            } catch (IOException | RuntimeException e) {
                return null; // the full read will say what is wrong with it
            }
        }

        @Override
        public int frameCount() {
            return files.size();
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public int height() {
            return height;
        }

        @Override
        public Calibration calibration() {
            return cal.copy();
        }

        @Override
        public List<Path> files() {
            return files;
        }

        @Override
        public String frameLabel(int index) {
            return files.get(index).getFileName().toString();
        }

        @Override
        public ImagePlane read(int index, String name) throws IOException {
            ImagePlus imp = openOne(files.get(index));
            if (imp.getWidth() != width || imp.getHeight() != height) {
                throw sizeRefusal(spec(), files.get(index), imp.getWidth(), imp.getHeight(), files.get(0), width,
                        height);
            }
            ImageProcessor ip = imp.getProcessor();
            float[] px = (float[]) ip.convertToFloatProcessor().getPixels();
            return new ImagePlane(name, width, height, px);
        }

        private static InvalidInputException sizeRefusal(String spec, Path file, int w, int h, Path first, int fw,
                                                         int fh) {
            return new InvalidInputException("series " + spec + ": " + file.getFileName() + " is " + w + " x " + h
                    + " but " + first.getFileName() + " is " + fw + " x " + fh + "; every frame must have the same size");
        }
    }

    /** A 3-D dataset of an HDF5/EMD file, one frame per index of its frame axis, read as a box. */
    private static final class DatasetFrames extends FileFrames {
        private final Path file;
        private final String path;
        private final FrameAxis axis;
        private final int[] shape;
        private final Calibration cal;

        private DatasetFrames(String spec, Path file, String path, FrameAxis axis, int[] shape, Calibration cal) {
            super(spec);
            this.file = file;
            this.path = path;
            this.axis = axis;
            this.shape = shape;
            this.cal = cal;
        }

        static DatasetFrames load(String spec, FrameAxis axis) throws IOException {
            ImageFiles.Source src = ImageFiles.Source.parse(spec);
            if (!Files.isRegularFile(src.file())) {
                throw new InvalidInputException("series " + spec + ": no such file " + src.file());
            }
            try (Hdf5Reader h5 = Hdf5Reader.open(src.file())) {
                String path = src.key();
                if (path == null) {
                    List<String> all = h5.datasetPaths();
                    if (all.size() != 1) {
                        throw new InvalidInputException("series " + spec + ": the file holds " + all.size()
                                + " datasets " + all + "; name the one with the frames as " + src.file().getFileName()
                                + ":/PATH");
                    }
                    path = all.get(0);
                }
                path = path.startsWith("/") ? path : "/" + path;
                if (!h5.exists(path)) {
                    throw new InvalidInputException("series " + spec + ": no dataset " + path + " in "
                            + src.file().getFileName() + " (it holds " + h5.datasetPaths() + ")");
                }
                int[] shape = h5.datasetShape(path);
                if (shape.length != 3) {
                    throw new InvalidInputException("series " + spec + ": dataset " + path + " has shape "
                            + Arrays.toString(shape) + ", no frame axis; a series needs a 3-D dataset (frames, rows, "
                            + "cols), or (rows, cols, frames) with frame_axis last");
                }
                // The pixel size of an EMD layout's dataset (Velox Data, Berkeley data), as a single image gets it.
                Calibration cal = ImageFiles.calibration(axis == FrameAxis.FIRST ? EmdReader.calibration(h5, path, 1, 2)
                        : EmdReader.calibration(h5, path, 0, 1));
                return new DatasetFrames(spec, src.file(), path, axis, shape, cal);
            }
        }

        @Override
        public int frameCount() {
            return axis == FrameAxis.FIRST ? shape[0] : shape[2];
        }

        @Override
        public int width() {
            return axis == FrameAxis.FIRST ? shape[2] : shape[1];
        }

        @Override
        public int height() {
            return axis == FrameAxis.FIRST ? shape[1] : shape[0];
        }

        @Override
        public Calibration calibration() {
            return cal == null ? null : cal.copy();
        }

        @Override
        public List<Path> files() {
            return List.of(file);
        }

        @Override
        public String frameLabel(int index) {
            return file.getFileName() + ":" + path + " frame " + (index + 1);
        }

        @Override
        public ImagePlane read(int index, String name) throws IOException {
            long[] offset = axis == FrameAxis.FIRST ? new long[] {index, 0, 0} : new long[] {0, 0, index};
            int[] size = axis == FrameAxis.FIRST ? new int[] {1, shape[1], shape[2]}
                    : new int[] {shape[0], shape[1], 1};
            float[] px;
            try (Hdf5Reader h5 = Hdf5Reader.open(file)) {
                px = h5.readFloatBox(path, offset, size);
            }
            return new ImagePlane(name, width(), height(), px);
        }
    }
}
