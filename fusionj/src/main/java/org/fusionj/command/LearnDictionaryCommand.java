package org.fusionj.command;

import java.io.File;
import java.io.IOException;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.workflow.dictionary.DictionaryKeys;
import org.fusionj.workflow.dictionary.LearnJob;
import org.fusionj.workflow.schema.ParamValues;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Dictionary learning as a SciJava command, for scripts and headless batch; the same parameter names as the
 * ImageJ 1.x dialog and the CLI. STEM and TXM come as images or files; image inputs are never persisted.
 */
@Plugin(type = Command.class, headless = true, label = "Learn Dictionary (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>Learn Dictionary (SciJava)")
public final class LearnDictionaryCommand extends FusionJCommand {

    @Parameter(required = false, persist = false)
    private ImagePlus stem;

    @Parameter(required = false, persist = false)
    private File stem_file;

    @Parameter(required = false, persist = false, description = "coupled mode: estimates noise/PSF not given")
    private ImagePlus txm;

    @Parameter(required = false, persist = false)
    private File txm_file;

    @Parameter(required = false, description = "learn from every slice of a stack (else the current one)")
    private boolean all_slices = true;

    @Parameter(required = false, choices = {"plain", "coupled"})
    private String mode = "plain";

    @Parameter(required = false, min = "2", max = "32")
    private int patch = 8;

    @Parameter(required = false, min = "1", max = "10000")
    private int atoms = 256;

    @Parameter(required = false, min = "0", max = "1000")
    private double alpha = 1;

    @Parameter(required = false, min = "1", max = "1000000")
    private int steps = 237;

    @Parameter(required = false, min = "1", max = "65536")
    private int batch = 256;

    @Parameter(required = false, min = "1", max = "10000000")
    private int training_patches = 20000;

    @Parameter(required = false, min = "0", max = "2147483647")
    private long seed;

    @Parameter(required = false, max = "1000", description = "pixels; 0 = estimate from the TXM image")
    private double psf_sigma;

    @Parameter(required = false, max = "1e30", description = "image units; negative = estimate from the TXM image")
    private double noise = -1;

    @Parameter(required = false, persist = false, style = "save")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, persist = false, min = "0", max = "1024", description = "0 = all cores")
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus dictionary;

    public LearnDictionaryCommand() {
        super("Learn Dictionary");
    }

    @Override
    void execute() throws IOException {
        ParamValues values = values(DictionaryKeys.LEARN_SCHEMA);
        LearnParameters params = DictionaryKeys.learnParameters(values);
        LearnJob job = new LearnJob(params, run(values, output, overwrite));
        ImagePlus txmImage = imageOrNone(txm, txm_file);
        if (txmImage != null) {
            job.txm(txmImage);
        }
        ImagePlus stemImage = imageOrNone(stem, stem_file);
        if (stemImage == null) {
            throw new InvalidInputException("no STEM image: give stem (an image) or stem_file (a file)");
        }
        LearnJob.Outcome o = job.run(stemImage, all_slices);
        o.result().warnings().forEach(w -> warn(w));
        dictionary = o.image();
    }
}
