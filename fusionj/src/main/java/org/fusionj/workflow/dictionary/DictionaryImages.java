package org.fusionj.workflow.dictionary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.DictionaryMode;
import org.fusionj.io.ImageFiles;

/**
 * A dictionary as an ImageJ image: a 32-bit montage of its atoms (a grid with one-pixel gaps, atoms in order,
 * row by row) whose "Info" property carries {@link DictionaryMetadata}. A coupled dictionary has two slices, the
 * HR atoms (used to rebuild) and the LR atoms (used to code). Saved as TIFF, the info travels with the file.
 */
public final class DictionaryImages {

    public static final String HR_LABEL = "HR atoms (rebuild)";
    public static final String LR_LABEL = "LR atoms (coding)";
    public static final String ATOMS_LABEL = "atoms";

    private DictionaryImages() {
    }

    /** The montage image of {@code d}, titled {@code title}, with its metadata. */
    public static ImagePlus toImage(Dictionary d, String title) {
        int cols = columns(d.atomCount());
        int rows = (d.atomCount() + cols - 1) / cols;
        int p = d.patchSize();
        int w = cols * (p + 1) - 1;
        int h = rows * (p + 1) - 1;
        ImageStack stack = new ImageStack(w, h);
        if (d.mode() == DictionaryMode.COUPLED) {
            stack.addSlice(HR_LABEL, new FloatProcessor(w, h, montage(d.rebuildAtoms(), d, cols, w, h)));
            stack.addSlice(LR_LABEL, new FloatProcessor(w, h, montage(d.codingAtoms(), d, cols, w, h)));
        } else {
            stack.addSlice(ATOMS_LABEL, new FloatProcessor(w, h, montage(d.codingAtoms(), d, cols, w, h)));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setProperty("Info", DictionaryMetadata.encode(d));
        imp.getProcessor().resetMinAndMax();
        return imp;
    }

    /**
     * The dictionary an image carries.
     *
     * @throws InvalidInputException when the image is not a dictionary, or its montage disagrees with its metadata
     *                               (an edited or re-sized image)
     */
    public static Dictionary fromImage(ImagePlus imp) {
        if (imp == null) {
            throw new InvalidInputException("no dictionary image given");
        }
        Object info = imp.getProperty("Info");
        Dictionary d = DictionaryMetadata.decode(info instanceof String s ? s : null, imp.getTitle());
        int cols = columns(d.atomCount());
        int rows = (d.atomCount() + cols - 1) / cols;
        int w = cols * (d.patchSize() + 1) - 1;
        int h = rows * (d.patchSize() + 1) - 1;
        int slices = d.mode() == DictionaryMode.COUPLED ? 2 : 1;
        if (imp.getWidth() != w || imp.getHeight() != h || imp.getStackSize() != slices) {
            throw new InvalidInputException(imp.getTitle() + ": the montage (" + imp.getWidth() + " x "
                    + imp.getHeight() + " x " + imp.getStackSize() + ") does not match its metadata (" + d.atomCount()
                    + " atoms of " + d.patchSize() + " x " + d.patchSize() + ", " + d.mode().key()
                    + ": expected " + w + " x " + h + " x " + slices + ")");
        }
        if (imp.getBitDepth() != 32) {
            throw new InvalidInputException(imp.getTitle() + ": a dictionary montage is 32-bit; this one is "
                    + imp.getBitDepth() + "-bit (was it converted?)");
        }
        double[] shown = d.mode() == DictionaryMode.COUPLED ? d.rebuildAtoms() : d.codingAtoms();
        float[] expected = montage(shown, d, cols, w, h);
        float[] actual = (float[]) imp.getStack().getProcessor(1).getPixels();
        for (int i = 0; i < expected.length; i++) {
            if (Float.compare(expected[i], actual[i]) != 0) {
                throw new InvalidInputException(imp.getTitle() + ": the montage pixels differ from the atoms stored "
                        + "in its metadata (was the image edited?); re-open the saved dictionary file");
            }
        }
        return d;
    }

    /** Opens a dictionary TIFF (through FusionJ's bounded reader: a damaged file is refused, never half-read). */
    public static Dictionary open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
        }
        ImagePlus imp = ImageFiles.open(new ImageFiles.Source(file, null));
        imp.setTitle(file.getFileName().toString());
        return fromImage(imp);
    }

    private static int columns(int atoms) {
        return (int) Math.ceil(Math.sqrt(atoms));
    }

    private static float[] montage(double[] atoms, Dictionary d, int cols, int w, int h) {
        int p = d.patchSize();
        float[] px = new float[w * h];
        for (int a = 0; a < d.atomCount(); a++) {
            int x0 = (a % cols) * (p + 1);
            int y0 = (a / cols) * (p + 1);
            for (int y = 0; y < p; y++) {
                for (int x = 0; x < p; x++) {
                    px[(y0 + y) * w + x0 + x] = (float) atoms[a * p * p + y * p + x];
                }
            }
        }
        return px;
    }
}
