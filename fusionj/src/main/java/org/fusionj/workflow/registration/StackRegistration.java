package org.fusionj.workflow.registration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.RegisteredMasks;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.SeriesRegistrar;
import org.fusionj.core.registration.SpectralVolumes;
import org.fusionj.core.spectral.Energies;
import org.fusionj.core.spectral.FlatFieldCorrection;
import org.fusionj.core.spectral.SpectralSeries;
import org.fusionj.core.spectral.VoxelSize;
import org.fusionj.workflow.SpectralImages;
import org.fusionj.workflow.TextFiles;

/**
 * A 2-D XANES stack (full-field TXM: one image per energy, as slices or as frames) from raw counts to a registered
 * absorbance stack, as every front-end will run it: the optional flat/dark/i0 correction, then the registration of
 * every image to the fixed one (or along the neighbour chain), with the outputs of the 3-D series registration (the
 * registered stack with energies and calibration, the transforms file's text, the MSE data of Fig. 3, the Otsu
 * masks). Nothing is shown or saved here; the registered stack goes to the XANES mapping as it is (a 2-D series).
 * Also takes 3-D series (a hyperstack), without the correction.
 */
public final class StackRegistration {

    /**
     * @param corrected  the series after the correction (the input when none was asked)
     * @param clamped    pixels whose transmission was not positive and was clamped (0 without correction)
     * @param results    per image, in index order
     * @param fixedIndex the fixed image
     * @param registered the registered stack (energies as frames, metadata and calibration kept)
     * @param transforms the transforms file's text ({@link TransformsJson})
     * @param mse        MSE per energy before and after (Fig. 3)
     * @param fixedMask  the fixed image's Otsu mask {@code [z][i]}
     * @param everyMask  pixels inside the Otsu mask at every energy
     */
    public record Outcome(SpectralSeries corrected, long clamped, List<PairResult> results, int fixedIndex,
                          ImagePlus registered, String transforms, RegistrationFigures.MseData mse,
                          byte[][] fixedMask, byte[][] everyMask) {
    }

    /**
     * The correction: flat and dark images (one for all energies, or one per energy; null for none) and the
     * incident intensity per energy relative to the flat's (null for 1).
     */
    public record Correction(ImagePlus flat, ImagePlus dark, double[] i0) {

        /** Whether any correction is asked. */
        public boolean any() {
            return flat != null || dark != null || i0 != null;
        }
    }

    private StackRegistration() {
    }

    /**
     * A 2-D stack: one image per energy, the energies as the slices of a plain stack or as the frames of a
     * hyperstack with one slice each.
     */
    public static boolean isTwoD(ImagePlus imp) {
        return imp.getNChannels() == 1 && (imp.getNFrames() == 1 && imp.getNSlices() > 1
                || imp.getNSlices() == 1 && imp.getNFrames() > 1);
    }

    /**
     * Refuses a correction of anything but a 2-D stack (before any work: the dialog and the SciJava command, whose
     * route for volumes would otherwise drop it); the words of {@link #run}'s own check.
     */
    public static void requireTwoD(ImagePlus stack, Correction correction) {
        if (correction != null && correction.any() && !isTwoD(stack)) {
            throw new InvalidInputException(volumesRefusal(stack.getTitle()));
        }
    }

    private static String volumesRefusal(String title) {
        return "the flat/dark/i0 correction is for 2-D stacks of transmission images (one image per energy); "
                + title + " holds volumes: leave flat, dark and i0 out";
    }

    /**
     * @param fixedEnergy "highest" or an energy in eV (within 0.5 eV of one of the series')
     */
    public static Outcome run(ImagePlus stack, double[] energies, Correction correction, RegistrationParameters params,
            String fixedEnergy, int threads, ProgressListener progress, CancellationToken cancel) {
        SpectralSeries series = SpectralImages.of(stack, energies);
        long clamped = 0;
        if (correction != null && correction.any()) {
            if (!series.isTwoD()) {
                throw new InvalidInputException(volumesRefusal(stack.getTitle()));
            }
            float[][] raw = new float[series.count()][];
            for (int e = 0; e < raw.length; e++) {
                raw[e] = series.frame(e)[0];
            }
            FlatFieldCorrection.Result r;
            try (RowBlocks blocks = new RowBlocks(threads)) {
                r = FlatFieldCorrection.apply(raw, planes(correction.flat(), series, "flat"),
                        planes(correction.dark(), series, "dark"), correction.i0(), true, blocks);
            }
            clamped = r.clamped();
            float[][][] frames = new float[series.count()][][];
            for (int e = 0; e < frames.length; e++) {
                frames[e] = new float[][] {r.frames()[e]};
            }
            series = SpectralSeries.of(series.title() + " absorbance", series.energies(), series.width(),
                    series.height(), 1, series.voxelSize(), frames);
        }
        int fixed = series.index(fixedEnergy, RegistrationKeys.FIXED_ENERGY);
        SeriesRegistrar.check(series.count(), fixed);
        float[][][] out = new float[series.count()][][];
        List<PairResult> results;
        RegisteredMasks masks;
        try (RowBlocks blocks = new RowBlocks(threads)) {
            masks = new RegisteredMasks((i, r, v) -> out[i] = v.toSlices(), params, fixed, blocks);
            results = new SeriesRegistrar(params, blocks, progress, cancel).register(new SpectralVolumes(series),
                    fixed, masks);
        }
        SpectralSeries registered = SpectralSeries.of(series.title() + " registered", series.energies(),
                series.width(), series.height(), series.depth(), series.voxelSize(), out);
        ImagePlus image = SpectralImages.toImage(stack.getTitle() + " registered", registered);
        image.resetDisplayRange();
        VoxelSize v = series.voxelSize();
        String json = TransformsJson.write(params, new double[] {v.x(), v.y(), v.z()}, v.unit(), series.energies(),
                fixed, results);
        return new Outcome(series, clamped, results, fixed, image, json,
                RegistrationFigures.mse(results, series.energies()), masks.fixedMask(), masks.everyEnergyMask());
    }

    /**
     * The incident intensity per energy relative to the flat's, as every front-end takes it: values separated by
     * commas, or a text file of one number per line (blank or null: none).
     *
     * @param energies the stack's energy count, which the list must match
     */
    public static double[] i0(String text, int energies) throws IOException {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        Path file = Path.of(t);
        double[] ratios = t.contains(",") || !Files.isRegularFile(file) ? Energies.parse(t, RegistrationKeys.I0)
                : Energies.parse(TextFiles.read(file, "i0, one number per energy"), file.getFileName().toString());
        if (ratios.length != energies) {
            throw new InvalidInputException(RegistrationKeys.I0 + " needs one value per energy (" + energies
                    + "), got " + ratios.length);
        }
        return ratios;
    }

    /** The planes of a flat or dark image: one, or one per energy, each of the stack's size. */
    private static float[][] planes(ImagePlus imp, SpectralSeries series, String what) {
        if (imp == null) {
            return null;
        }
        if (imp.getWidth() != series.width() || imp.getHeight() != series.height()) {
            throw new InvalidInputException("the " + what + " image " + imp.getTitle() + " is " + imp.getWidth()
                    + " x " + imp.getHeight() + ", the stack's images " + series.width() + " x " + series.height());
        }
        ImageStack st = imp.getStack();
        int n = st.getSize();
        if (n != 1 && n != series.count()) {
            throw new InvalidInputException("give one " + what + " image or one per energy (" + series.count()
                    + "); " + imp.getTitle() + " has " + n);
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = (float[]) st.getProcessor(i + 1).convertToFloatProcessor().getPixels();
        }
        return out;
    }
}
