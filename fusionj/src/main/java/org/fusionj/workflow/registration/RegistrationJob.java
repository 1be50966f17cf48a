package org.fusionj.workflow.registration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.ImageStack;
import ij.gui.Plot;
import ij.measure.Calibration;
import ij.measure.ResultsTable;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.spectral.Energies;
import org.fusionj.core.registration.SpectralVolumes;
import org.fusionj.core.registration.PairRegistrar;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.SeriesRegistrar;
import org.fusionj.core.registration.Volume;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.SpectralImages;

/**
 * One registration run from ImageJ images to the registered stack, the table, the plot and (optionally) files:
 * the sequence every front-end follows. Inputs, the output folder and the memory are checked before any work; files are
 * written only after the whole run, so a cancelled or failed run leaves none.
 */
public final class RegistrationJob {

    /** Names of the files a run writes. */
    public static final String REGISTERED = "registered.tif";
    public static final String TRANSFORMS = "transforms.json";
    public static final String TABLE = "registration.csv";
    /** MSE before and after per volume (the paper's Fig. 3 curve): the plot and its data. */
    public static final String MSE_PLOT = "mse_vs_energy.png";
    public static final String MSE_DATA = "mse_vs_energy.csv";
    /**
     * 2-D stacks: the pixels inside the Otsu mask at every energy after registration (255 inside, 0 outside), the
     * mask the XANES step can map ({@code --mask}).
     */
    public static final String MASK = "registration_mask.tif";
    /**
     * The squared difference of the binarised volumes before and after (the paper's Fig. 3): two-volume runs, and
     * series runs at the energy {@link #difference} chooses.
     */
    public static final String SQUARED_DIFFERENCE = "squared_difference.tif";

    /**
     * @param results    per volume (index order); the fixed one's is the identity
     * @param energies   eV per volume, or null for a pair
     * @param fixedIndex index of the fixed volume, or -1 for a pair
     * @param registered the registered hyperstack (series) or volume (pair), on the fixed grid, calibration kept
     * @param table      per-volume figures
     * @param plot       MSE vs energy before and after
     * @param squaredDifference the squared difference of the binarised volumes, a frame before and a frame after
     *                   (the paper's Fig. 3): of the pair, or of a series at its {@link #difference} energy; null
     *                   for {@code none}
     * @param written    saved files (empty without an output folder)
     * @param millis     wall time of the registration
     */
    public record Outcome(List<PairResult> results, double[] energies, int fixedIndex, ImagePlus registered,
            ResultsTable table, Plot plot, ImagePlus squaredDifference, List<Path> written, double millis) {
    }

    /** Files a route writes beside the common ones. */
    private interface Extra {
        void stage(OutputFolder out) throws IOException;
    }

    private final RegistrationParameters params;
    private final RunContext run;
    private String differenceEnergy = RegistrationKeys.LARGEST;

    /** @param run threads, progress, cancel and where to save (the output is a folder) */
    public RegistrationJob(RegistrationParameters params, RunContext run) {
        this.params = params;
        this.run = run;
    }

    /**
     * Series: the energy whose squared-difference figure is saved ({@link RegistrationKeys#DIFFERENCE_ENERGY}:
     * {@code largest}, the default, {@code none} or an energy in eV).
     */
    public RegistrationJob difference(String choice) {
        this.differenceEnergy = choice;
        return this;
    }

    /** The files a series run writes: {@link #fileNames()}, and the squared difference unless {@code none}. */
    public static List<String> seriesFileNames(String differenceChoice, List<String> common) {
        if (RegistrationKeys.NONE.equalsIgnoreCase(differenceChoice == null ? "" : differenceChoice.trim())) {
            return common;
        }
        List<String> names = new java.util.ArrayList<>(common);
        names.add(SQUARED_DIFFERENCE);
        return names;
    }

    /** The files a run writes, in writing order. */
    public static List<String> fileNames() {
        return List.of(REGISTERED, TRANSFORMS, TABLE, MSE_PLOT, MSE_DATA);
    }

