package org.fusionj.workflow.spectrum;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.spectrum.EnergyAxis;
import org.fusionj.core.spectrum.ExponentMode;
import org.fusionj.core.spectrum.LineTable;
import org.fusionj.core.spectrum.MapWindow;
import org.fusionj.core.spectrum.SpectrumImage;
import org.fusionj.core.spectrum.SpectrumKind;
import org.fusionj.core.spectrum.SpectrumMapper;
import org.fusionj.core.spectrum.SpectrumMaps;
import org.fusionj.core.spectrum.WindowPlanner;
import org.fusionj.core.spectrum.WindowSettings;
import org.fusionj.io.SpectrumImageFiles;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;

/**
 * Spectrum image to elemental maps, the run every front-end (dialog with preview, SciJava command,
 * {@code bin/fusionj maps}) will share: read the spectrum image, bin it, place the windows, map, and optionally save
 * {@code map_<El>.tif} per element, {@code maps.tif} (a slice per element), {@code spectrum.csv} (energy, summed
 * counts and each window's background model: the data of the plot) and {@code windows.csv}. Inputs and the output
 * folder are checked before the mapping.
 */
public final class SpectrumMapsJob {

    /**
     * @param image    the spectrum image after binning
     * @param maps     the maps and the plot data
     * @param stack    the maps as one 32-bit stack, a labelled slice per element
     * @param notes    what the window planner noticed
     * @param written  files saved (empty without an output folder)
     */
    public record Outcome(SpectrumImage image, SpectrumMaps maps, ImagePlus stack, List<String> notes,
                          List<Path> written) {
    }

    private final SpectrumKind kind;
    private final List<String> elements;
    private WindowSettings settings = WindowSettings.defaults();
    private LineTable table;
    private List<MapWindow> windows;
    private int spatialBinning = 1;
    private int energyBinning = 1;
    private ExponentMode exponentMode = ExponentMode.FROM_SUM;
    private int threads = Runtime.getRuntime().availableProcessors();
    private ProgressListener progress = ProgressListener.NONE;
    private CancellationToken cancel = CancellationToken.NEVER;
    private Path outputDir;
    private boolean overwrite;
    private List<Path> inputFiles = List.of();

    /**
     * @param kind     EDX or EELS
     * @param elements element requests ("Fe", "Fe:Ka"), in map order
     */
    public SpectrumMapsJob(SpectrumKind kind, List<String> elements) {
        this.kind = kind;
        this.elements = List.copyOf(elements);
        this.table = LineTable.bundled(kind);
    }

    public SpectrumMapsJob windowSettings(WindowSettings s) {
        this.settings = s;
        return this;
    }

