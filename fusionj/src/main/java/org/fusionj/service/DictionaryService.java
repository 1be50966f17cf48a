package org.fusionj.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.EnhanceParameters;
import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.core.dictionary.LearnResult;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.workflow.dictionary.DictionaryImages;
import org.fusionj.workflow.dictionary.EnhanceJob;
import org.fusionj.workflow.dictionary.EnhanceSettings;
import org.fusionj.workflow.dictionary.LearnJob;
import org.scijava.service.SciJavaService;

/**
 * Dictionary learning from STEM and enhancement of TXM images, for scripts. In a script:
 * <pre>
 * #&#64; org.fusionj.service.DictionaryService dict
 * learnt = dict.learn(stem, true, dict.parameters().mode(DictionaryMode.COUPLED).build(), txm)
 * dict.enhance(txm, learnt.dictionary(), EnhanceSettings.defaults()).enhanced().show()
 * </pre>
 */
public interface DictionaryService extends SciJavaService {

    /** A parameter builder starting from the defaults (plain, 8 x 8, 256 atoms, alpha 1, 237 steps). */
    default LearnParameters.Builder parameters() {
        return LearnParameters.builder();
    }

    /** Runs the learner on planes. */
    LearnResult learn(List<ImagePlane> stem, ImagePlane txm, LearnParameters params, ProgressListener progress,
            CancellationToken cancel);

    /** Runs the enhancer on one plane. */
    float[] enhance(ImagePlane txm, Dictionary dictionary, EnhanceParameters params, ProgressListener progress,
            CancellationToken cancel);

    /** Learns from an ImageJ image (all slices or the current one); txm may be null in plain mode. */
    LearnJob.Outcome learn(ImagePlus stem, boolean allSlices, LearnParameters params, ImagePlus txm)
            throws IOException;

    /** Enhances every slice of an ImageJ image; the result is not shown. */
    EnhanceJob.Outcome enhance(ImagePlus txm, Dictionary dictionary, EnhanceSettings settings) throws IOException;

    /** Opens a dictionary saved as TIFF. */
    default Dictionary open(Path file) throws IOException {
        return DictionaryImages.open(file);
    }

    /** The dictionary carried by an open montage image. */
    default Dictionary fromImage(ImagePlus image) {
        return DictionaryImages.fromImage(image);
    }
}
