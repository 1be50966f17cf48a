package org.fusionj.workflow.spectrum;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Keyed;
import org.fusionj.core.spectrum.ExponentMode;
import org.fusionj.core.spectrum.MapWindow;
import org.fusionj.core.spectrum.SpectrumKind;
import org.fusionj.core.spectrum.WindowSettings;
import org.fusionj.io.SpectrumImageFiles;
import org.fusionj.workflow.schema.CommonParams;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.Param.Route;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.Schema;

/**
 * The one set of parameter names for "spectrum image to maps": CLI flags of {@code fusionj maps}, and (next) the
 * dialog's macro keys and the SciJava fields. {@link #SCHEMA} declares them; {@link #job} turns values read
 * through it into a {@link SpectrumMapsJob}.
 */
public final class SpectrumKeys {

    public static final String INPUT = "input";
    public static final String KIND = "kind";
    public static final String ELEMENTS = "elements";
    public static final String ENERGY_OFFSET = "energy_offset";
    public static final String DISPERSION = "dispersion";
    public static final String ENERGY_FIRST = "energy_first";
    public static final String SPATIAL_BINNING = "spatial_binning";
    public static final String ENERGY_BINNING = "energy_binning";
    public static final String EDX_RESOLUTION = "edx_resolution";
    public static final String SIGNAL_HALF_WIDTH = "signal_half_width";
    public static final String BACKGROUND_OFFSET = "background_offset";
    public static final String BACKGROUND_WIDTH = "background_width";
    public static final String EELS_SIGNAL_WIDTH = "eels_signal_width";
    public static final String EELS_FIT_WIDTH = "eels_fit_width";
    public static final String EXPONENT = "exponent";
    public static final String LINE_TABLE = "line_table";
    public static final String WINDOWS = "windows";
    public static final String OUT = "out";
    public static final String OVERWRITE = "overwrite";

    /** The word for "take it from the file" (calibration). */
    public static final String FROM_FILE = "file";
    /** The word for the planner's automatic EELS widths. */
    public static final String AUTO = "auto";

    private static final WindowSettings DEFAULTS = WindowSettings.defaults();

    /** The parameters of spectrum image to maps, in the order a dialog shows them. */
    public static final Schema SCHEMA = Schema.of("maps",
            Param.text(INPUT, null).only(Route.CLI)
                    .help("the spectrum image: DM3/DM4, Velox or Berkeley EMD, HDF5 (`file.h5:/path`), NPY (x, y, "
                            + "energy; energy last unless `energy_first`) or a TIFF stack with a slice per channel"),
            Param.choice(KIND, SpectrumKind.values(), SpectrumKind.EDX)
                    .help("`edx`: X-ray lines, background from side windows; `eels`: edges, power-law background "
                            + "fitted before the edge"),
            Param.text(ELEMENTS, null).field(20, null)
                    .help("the elements to map, in map order, e.g. `Fe,O`; a named line or edge with a colon: "
                            + "`Fe:Ka`, `Sr:L3` (else the first line of the table that fits the spectrum)"),
            Param.autoNumber(ENERGY_OFFSET, FROM_FILE).range(-1e6, 1e6).unit("eV").field(8, "eV")
                    .help("energy of channel 0; `file` = the file's calibration (NPY and plain TIFF have none: "
                            + "give it)"),
            Param.autoNumber(DISPERSION, FROM_FILE).above(0).atMost(1e5).unit("eV").field(8, "eV per channel")
                    .help("eV per channel; `file` = the file's calibration"),
            Param.bool(ENERGY_FIRST, false).help("NPY and HDF5 arrays: energy is the first axis (energy, rows, cols) "
                    + "instead of the last"),
            Param.integer(SPATIAL_BINNING, 1).range(1, 64).unit("pixels")
                    .help("sum blocks of N x N pixels before mapping (incomplete edge blocks dropped)"),
            Param.integer(ENERGY_BINNING, 1).range(1, 64).unit("channels")
                    .help("sum groups of N channels before mapping"),
            Param.number(EDX_RESOLUTION, DEFAULTS.edxResolutionEv()).above(0).atMost(1000).unit("eV").digits(1)
                    .field(6, "eV").help("EDX: detector FWHM at Mn Ka (5895 eV); sets every window's width"),
            Param.number(SIGNAL_HALF_WIDTH, DEFAULTS.signalHalfWidth()).above(0).atMost(10).unit("FWHM").digits(2)
                    .help("EDX: signal window = line +- this many FWHM"),
            Param.number(BACKGROUND_OFFSET, DEFAULTS.backgroundOffset()).above(0).atMost(20).unit("FWHM").digits(2)
                    .help("EDX: side windows start this many FWHM from the line (at least the signal half width)"),
            Param.number(BACKGROUND_WIDTH, DEFAULTS.backgroundWidth()).above(0).atMost(20).unit("FWHM").digits(2)
                    .help("EDX: width of each side window"),
            Param.autoNumber(EELS_SIGNAL_WIDTH, AUTO).above(0).atMost(5000).unit("eV").field(8, "eV")
                    .help("EELS: signal window from the onset; `auto` = max(30 eV, 8 % of the onset), at most "
                            + "150 eV"),
            Param.autoNumber(EELS_FIT_WIDTH, AUTO).above(0).atMost(5000).unit("eV").field(8, "eV")
                    .help("EELS: pre-edge fit window; `auto` = max(30 eV, 10 % of the onset), at most 200 eV"),
            Param.choice(EXPONENT, ExponentMode.values(), ExponentMode.FROM_SUM)
                    .help("EELS power-law exponent: `sum` = fitted to the summed spectrum, each pixel fits the "
                            + "amplitude (robust); `pixel` = fitted at each pixel (noisier)"),
            Param.text(LINE_TABLE, null).field(20, null)
                    .help("a file replacing the bundled line/edge table (element, name, energy in eV per line; "
                            + "`#` comments); blank = the bundled table"),
            Param.text(WINDOWS, null).field(30, null)
                    .help("explicit windows instead of planned ones, one entry per element: "
                            + "`Fe:Ka=6250-6560/5860-6020/6790-6950;O=480-570/380-440` (element[:line]=signal/"
                            + "background... in eV; EDX 0 to 2 background windows, EELS one pre-edge fit window), "
                            + "or the `windows.csv` of an earlier run; `elements` is then not needed"),
            Param.text(OUT, null).only(Route.CLI).help("the folder for the maps"),
            Param.bool(OVERWRITE, false).cliSwitch().only(Route.CLI)
                    .help("replace files of the same names in the folder"),
            CommonParams.THREADS);

