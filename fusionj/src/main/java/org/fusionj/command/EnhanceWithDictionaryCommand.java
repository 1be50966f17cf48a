package org.fusionj.command;

import java.io.File;
import java.io.IOException;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.workflow.dictionary.DictionaryImages;
import org.fusionj.workflow.dictionary.DictionaryKeys;
import org.fusionj.workflow.dictionary.EnhanceJob;
import org.fusionj.workflow.dictionary.EnhanceSettings;
import org.fusionj.workflow.schema.ParamValues;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Enhancement of a TXM image or stack with a dictionary, as a SciJava command; the same parameter names as the
 * ImageJ 1.x dialog and the CLI. The dictionary comes as its montage image or as its TIFF file.
 */
@Plugin(type = Command.class, headless = true, label = "Enhance with Dictionary (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>Enhance with Dictionary (SciJava)")
public final class EnhanceWithDictionaryCommand extends FusionJCommand {

    @Parameter(required = false, persist = false)
    private ImagePlus txm;

    @Parameter(required = false, persist = false)
    private File txm_file;

    @Parameter(required = false, persist = false)
    private ImagePlus dictionary;

    @Parameter(required = false, persist = false)
    private File dictionary_file;

    @Parameter(required = false, choices = {"lasso", "omp"})
    private String coder = "lasso";

    // Not persisted: a script that leaves these out gets the automatic choice, not a value from an earlier run.
    @Parameter(required = false, persist = false, description = "lasso penalty, or auto (from the TXM noise)")
    private String alpha = "auto";

    @Parameter(required = false, min = "1", max = "1024", description = "OMP atoms per patch")
    private int sparsity = 2;

    @Parameter(required = false, persist = false, description = "OMP residual RMS per pixel: none, auto or a number")
    private String error_target = "none";

    @Parameter(required = false, min = "1", max = "32")
    private int stride = 1;

    @Parameter(required = false, choices = {"uniform", "windowed"})
    private String weighting = "uniform";

    @Parameter(required = false)
    private boolean match_pixel_size;

    @Parameter(required = false, persist = false, style = "save")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, persist = false, min = "0", max = "1024", description = "0 = all cores")
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus enhanced;

    public EnhanceWithDictionaryCommand() {
        super("Enhance with Dictionary");
    }

    @Override
    void execute() throws IOException {
        ParamValues values = values(DictionaryKeys.ENHANCE_SCHEMA);
        EnhanceSettings settings = DictionaryKeys.enhanceSettings(values);
        if ((dictionary == null) == (dictionary_file == null)) {
            throw new InvalidInputException("give exactly one of dictionary (its montage image) and "
                    + "dictionary_file (its TIFF)");
        }
        Dictionary d = dictionary != null ? DictionaryImages.fromImage(dictionary)
                : DictionaryImages.open(dictionary_file.toPath());
        EnhanceJob job = new EnhanceJob(d, settings, run(values, output, overwrite)
                .inputs(dictionary_file == null ? List.of() : List.of(dictionary_file.toPath())))
                .matchPixelSize(match_pixel_size);
        ImagePlus input = imageOrNone(txm, txm_file);
        if (input == null) {
            throw new InvalidInputException("no TXM image: give txm (an image) or txm_file (a file)");
        }
        EnhanceJob.Outcome o = job.run(input);
        if (!o.note().isEmpty()) {
            info(o.note());
        }
        enhanced = o.enhanced();
    }
}