    /** The files a two-volume run writes: a series run's and the squared difference. */
    public static List<String> pairFileNames() {
        return List.of(REGISTERED, TRANSFORMS, TABLE, MSE_PLOT, MSE_DATA, SQUARED_DIFFERENCE);
    }

    /** The files the 2-D stack route writes: the series' and the registration mask. */
    public static List<String> stackFileNames() {
        return List.of(REGISTERED, TRANSFORMS, TABLE, MSE_PLOT, MSE_DATA, MASK);
    }

    /** Checks the output and the memory, and claims the output (null when not saving), before any work. */
    private OutputFolder begin(List<Path> inputFiles, long voxels, int volumes, String what) throws IOException {
        return begin(inputFiles, voxels, volumes, what, seriesFileNames(differenceEnergy, fileNames()));
    }

    private OutputFolder begin(List<Path> inputFiles, long voxels, int volumes, String what, List<String> names)
            throws IOException {
        OutputPlan plan = run.inputs(inputFiles).folderPlan(names);
        if (plan != null) {
            plan = plan.estimatedBytes(4 * voxels * volumes + (1 << 20));
        }
        return run.begin(plan, new MemoryEstimate(what, peakBytes(voxels, volumes)));
    }

    /**
     * Bytes a run allocates at its peak, its inputs aside: the registered series (a float per voxel and volume)
     * and, for the pair being registered, the prepared volumes (smoothed pyramids, masks, gradient band) and the
     * resampled volume, about twelve floats per voxel.
     */
    static long peakBytes(long voxels, int volumes) {
        return MemoryEstimate.floats((double) voxels * (volumes + 12));
    }

    /** Registers every volume of the series to volume {@code fixedIndex}. */
    public Outcome runSeries(SeriesInput input, int fixedIndex) throws IOException {
        SeriesRegistrar.check(input.count(), fixedIndex);
        RegistrationFigures.differenceIndex(differenceEnergy, input.energies(), null, fixedIndex);
        try (OutputFolder out = begin(input.files(), input.voxelsPerVolume(), input.count(), String.format(
                Locale.ROOT, "registering %d volumes of %d voxels", input.count(), input.voxelsPerVolume()))) {
            return series(input, fixedIndex, out);
        }
    }

    private Outcome series(SeriesInput input, int fixedIndex, OutputFolder out) throws IOException {
        int threads = run.threads();
        ProgressListener progress = run.progress();
        CancellationToken cancel = run.cancel();
        double[] energies = input.energies();
        Calibration cal = input.calibration();
        long start = System.nanoTime();
        ImageStack[] stack = new ImageStack[1];
        int[] depth = new int[1];
        List<PairResult> results;
        try (RowBlocks blocks = new RowBlocks(threads)) {
            results = new SeriesRegistrar(params, blocks, progress, cancel).register(input, fixedIndex,
                    (i, r, v) -> {
                        if (stack[0] == null) {
                            stack[0] = new ImageStack(v.nx(), v.ny(), v.nz() * input.count());
                            depth[0] = v.nz();
                        }
                        float[][] slices = v.toSlices();
                        for (int z = 0; z < v.nz(); z++) {
                            int index = i * depth[0] + z + 1;
                            stack[0].setPixels(slices[z], index);
                            stack[0].setSliceLabel(energies[i] + " eV", index);
                        }
                    });
        }
        double millis = (System.nanoTime() - start) / 1e6;
        ImagePlus registered = new ImagePlus(input.title() + " registered", stack[0]);
        registered.setDimensions(1, depth[0], input.count());
        registered.setOpenAsHyperStack(true);
        registered.setCalibration(cal);
        registered.resetDisplayRange();
        SpectralImages.store(registered, energies);
        double[] centre = {(stack[0].getWidth() - 1) / 2.0, (stack[0].getHeight() - 1) / 2.0, (depth[0] - 1) / 2.0};
        int d = RegistrationFigures.differenceIndex(differenceEnergy, energies, results, fixedIndex);
        ImagePlus squared = null;
        if (d >= 0) {
            progress.progress(1, "squared difference at " + energies[d] + " eV");
            squared = RegistrationFigures.squaredDifference(input.volume(fixedIndex), input.volume(d), results.get(d),
                    params, cal, differenceTitle(input.title(), energies[d]), threads);
        }
        ImagePlus figure = squared;
        return finish(results, energies, fixedIndex, registered, figure, cal, centre, millis, out, f -> {
            if (figure != null) {
                f.stageTiff(SQUARED_DIFFERENCE, figure);
            }
        });
    }