    private SpectrumKeys() {
    }

    /** Values from text looked up by key (null or blank: the default). */
    public static ParamValues read(Function<String, String> lookup) {
        return SCHEMA.read(lookup);
    }

    /**
     * The files a run reads besides the spectrum image, which its results must never replace: the line table and
     * the {@code windows.csv} of an earlier run given as {@code windows}.
     */
    public static List<java.nio.file.Path> readFiles(ParamValues v) {
        List<java.nio.file.Path> files = new ArrayList<>();
        String table = v.text(LINE_TABLE);
        if (table != null && !table.isBlank()) {
            files.add(java.nio.file.Path.of(table.trim()));
        }
        String windows = v.text(WINDOWS);
        if (windows != null && windows.trim().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            files.add(java.nio.file.Path.of(windows.trim()));
        }
        return files;
    }

    /** "Fe, O:Ka" as the list of requests {@code [Fe, O:Ka]}; refuses an empty list. */
    public static List<String> elements(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String s : text.split("[,;\\s]+")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(ELEMENTS + " is empty: give the elements to map, e.g. Fe,O or Fe:Ka,O");
        }
        return out;
    }

    public static SpectrumKind kind(ParamValues v) {
        return Keyed.parse(SpectrumKind.values(), v.text(KIND), KIND);
    }

    /** The window placement of the values. */
    public static WindowSettings windowSettings(ParamValues v) {
        double signal = v.number(SIGNAL_HALF_WIDTH);
        double offset = v.number(BACKGROUND_OFFSET);
        if (offset < signal) {
            throw new InvalidInputException(BACKGROUND_OFFSET + " (" + Param.format(offset) + " FWHM) must be at "
                    + "least " + SIGNAL_HALF_WIDTH + " (" + Param.format(signal) + " FWHM): the side windows must lie "
                    + "outside the signal window");
        }
        return new WindowSettings(v.number(EDX_RESOLUTION), signal, offset, v.number(BACKGROUND_WIDTH),
                v.number(EELS_SIGNAL_WIDTH), v.number(EELS_FIT_WIDTH));
    }

    /** How to read the file: axis order and the calibration given (NaN: the file's). */
    public static SpectrumImageFiles.Options readOptions(ParamValues v) {
        return new SpectrumImageFiles.Options(v.bool(ENERGY_FIRST), v.number(ENERGY_OFFSET), v.number(DISPERSION));
    }

    /**
     * The job of the values: kind, elements, windows, binning, exponent, line table (read now, so a bad table is
     * refused before the spectrum image is read) and threads. Saving, progress and cancel are the front-end's.
     */
    public static SpectrumMapsJob job(ParamValues v) throws java.io.IOException {
        String windowsText = v.text(WINDOWS);
        List<MapWindow> windows = windowsText == null || windowsText.isBlank() ? null
                : WindowsText.parse(windowsText, kind(v));
        List<String> requested = windows == null ? elements(v.text(ELEMENTS))
                : windows.stream().map(MapWindow::element).toList();
        SpectrumMapsJob job = new SpectrumMapsJob(kind(v), requested)
                .windowSettings(windowSettings(v))
                .binning(v.integer(SPATIAL_BINNING), v.integer(ENERGY_BINNING))
                .exponentMode(Keyed.parse(ExponentMode.values(), v.text(EXPONENT), EXPONENT))
                .threads(CommonParams.threads(v));
        String table = v.text(LINE_TABLE);
        if (table != null && !table.isBlank()) {
            java.nio.file.Path file = java.nio.file.Path.of(table.trim());
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new InvalidInputException(LINE_TABLE + ": no such file " + file + " (give a table of element, "
                        + "name, energy in eV per line, or leave it blank for the bundled one)");
            }
            job.lineTable(file);
        }
        if (windows != null) {
            job.windows(windows);
        }
        return job;
    }
}
