package org.fusionj.workflow.fusion;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.AutoParameters;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.core.fusion.series.FrameSink;
import org.fusionj.core.fusion.series.FrameSource;
import org.fusionj.core.fusion.series.SeriesFusion;
import org.fusionj.core.fusion.series.SeriesSummary;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.io.Hdf5Writer;
import org.fusionj.io.LengthUnits;
import org.fusionj.io.NdArray;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.Version;

/**
 * Fuses a series frame by frame with one parameter set: the entry every front-end calls for stacks, hyperstacks,
 * lists of files and HDF5 datasets with a frame axis (each turned into a {@link FrameSource} first). Results are
 * gathered into stacks as the frames arrive; with an output folder they are saved as {@code fused_<El>.tif}
 * (one slice per frame), {@code fused_maps.tif} (hyperstack: a channel per element, a frame per frame),
 * {@code model_haadf.tif}, {@code series_costs.csv} (per frame: the last three costs and the solve time) and
 * {@code Fused_Series.h5} (the fused maps and model as (frames, rows, cols) datasets, the cost curves as
 * (frames, n_iter), every parameter as an attribute). The folder is checked before any work and nothing is
 * renamed into place before every file is complete.
 */
public final class SeriesFusionJob {

    /** The HDF5 record's name. */
    public static final String RECORD = "Fused_Series.h5";

    /**
     * @param summary    per-frame costs and times
     * @param fusedMaps  hyperstack: a channel per element, a frame per frame (32-bit, the HAADF's calibration)
     * @param modelHaadf stack of the model HAADF, a slice per frame
     * @param costs      per frame, the cost curves (haadf, chem, tv), each of {@code n_iter} values
     * @param written    files saved (empty without an output folder)
     * @param millis     wall time of the whole series, in milliseconds
     * @param params     the parameters every frame was fused with (with automatic parameters: the chosen ones)
     * @param auto       what automatic parameters chose on the representative frame, or null
     */
    public record Outcome(SeriesSummary summary, ImagePlus fusedMaps, ImagePlus modelHaadf, double[][][] costs,
                          List<Path> written, double millis, FusionParameters params, AutoParameters.Choice auto) {

        /** One frame's line, as every front-end prints it: "frame 2: final costs HAADF ..., chem ..., TV ...; 12.3 ms". */
        public String frameLine(int index) {
            return String.format(Locale.ROOT, "frame %d: final costs HAADF %.7g, chem %.7g, TV %.7g; %.1f ms",
                    index + 1, summary.costHaadf()[index], summary.costChem()[index], summary.costTv()[index],
                    summary.millis()[index]);
        }

        /** What automatic parameters chose and on which frame, or null without them. */
        public String autoSummary(String[] symbols) {
            if (auto == null) {
                return null;
            }
            return String.format(Locale.ROOT, "automatic parameters (chosen on frame %d, %s): %s",
                    representativeFrame(summary.frames()) + 1,
                    auto.criterion() == AutoParameters.Criterion.POISSON_THINNING ? "Poisson thinning"
                            : "Gaussian fission", auto.describe(symbols));
        }
    }

    private final FusionParameters params;
    private final int threads;
    private int framesInParallel;
    private ProgressListener progress = ProgressListener.NONE;
    private CancellationToken cancel = CancellationToken.NEVER;
    private Path outputDir;
    private boolean overwrite;
    private List<Path> inputFiles = List.of();
    private boolean automatic;
    private java.util.function.IntConsumer frameListener = index -> { };

    /**
     * @param params  applied to every frame
     * @param threads worker threads in all
     */
    public SeriesFusionJob(FusionParameters params, int threads) {
        this.params = params;
        this.threads = threads;
    }

    /**
     * A job taking its threads, progress, cancel and output folder (with overwrite) from a front-end's run context:
     * how the dialog and the SciJava command start it. The images' own files are protected by {@link #run(ImagePlus,
     * List, String)}.
     */
    public static SeriesFusionJob of(FusionParameters params, RunContext run) {
        return new SeriesFusionJob(params, run.threads()).progress(run.progress()).cancellation(run.cancel())
                .saveTo(run.output(), run.overwrite());
    }