    /**
     * The 2-D route's result: the registration's, the pixels clamped by the flat/dark/i0 correction (transmission
     * not positive) and the Otsu mask at every energy ({@code [0][pixel]}, 1 inside).
     */
    public record StackOutcome(Outcome registration, long clamped, byte[][] everyMask) {
    }

    /**
     * Registers a 2-D stack (one image per energy, as slices or as frames), after the flat/dark/i0 correction when
     * {@code correction} asks for one ({@link StackRegistration}); saves the series' files and {@link #MASK}.
     *
     * @param correction null or {@link StackRegistration.Correction#any()} false for none
     */
    public StackOutcome runStack(ImagePlus stack, double[] energies, StackRegistration.Correction correction,
            String fixedEnergy) throws IOException {
        int count = stack.getNFrames() == 1 ? stack.getNSlices() : stack.getNFrames();
        long pixels = (long) stack.getWidth() * stack.getHeight() * stack.getNSlices() * stack.getNFrames() / count;
        // the correction keeps a second copy of the series (absorbance beside the raw counts)
        int copies = correction != null && correction.any() ? 2 * count : count;
        RegistrationFigures.differenceIndex(differenceEnergy, energies, null, -1);
        try (OutputFolder out = begin(stackInputs(stack, correction), pixels, copies, String.format(Locale.ROOT,
                "registering %d images of %d pixels", count, pixels), seriesFileNames(differenceEnergy,
                stackFileNames()))) {
            long start = System.nanoTime();
            StackRegistration.Outcome o = StackRegistration.run(stack, energies, correction, params, fixedEnergy,
                    run.threads(), run.progress(), run.cancel());
            double millis = (System.nanoTime() - start) / 1e6;
            ImagePlus registered = o.registered();
            Calibration cal = registered.getCalibration().copy();
            ImagePlus mask = maskImage(registered.getTitle() + " mask", o.everyMask(), registered.getWidth(),
                    registered.getHeight(), cal);
            ImagePlus squared = stackDifference(o, differenceEnergy, params, run.threads());
            Outcome r = finish(o.results(), o.corrected().energies(), o.fixedIndex(), registered, squared, cal,
                    stackCentre(o), millis, out, f -> {
                        f.stageTiff(MASK, mask);
                        if (squared != null) {
                            f.stageTiff(SQUARED_DIFFERENCE, squared);
                        }
                    });
            return new StackOutcome(r, o.clamped(), o.everyMask());
        }
    }

    /** The files a stack registration reads: the stack's, the flat's and the dark's (those opened from files). */
    public static List<Path> stackInputs(ImagePlus stack, StackRegistration.Correction correction) {
        List<ImagePlus> images = new java.util.ArrayList<>(List.of(stack));
        if (correction != null) {
            for (ImagePlus c : new ImagePlus[] {correction.flat(), correction.dark()}) {
                if (c != null) {
                    images.add(c);
                }
            }
        }
        return RunContext.filesOf(images);
    }

    /** Bytes a stack registration allocates at its peak (see {@link #peakBytes}), the correction's copy included. */
    public static long stackPeakBytes(ImagePlus stack, StackRegistration.Correction correction) {
        int count = stack.getNFrames() == 1 ? stack.getNSlices() : stack.getNFrames();
        long pixels = (long) stack.getWidth() * stack.getHeight() * stack.getNSlices() * stack.getNFrames() / count;
        return peakBytes(pixels, correction != null && correction.any() ? 2 * count : count);
    }