    /** A user's line or edge table (same format as the bundled one). */
    public SpectrumMapsJob lineTable(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            this.table = LineTable.parse(kind, file.getFileName().toString(), r);
        }
        return this;
    }

    /** Explicit windows instead of planned ones (the element requests are then ignored). */
    public SpectrumMapsJob windows(List<MapWindow> explicit) {
        this.windows = List.copyOf(explicit);
        return this;
    }

    public SpectrumMapsJob binning(int spatial, int energy) {
        this.spatialBinning = spatial;
        this.energyBinning = energy;
        return this;
    }

    public SpectrumMapsJob exponentMode(ExponentMode mode) {
        this.exponentMode = mode;
        return this;
    }

    public SpectrumMapsJob threads(int n) {
        this.threads = n;
        return this;
    }

    public SpectrumMapsJob progress(ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    public SpectrumMapsJob cancellation(CancellationToken token) {
        this.cancel = token;
        return this;
    }

    public SpectrumMapsJob saveTo(Path dir, boolean overwriteExisting) {
        this.outputDir = dir;
        this.overwrite = overwriteExisting;
        return this;
    }

    /** Files the results must never replace (the spectrum image's own file). */
    public SpectrumMapsJob inputs(List<Path> files) {
        this.inputFiles = List.copyOf(files);
        return this;
    }

    /** The names a run over these elements writes. */
    public static List<String> fileNames(List<String> symbols) {
        List<String> names = new ArrayList<>();
        for (String s : symbols) {
            names.add("map_" + s + ".tif");
        }
        names.add("maps.tif");
        names.add("spectrum.csv");
        names.add("windows.csv");
        return names;
    }

    /** Binning larger than the scan or the spectrum, refused with the parameter names users type. */
    private void requireBinning(SpectrumImage si) {
        int side = Math.min(si.width(), si.height());
        if (spatialBinning > side) {
            throw new InvalidInputException(SpectrumKeys.SPATIAL_BINNING + " " + spatialBinning + " exceeds the "
                    + si.width() + " x " + si.height() + " scan of " + si.name() + "; give at most " + side);
        }
        if (energyBinning > si.channels()) {
            throw new InvalidInputException(SpectrumKeys.ENERGY_BINNING + " " + energyBinning + " exceeds the "
                    + si.channels() + " channels of " + si.name() + "; give at most " + si.channels());
        }
    }

    /** Reads {@code source} ("path" or "path:key") and maps it. */
    public Outcome run(String source, SpectrumImageFiles.Options options) throws IOException {
        SpectrumImage si = SpectrumImageFiles.read(source, options);
        return run(si, List.of(org.fusionj.io.ImageFiles.Source.parse(source).file()));
    }

    public Outcome run(SpectrumImage original) throws IOException {
        return run(original, List.of());
    }

    /**
     * {@code sourceFiles}: the spectrum image's own file, protected like the files given to inputs(...), for this run
     * only.
     */
    private Outcome run(SpectrumImage original, List<Path> sourceFiles) throws IOException {
        List<Path> protectedFiles = new ArrayList<>(inputFiles);
        protectedFiles.addAll(sourceFiles);
        requireBinning(original);
        SpectrumImage si = original.binned(spatialBinning, energyBinning);
        List<String> notes = new ArrayList<>();
        List<MapWindow> w = windows;
        if (w == null) {
            WindowPlanner.Plan plan = WindowPlanner.plan(table, si.axis(), elements, settings);
            w = plan.windows();
            notes.addAll(plan.notes());
        }
        List<String> symbols = w.stream().map(MapWindow::element).toList();
        OutputPlan plan = outputDir == null ? null
                : OutputPlan.folder(outputDir, fileNames(symbols), overwrite).protecting(protectedFiles);
        if (plan != null) {
            plan.check();
        }
        // Claimed before the mapping, so that a second run into the same folder is refused at once.
        try (OutputFolder out = plan == null ? null : plan.claim("spectrum maps")) {
            return map(si, w, symbols, notes, out);
        }
    }

    private Outcome map(SpectrumImage si, List<MapWindow> w, List<String> symbols, List<String> notes,
                        OutputFolder out) throws IOException {
        SpectrumMaps maps = new SpectrumMapper(threads, exponentMode, SpectrumMapper.DEFAULT_MIN_HALF_COUNTS)
                .map(si, w, progress, cancel);
        ImageStack stack = new ImageStack(si.width(), si.height());
        for (ImagePlane p : maps.maps()) {
            stack.addSlice(p.name(), p.pixels());
        }
        ImagePlus imp = new ImagePlus("Maps of " + si.name(), stack);
        List<Path> written = out == null ? List.of() : write(out, maps, imp);
        return new Outcome(si, maps, imp, List.copyOf(notes), written);
    }

    private List<Path> write(OutputFolder out, SpectrumMaps maps, ImagePlus stack) throws IOException {
        {
            for (ImagePlane p : maps.maps()) {
                out.stageTiff("map_" + p.name() + ".tif", new ImagePlus(p.name(),
                        new ij.process.FloatProcessor(p.width(), p.height(), p.pixels())));
            }
            out.stageTiff("maps.tif", stack);
            out.stage("spectrum.csv", tmp -> writeSpectrum(tmp, maps));
            out.stage("windows.csv", tmp -> writeWindows(tmp, maps));
            return out.commit();
        }
    }

    private static void writeSpectrum(Path file, SpectrumMaps m) throws IOException {
        EnergyAxis axis = m.axis();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            StringBuilder head = new StringBuilder("energy_ev,summed_counts");
            for (MapWindow win : m.windows()) {
                head.append(",background_").append(win.element());
            }
            w.println(head);
            for (int c = 0; c < axis.channels(); c++) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%.4f,%.6g", axis.energy(c),
                        m.summedSpectrum()[c]));
                for (double[] curve : m.summedBackground()) {
                    row.append(',').append(Double.isNaN(curve[c]) ? "" : String.format(Locale.ROOT, "%.6g",
                            curve[c]));
                }
                w.println(row);
            }
        }
    }

    private static void writeWindows(Path file, SpectrumMaps m) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("element,line,line_ev,kind,signal_from_ev,signal_to_ev,background_ev,exponent_from_sum");
            for (int k = 0; k < m.windows().size(); k++) {
                MapWindow win = m.windows().get(k);
                StringBuilder bg = new StringBuilder();
                for (var r : win.background()) {
                    bg.append(bg.length() > 0 ? " " : "").append(r.text());
                }
                w.printf(Locale.ROOT, "%s,%s,%.1f,%s,%.2f,%.2f,%s,%s%n", win.element(), win.line().name(),
                        win.line().energyEv(), win.kind().key(), win.signal().fromEv(), win.signal().toEv(), bg,
                        Double.isNaN(m.sumExponents()[k]) ? "" : String.format(Locale.ROOT, "%.4f",
                                m.sumExponents()[k]));
            }
        }
    }
}