    /** Frames solved at the same time (0, the default: chosen from the frame size). */
    public SeriesFusionJob framesInParallel(int n) {
        this.framesInParallel = n;
        return this;
    }

    public SeriesFusionJob progress(ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    public SeriesFusionJob cancellation(CancellationToken token) {
        this.cancel = token;
        return this;
    }

    /** Save into {@code dir} (null: do not save). */
    public SeriesFusionJob saveTo(Path dir, boolean overwriteExisting) {
        this.outputDir = dir;
        this.overwrite = overwriteExisting;
        return this;
    }

    /**
     * Chooses the parameters once, on the middle frame ({@link AutoParameters}), and fuses every frame with that
     * choice (one parameter set for the series). Deterministic.
     */
    public SeriesFusionJob automatic(boolean on) {
        this.automatic = on;
        return this;
    }

    /**
     * Told the 0-based index of each frame as its result arrives, in frame order (e.g. a line per frame in a log);
     * called from the worker that fused it.
     */
    public SeriesFusionJob onFrame(java.util.function.IntConsumer listener) {
        this.frameListener = listener;
        return this;
    }

    /** The frame automatic parameters are chosen on: the middle one. */
    public static int representativeFrame(int frames) {
        return frames / 2;
    }

    /** Files the results must never replace (the series' own files). */
    public SeriesFusionJob inputs(List<Path> files) {
        this.inputFiles = List.copyOf(files);
        return this;
    }

    /** The names a run over these elements writes. */
    public static List<String> fileNames(String[] symbols) {
        List<String> names = new ArrayList<>();
        for (String s : symbols) {
            names.add("fused_" + s + ".tif");
        }
        names.add("fused_maps.tif");
        names.add("model_haadf.tif");
        names.add("series_costs.csv");
        names.add(RECORD);
        return names;
    }

    /** Runs over ImageJ stacks (see {@link SeriesInputs}). */
    public Outcome run(ImagePlus haadf, List<ImagePlus> maps, String elements) throws IOException {
        SeriesInputs inputs = new SeriesInputs(haadf, maps, elements);
        List<ImagePlus> images = new ArrayList<>(maps);
        images.add(haadf);
        return run(inputs, haadf.getCalibration(), haadf.getTitle(), RunContext.filesOf(images));
    }

    /**
     * Runs over a series kept in files (lists of files, HDF5 datasets with a frame axis), read one frame at a time;
     * the files are protected from the outputs.
     */
    public Outcome run(FileSeriesInputs inputs) throws IOException {
        return run(inputs, inputs.calibration(), inputs.title(), inputs.files());
    }

    /**
     * Runs over any frame source.
     *
     * @param cal   calibration of the results (may be null)
     * @param title the series' name, for the result titles
     */
    public Outcome run(FrameSource source, Calibration cal, String title) throws IOException {
        return run(source, cal, title, List.of());
    }

    /**
     * {@code sourceFiles}: the files the frames come from, protected like the files given to inputs(...), for this run
     * only.
     */
    private Outcome run(FrameSource source, Calibration cal, String title, List<Path> sourceFiles)
            throws IOException {
        List<Path> protectedFiles = new ArrayList<>(inputFiles);
        protectedFiles.addAll(sourceFiles);
        String[] symbols = source.symbols();
        int n = source.frameCount();
        if (n < 1) {
            throw new InvalidInputException(title + ": the series has no frames");
        }
        OutputPlan plan = outputDir == null ? null
                : OutputPlan.folder(outputDir, fileNames(symbols), overwrite).protecting(protectedFiles);
        if (plan != null) {
            plan.check();
        }
        // Claimed before the work, so that a second run into the same folder is refused at once, not after it.
        try (OutputFolder out = plan == null ? null : plan.claim("fuse series")) {
            return run(source, cal, title, symbols, n, out);
        }
    }

    private Outcome run(FrameSource source, Calibration cal, String title, String[] symbols, int n, OutputFolder out)
            throws IOException {
        Collector collector = new Collector(symbols.length, n, frameListener);
        int first = source.frame(0).height();
        int parallel = framesInParallel > 0 ? Math.min(framesInParallel, threads)
                : SeriesFusion.suggestedFramesInParallel(threads, first, n);
        long start = System.nanoTime();
        FusionParameters used = params;
        AutoParameters.Choice auto = null;
        ProgressListener seriesProgress = progress;
        if (automatic) {
            // About three solves of one frame, against n frames: a share of the bar in proportion.
            double share = 3.0 / (3.0 + n);
            auto = new AutoParameters(threads).choose(source.frame(representativeFrame(n)), params,
                    (f, m) -> progress.progress(share * f, m + " (frame " + (representativeFrame(n) + 1) + ")"),
                    cancel);
            used = auto.parameters();
            seriesProgress = (f, m) -> progress.progress(share + (1 - share) * f, m);
        }
        SeriesSummary summary = new SeriesFusion(threads, parallel).run(source, used, collector, seriesProgress,
                cancel);
        double millis = (System.nanoTime() - start) / 1e6;
        ImagePlus fused = new ImagePlus("Fused maps of " + title, collector.maps);
        fused.setDimensions(symbols.length, 1, n);
        fused.setOpenAsHyperStack(true);
        ImagePlus model = new ImagePlus("Model HAADF of " + title, collector.model);
        model.setDimensions(1, 1, n);
        model.setOpenAsHyperStack(n > 1);
        if (cal != null) {
            fused.setCalibration(cal.copy());
            model.setCalibration(cal.copy());
        }
        fused = FusionImages.coloured(fused, symbols);
        fused.setProp(FusionImages.RESULT, "fused maps");
        model.setProp(FusionImages.RESULT, "model HAADF");
        List<Path> written = out == null ? List.of() : write(out, symbols, collector, summary, fused, model, cal,
                used);
        return new Outcome(summary, fused, model, collector.costs, written, millis, used, auto);
    }

    /** Gathers the frames as they arrive (in order). */
    private static final class Collector implements FrameSink {
        ImageStack maps;
        ImageStack model;
        final double[][][] costs;
        final List<List<float[]>> perElement = new ArrayList<>();
        final java.util.function.IntConsumer onFrame;
        int width;
        int height;

        Collector(int elements, int frames, java.util.function.IntConsumer onFrame) {
            this.onFrame = onFrame;
            costs = new double[frames][][];
            for (int e = 0; e < elements; e++) {
                perElement.add(new ArrayList<>());
            }
        }

        @Override
        public void accept(int index, FusionResult r) {
            width = r.width();
            height = r.height();
            if (maps == null) {
                maps = new ImageStack(width, height);
                model = new ImageStack(width, height);
            }
            for (int e = 0; e < r.symbols().size(); e++) {
                maps.addSlice(r.symbols().get(e) + " frame " + (index + 1), r.fusedMaps().get(e));
                perElement.get(e).add(r.fusedMaps().get(e));
            }
            model.addSlice("frame " + (index + 1), r.modelHaadf());
            costs[index] = new double[][] {r.costs().haadf(), r.costs().chem(), r.costs().tv()};
            onFrame.accept(index);
        }
    }

    private List<Path> write(OutputFolder out, String[] symbols, Collector c, SeriesSummary summary, ImagePlus fused,
                             ImagePlus model, Calibration cal, FusionParameters params) throws IOException {
        {
            for (int e = 0; e < symbols.length; e++) {
                ImageStack s = new ImageStack(c.width, c.height);
                int frame = 1;
                for (float[] px : c.perElement.get(e)) {
                    s.addSlice(symbols[e] + " frame " + frame++, px);
                }
                ImagePlus imp = new ImagePlus("fused " + symbols[e], s);
                if (cal != null) {
                    imp.setCalibration(cal.copy());
                }
                out.stageTiff("fused_" + symbols[e] + ".tif", imp);
            }
            out.stageTiff("fused_maps.tif", fused);
            out.stageTiff("model_haadf.tif", model);
            out.stage("series_costs.csv", tmp -> writeCosts(tmp, summary));
            out.stage(RECORD, tmp -> writeRecord(tmp, symbols, c, cal, params));
            return out.commit();
        }
    }

    private static void writeCosts(Path file, SeriesSummary s) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("frame,costHAADF,costChem,costTV,solve_ms");
            for (int i = 0; i < s.frames(); i++) {
                w.printf(Locale.ROOT, "%d,%.9g,%.9g,%.9g,%.1f%n", i + 1, s.costHaadf()[i], s.costChem()[i],
                        s.costTv()[i], s.millis()[i]);
            }
        }
    }

    private static void writeRecord(Path file, String[] symbols, Collector c, Calibration cal,
                                    FusionParameters params) throws IOException {
        int frames = c.costs.length;
        int plane = c.width * c.height;
        try (Hdf5Writer h5 = Hdf5Writer.create(file, true)) {
            for (int e = 0; e < symbols.length; e++) {
                h5.writeDataset("fused_" + symbols[e], stack(c.perElement.get(e), frames, plane, c));
            }
            List<float[]> models = new ArrayList<>();
            for (int f = 1; f <= frames; f++) {
                models.add((float[]) c.model.getPixels(f));
            }
            h5.writeDataset("fused_haadf", stack(models, frames, plane, c));
            String[] names = {"costHAADF", "costChem", "costTV"};
            for (int k = 0; k < 3; k++) {
                int iters = c.costs[0][k].length;
                double[] all = new double[frames * iters];
                for (int f = 0; f < frames; f++) {
                    System.arraycopy(c.costs[f][k], 0, all, f * iters, iters);
                }
                h5.writeDataset(names[k], new NdArray(new int[] {frames, iters}, all, NdArray.FLOAT64));
            }
            Calibration calib = cal == null ? new Calibration() : cal;
            h5.attribute(FusionKeys.ELEMENTS, String.join(",", symbols))
                    .attribute(FusionKeys.PRESET, params.preset().key())
                    .attribute(FusionKeys.GAMMA, params.gamma())
                    .attribute(FusionKeys.WEIGHT_METHOD, params.weightMethod().code())
                    .attribute(FusionKeys.LAMBDA_CHEM, params.lambdaChem())
                    .attribute(FusionKeys.LAMBDA_TV, params.lambdaTv())
                    .attribute(FusionKeys.N_ITER, params.iterations())
                    .attribute(FusionKeys.N_ITER_TV, params.tvIterations())
                    .attribute(FusionKeys.BKG, params.background())
                    .attribute(FusionKeys.THRESHOLD, params.hasInitialThreshold() ? params.initialThreshold() : 0)
                    .attribute(FusionKeys.REGULARIZE, params.regularize() ? 1 : 0)
                    .attribute("frames", frames)
                    .attribute("pixel_width", calib.pixelWidth)
                    .attribute("pixel_height", calib.pixelHeight)
                    .attribute("pixel_unit", LengthUnits.ascii(calib.getUnit()))
                    .attribute("software", "FusionJ " + Version.get());
            FusionRecord.writeOverrides(h5, params, symbols.length);
        }
    }

    private static NdArray stack(List<float[]> planes, int frames, int plane, Collector c) {
        double[] all = new double[frames * plane];
        for (int f = 0; f < frames; f++) {
            float[] px = planes.get(f);
            for (int i = 0; i < plane; i++) {
                all[f * plane + i] = px[i];
            }
        }
        return new NdArray(new int[] {frames, c.height, c.width}, all, NdArray.FLOAT32);
    }
}
