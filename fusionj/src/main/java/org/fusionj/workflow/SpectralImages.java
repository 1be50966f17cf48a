package org.fusionj.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.spectral.Energies;
import org.fusionj.core.spectral.SpectralSeries;
import org.fusionj.core.spectral.VoxelSize;
import org.fusionj.io.ImageFiles;

/**
 * ImageJ images as spectral series, shared by registration and XANES mapping: the layout of the stack, the energies
 * in its metadata (FusionJ's own {@value #PROPERTY} property, else one number per frame label such as "6539.5 eV"),
 * the calibration, and the way back to a hyperstack.
 *
 * <p>Layout: a hyperstack with the energies as frames (slices = z), or a plain stack whose slices are the energies
 * (a 2-D series). 32-bit pixels are used in place; other types are converted plane by plane.
 */
public final class SpectralImages {

    /** The image property FusionJ writes the energies to, as a comma-separated list. */
    public static final String PROPERTY = "FusionJ.energies_eV";

    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("(" + NUMBER.pattern() + ")\\s*eV", Pattern.CASE_INSENSITIVE);

    private SpectralImages() {
    }

    /**
     * The series of {@code imp} over {@code energies}: the frames of a hyperstack, or the slices of a plain stack
     * (one 2-D image per energy).
     */
    public static SpectralSeries of(ImagePlus imp, double[] energies) {
        ImagePlanes.requireGreyscale(imp);
        if (imp.getNChannels() > 1) {
            throw new InvalidInputException(imp.getTitle() + " has " + imp.getNChannels() + " channels; a spectral "
                    + "series has one channel, the energies as frames");
        }
        int frames = imp.getNFrames();
        int slices = imp.getNSlices();
        boolean stackOverEnergy = frames == 1;
        int count = stackOverEnergy ? slices : frames;
        int depth = stackOverEnergy ? 1 : slices;
        if (count < 2) {
            throw new InvalidInputException(imp.getTitle() + " holds a single energy; a spectral series needs one "
                    + "image or volume per energy (a hyperstack with energies as frames, or a stack of images)");
        }
        if (energies == null) {
            throw new InvalidInputException("no energies for " + imp.getTitle() + ": give them typed, from a "
                    + "file, or in the image's metadata");
        }
        Energies.check(energies, count, 1, imp.getTitle() + " has " + count
                + (stackOverEnergy ? " images" : " frames"), "series");
        ImageStack stack = imp.getStack();
        float[][][] planes = new float[count][depth][];
        for (int e = 0; e < count; e++) {
            for (int z = 0; z < depth; z++) {
                int index = stackOverEnergy ? e + 1 : imp.getStackIndex(1, z + 1, e + 1);
                Object px = stack.getPixels(index);
                planes[e][z] = px instanceof float[] f ? f
                        : (float[]) stack.getProcessor(index).convertToFloatProcessor().getPixels();
            }
        }
        return SpectralSeries.of(imp.getTitle(), energies, imp.getWidth(), imp.getHeight(), depth,
                voxelSize(imp.getCalibration()), planes);
    }