    /** A mask {@code [z][pixel]} (1 inside) as an 8-bit image, 255 inside. */
    static ImagePlus maskImage(String title, byte[][] mask, int width, int height, Calibration cal) {
        ImageStack st = new ImageStack(width, height);
        for (byte[] plane : mask) {
            byte[] px = new byte[plane.length];
            for (int i = 0; i < px.length; i++) {
                px[i] = plane[i] != 0 ? (byte) 255 : 0;
            }
            st.addSlice(null, px);
        }
        ImagePlus imp = new ImagePlus(title, st);
        imp.setCalibration(cal);
        return imp;
    }

    /** Registers one volume to another; they may differ in size (the start aligns their centres). */
    public Outcome runPair(ImagePlus fixedImage, ImagePlus movingImage) throws IOException {
        Volume fixed = Volumes.single(fixedImage, "the fixed volume");
        Volume moving = Volumes.single(movingImage, "the moving volume");
        long voxels = Math.max((long) fixed.nx() * fixed.ny() * fixed.nz(), (long) moving.nx() * moving.ny()
                * moving.nz());
        try (OutputFolder out = begin(RunContext.filesOf(List.of(fixedImage, movingImage)), voxels, 1,
                String.format(Locale.ROOT, "registering two volumes of up to %d voxels", voxels), pairFileNames())) {
            return pair(fixedImage, movingImage, fixed, moving, out);
        }
    }

    private Outcome pair(ImagePlus fixedImage, ImagePlus movingImage, Volume fixed, Volume moving, OutputFolder out)
            throws IOException {
        ProgressListener progress = run.progress();
        CancellationToken cancel = run.cancel();
        long start = System.nanoTime();
        PairResult result;
        Volume resampled;
        ImagePlus squared;
        try (RowBlocks blocks = new RowBlocks(run.threads())) {
            PairRegistrar registrar = new PairRegistrar(params, blocks, cancel);
            progress.progress(0, "preparing the volumes");
            var f = registrar.prepare(fixed, "the fixed volume (" + fixedImage.getTitle() + ")");
            var m = registrar.prepare(moving, "the moving volume (" + movingImage.getTitle() + ")");
            progress.progress(0.2, "registering");
            result = registrar.register(f, m, null);
            cancel.throwIfCancelled();
            resampled = registrar.resample(moving, fixed, result);
            squared = RegistrationFigures.squaredDifference(f, m, PairRegistrar.centresAligned(fixed, moving), result,
                    fixedImage.getCalibration(), "Squared difference of " + movingImage.getTitle(), blocks);
            progress.progress(1, "registered");
        }
        double millis = (System.nanoTime() - start) / 1e6;
        Calibration cal = fixedImage.getCalibration().copy();
        ImagePlus registered = Volumes.toImage(movingImage.getTitle() + " registered", resampled, cal);
        return finish(List.of(result), null, -1, registered, squared, cal, fixed.centre(), millis, out,
                f -> f.stageTiff(SQUARED_DIFFERENCE, squared));
    }

    private Outcome finish(List<PairResult> results, double[] energies, int fixedIndex, ImagePlus registered,
            ImagePlus squared, Calibration cal, double[] centre, double millis, OutputFolder out, Extra extra)
            throws IOException {
        ResultsTable table = RegistrationTables.table(results, energies, centre);
        Plot plot = RegistrationTables.msePlot(results, energies);
        List<Path> written = List.of();
        if (out != null) {
            stage(out, params, results, energies, fixedIndex, registered, cal, table);
            extra.stage(out);
            written = out.commit();
        }
        return new Outcome(results, energies, fixedIndex, registered, table, plot, squared, written, millis);
    }

