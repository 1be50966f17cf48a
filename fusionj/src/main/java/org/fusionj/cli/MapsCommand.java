package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.spectrum.MapWindow;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.SchemaText;
import org.fusionj.workflow.spectrum.SpectrumKeys;
import org.fusionj.workflow.spectrum.SpectrumMapsJob;

/** {@code fusionj maps}: a spectrum image file in, elemental maps (and the plot's data) out. */
final class MapsCommand {

    static final String USAGE = """
            usage: fusionj maps --input FILE (--elements Fe,O | --windows Fe=6250-6560/5860-6020/6790-6950;...)
                                --out DIR [options]
              FILE: a spectrum image (x, y, energy): DM3/DM4, EMD (Velox, Berkeley), HDF5 (FILE.h5:/path), NPY or a
              TIFF stack with a slice per channel. Writes map_<El>.tif, maps.tif, spectrum.csv and windows.csv.
            options (defaults in brackets; threads 0 = all cores):
            """ + SchemaText.cliOptions(SpectrumKeys.SCHEMA) + """
              --quiet
            """;

    private MapsCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Arguments args = Arguments.parse(words, SpectrumKeys.SCHEMA, Set.of(), Set.of("quiet"));
        ParamValues values = SpectrumKeys.read(args.lookup(SpectrumKeys.SCHEMA));
        String input = required(values, SpectrumKeys.INPUT, "FILE (the spectrum image)");
        String outDir = required(values, SpectrumKeys.OUT, "DIR (the folder for the maps)");
        if (values.text(SpectrumKeys.WINDOWS) == null || values.text(SpectrumKeys.WINDOWS).isBlank()) {
            required(values, SpectrumKeys.ELEMENTS, "LIST (the elements to map, e.g. Fe,O; or give --windows)");
        }
        SpectrumMapsJob job = SpectrumKeys.job(values);
        RunContext run = RunOptions.context("maps", values, args, err);
        // The results must never replace the files the run reads (the line table, an earlier run's windows.csv).
        List<Path> inputs = new ArrayList<>(RunOptions.files(List.of(input)));
        inputs.addAll(SpectrumKeys.readFiles(values));
        long start = System.nanoTime();
        SpectrumMapsJob.Outcome o = job.threads(run.threads()).progress(run.progress()).cancellation(run.cancel())
                .saveTo(Path.of(outDir), values.bool(SpectrumKeys.OVERWRITE)).inputs(inputs)
                .run(input, SpectrumKeys.readOptions(values));
        double millis = (System.nanoTime() - start) / 1e6;
        for (String note : o.notes()) {
            err.println("fusionj maps: note: " + note);
        }
        printSummary(out, o, run.threads(), millis);
        return 0;
    }

    private static String required(ParamValues values, String name, String what) {
        String v = values.text(name);
        if (v == null || v.isBlank()) {
            throw new InvalidInputException("missing option --" + name + " " + what);
        }
        return v.trim();
    }

    private static void printSummary(PrintStream out, SpectrumMapsJob.Outcome o, int threads, double millis) {
        var si = o.image();
        out.printf(Locale.ROOT, "mapped %s (%d x %d pixels x %d channels, %.1f to %.1f eV) in %.0f ms, threads %d%n",
                si.name(), si.width(), si.height(), si.channels(), si.axis().minEv(), si.axis().maxEv(), millis,
                threads);
        List<MapWindow> windows = o.maps().windows();
        for (int k = 0; k < windows.size(); k++) {
            ImagePlane p = o.maps().maps().get(k);
            double sum = 0;
            for (float v : p.pixels()) {
                sum += v;
            }
            out.printf(Locale.ROOT, "  %s: mean %.4g counts per pixel%n", windows.get(k).describe(),
                    sum / p.pixels().length);
        }
        if (!o.written().isEmpty()) {
            out.println("wrote " + o.written().size() + " files to " + o.written().get(0).getParent() + ":");
            o.written().forEach(f -> out.println("  " + f.getFileName()));
        }
    }
}