    /** One volume (or 2-D image) file per energy, read when the series asks for it (any format ImageFiles opens). */
    public static SpectralSeries ofFiles(List<Path> files, double[] energies) throws IOException {
        if (files.size() < 2) {
            throw new InvalidInputException(files.size() + " volume file given: a series needs at least 2");
        }
        Energies.check(energies, files.size(), 2, files.size() + " volume files were given", "series");
        ImagePlus first = ImageFiles.open(files.get(0).toString());
        int w = first.getWidth();
        int h = first.getHeight();
        int d = first.getStackSize();
        return SpectralSeries.lazy(files.get(0).getFileName().toString(), energies, w, h, d,
                voxelSize(first.getCalibration()), i -> {
                    try {
                        ImagePlus imp = i == 0 ? first : ImageFiles.open(files.get(i).toString());
                        return planesOf(imp, "volume file " + files.get(i).getFileName(), w, h, d);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** The slices of a single-frame, single-channel image as float planes, of the expected size. */
    static float[][] planesOf(ImagePlus imp, String role, int w, int h, int d) {
        ImagePlanes.requireGreyscale(imp);
        if (imp.getNChannels() > 1 || imp.getNFrames() > 1) {
            throw new InvalidInputException(role + " (" + imp.getTitle() + ") has " + imp.getNChannels()
                    + " channel(s) and " + imp.getNFrames() + " frame(s); a volume has one of each, its slices in z");
        }
        if (imp.getWidth() != w || imp.getHeight() != h || imp.getStackSize() != d) {
            throw new InvalidInputException(role + " (" + imp.getTitle() + ") is " + imp.getWidth() + " x "
                    + imp.getHeight() + " x " + imp.getStackSize() + "; the series' first volume is " + w + " x " + h
                    + " x " + d);
        }
        float[][] out = new float[d][];
        ImageStack stack = imp.getStack();
        for (int z = 0; z < d; z++) {
            Object px = stack.getPixels(z + 1);
            out[z] = px instanceof float[] f ? f
                    : (float[]) stack.getProcessor(z + 1).convertToFloatProcessor().getPixels();
        }
        return out;
    }

    /**
     * The series as a hyperstack (energies as frames, pixels shared when in memory, not copied), its energies in the
     * metadata and in the frame labels ("6549 eV", "6541.11 eV": rounded to 0.01 eV for reading; the metadata keeps the exact values), so that saving it as TIFF keeps them; calibration set.
     */
    public static ImagePlus toImage(String title, SpectralSeries s) {
        ImageStack stack = new ImageStack(s.width(), s.height());
        for (int e = 0; e < s.count(); e++) {
            float[][] frame = s.frame(e);
            for (int z = 0; z < s.depth(); z++) {
                stack.addSlice(Energies.text(s.energy(e)) + " eV", frame[z]);
            }
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(1, s.depth(), s.count());
        imp.setOpenAsHyperStack(true);
        imp.setCalibration(calibration(s.voxelSize()));
        store(imp, s.energies());
        return imp;
    }

    /** The energies in the image's metadata, or null when it carries none. */
    public static double[] energiesOf(ImagePlus imp) {
        String stored = imp.getProp(PROPERTY);
        if (stored != null && !stored.isBlank()) {
            return Energies.parse(stored, imp.getTitle() + " (" + PROPERTY + ")");
        }
        int frames = imp.getNFrames();
        if (frames < 2) {
            return null;
        }
        ImageStack stack = imp.getStack();
        double[] e = new double[frames];
        for (int t = 1; t <= frames; t++) {
            Double v = energyInLabel(stack.getSliceLabel(imp.getStackIndex(1, 1, t)));
            if (v == null) {
                return null;
            }
            e[t - 1] = v;
        }
        return e;
    }

    /** A number followed by "eV" in a frame label, e.g. "Mn_6539.5eV" or "E = 6539.5 eV". */
    public static Double energyInLabel(String label) {
        if (label == null) {
            return null;
        }
        Matcher m = LABEL.matcher(label);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    /**
     * Energies from a text/CSV file (see {@link Energies#parse}); refuses a file that is not text, too large, or
     * unreadable, by name ({@link TextFiles}).
     */
    public static double[] energiesFromFile(Path file) throws IOException {
        return Energies.parse(TextFiles.read(file, "a list of energies (one number per line)"),
                file.getFileName().toString());
    }

    /** Stores the energies in the image's metadata (kept in TIFF files saved by ImageJ). */
    public static void store(ImagePlus imp, double[] energies) {
        imp.setProp(PROPERTY, Energies.text(energies));
    }

    public static VoxelSize voxelSize(Calibration cal) {
        return cal == null ? VoxelSize.UNCALIBRATED
                : new VoxelSize(cal.pixelWidth, cal.pixelHeight, cal.pixelDepth, cal.getUnit());
    }

    public static Calibration calibration(VoxelSize v) {
        Calibration cal = new Calibration();
        cal.pixelWidth = v.x();
        cal.pixelHeight = v.y();
        cal.pixelDepth = v.z();
        cal.setUnit(v.unit());
        return cal;
    }
}