    /**
     * Stages the files of {@link #fileNames()} into a claimed folder (the caller commits): also used by runs that
     * register as their first step (XANES mapping of a raw 2-D stack).
     */
    public static void stage(OutputFolder out, RegistrationParameters params, List<PairResult> results,
            double[] energies, int fixedIndex, ImagePlus registered, Calibration cal, ResultsTable table)
            throws IOException {
        String json = transformsJson(params, cal, energies, fixedIndex, results);
        out.stageTiff(REGISTERED, registered);
        out.stage(TRANSFORMS, tmp -> Files.writeString(tmp, json, StandardCharsets.UTF_8));
        out.stage(TABLE, tmp -> table.saveAs(tmp.toString()));
        // Saved by every route (the dialog also shows the plot): headless runs get the figure and its data.
        RegistrationFigures.MseData mse = RegistrationFigures.mse(results, energies);
        ImagePlus figure = RegistrationFigures.msePlot(mse, registered.getTitle());
        out.stage(MSE_PLOT, tmp -> {
            if (!new FileSaver(figure).saveAsPng(tmp.toString())) {
                throw new IOException("could not save the MSE plot as PNG");
            }
        });
        out.stage(MSE_DATA, tmp -> Files.writeString(tmp, mse.csv(), StandardCharsets.UTF_8));
    }

    /**
     * The transforms file's text for an ImageJ calibration (voxel size and unit from it); {@link TransformsJson}
     * itself stays free of ImageJ, so that the cluster jar can write the same file.
     */
    public static String transformsJson(RegistrationParameters params, Calibration cal, double[] energies,
            int fixedIndex, List<PairResult> results) {
        return TransformsJson.write(params, new double[] {cal.pixelWidth, cal.pixelHeight, cal.pixelDepth},
                cal.getUnit(), energies, fixedIndex, results);
    }

    /**
     * The squared-difference figure of a registered 2-D stack at the energy {@code choice} picks (see
     * {@link RegistrationFigures#differenceIndex}), or null for {@code none}: the corrected images, as registered.
     */
    public static ImagePlus stackDifference(StackRegistration.Outcome o, String choice, RegistrationParameters params,
            int threads) {
        double[] energies = o.corrected().energies();
        int d = RegistrationFigures.differenceIndex(choice, energies, o.results(), o.fixedIndex());
        if (d < 0) {
            return null;
        }
        SpectralVolumes v = new SpectralVolumes(o.corrected());
        return RegistrationFigures.squaredDifference(v.volume(o.fixedIndex()), v.volume(d), o.results().get(d),
                params, o.registered().getCalibration(), differenceTitle(o.registered().getTitle(), energies[d]),
                threads);
    }

    private static String differenceTitle(String series, double energy) {
        return "Squared difference of " + series + " at " + Energies.fmt(energy) + " eV";
    }

    /**
     * Stages everything the 2-D route writes ({@link #stackFileNames()}, and {@code squared} unless null) for a
     * finished stack registration.
     */
    public static void stageStack(OutputFolder out, RegistrationParameters params, StackRegistration.Outcome o,
            ImagePlus squared) throws IOException {
        if (squared != null) {
            out.stageTiff(SQUARED_DIFFERENCE, squared);
        }
        ImagePlus registered = o.registered();
        Calibration cal = registered.getCalibration().copy();
        double[] energies = o.corrected().energies();
        stage(out, params, o.results(), energies, o.fixedIndex(), registered, cal,
                RegistrationTables.table(o.results(), energies, stackCentre(o)));
        out.stageTiff(MASK, maskImage(registered.getTitle() + " mask", o.everyMask(), registered.getWidth(),
                registered.getHeight(), cal));
    }

    private static double[] stackCentre(StackRegistration.Outcome o) {
        return new double[] {(o.registered().getWidth() - 1) / 2.0, (o.registered().getHeight() - 1) / 2.0,
            (o.corrected().depth() - 1) / 2.0};
    }
}
