package org.fusionj.command;

import java.io.File;
import java.io.IOException;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.DictionaryMode;
import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.dictionary.LearnJob;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Dictionary learning as a SciJava command, for scripts and headless batch; the same parameter names as the
 * ImageJ 1.x dialog and the CLI. STEM and TXM come as images or files; image inputs are never persisted.
 */
@Plugin(type = Command.class, headless = true, label = "Learn Dictionary (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>Learn Dictionary (SciJava)")
public final class LearnDictionaryCommand extends ContextCommand {

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

    @Parameter(required = false, min = "1")
    private int atoms = 256;

    @Parameter(required = false)
    private double alpha = 1;

    @Parameter(required = false, min = "1")
    private int steps = 237;

    @Parameter(required = false, min = "1")
    private int batch = 256;

    @Parameter(required = false, min = "1")
    private int training_patches = 20000;

    @Parameter(required = false)
    private long seed;

    @Parameter(required = false, description = "pixels; 0 = estimate from the TXM image")
    private double psf_sigma;

    @Parameter(required = false, description = "image units; negative = estimate from the TXM image")
    private double noise = -1;

    @Parameter(required = false, persist = false, style = "save")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, persist = false, description = "0 = all cores")
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus dictionary;

    @Parameter
    private LogService log;

    @Parameter(required = false)
    private StatusService status;

    @Override
    public void run() {
        try {
            LearnParameters params = LearnParameters.builder().mode(DictionaryMode.parse(mode)).patchSize(patch)
                    .atoms(atoms).alpha(alpha).steps(steps).batchSize(batch).trainingPatches(training_patches)
                    .seed(seed).psfSigma(psf_sigma > 0 ? psf_sigma : Double.NaN)
                    .noiseSigma(noise >= 0 ? noise : Double.NaN).build();
            CancellationToken token = new CancellationToken();
            LearnJob job = new LearnJob(params, CommandSupport.threads(threads)).cancellation(token)
                    .progress(CommandSupport.progress(this, status, token));
            ImagePlus txmImage = image(txm, txm_file, false);
            if (txmImage != null) {
                job.txm(txmImage);
            }
            if (output != null) {
                job.saveTo(output.toPath(), overwrite);
            }
            LearnJob.Outcome o = job.run(image(stem, stem_file, true), all_slices);
            o.result().warnings().forEach(w -> log.warn("Learn Dictionary: " + w));
            dictionary = o.image();
        } catch (InvalidInputException | IOException e) {
            cancel("Learn Dictionary: " + e.getMessage());
            log.error("Learn Dictionary: " + e.getMessage());
        } catch (CancelledException e) {
            cancel("Learn Dictionary: cancelled; nothing was written");
        }
    }

    static ImagePlus image(ImagePlus image, File file, boolean required) throws IOException {
        if (image != null && file != null) {
            throw new InvalidInputException("give an image or a file, not both");
        }
        if (image == null && file == null) {
            if (required) {
                throw new InvalidInputException("no STEM image: give stem (an image) or stem_file (a file)");
            }
            return null;
        }
        return image != null ? image : ImageFiles.open(file.getPath());
    }
}
