package org.fusionj.service;

import java.io.IOException;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.EnhanceParameters;
import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.core.dictionary.LearnResult;
import org.fusionj.core.dictionary.OnlineDictionaryLearner;
import org.fusionj.core.dictionary.PatchEnhancer;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.dictionary.EnhanceJob;
import org.fusionj.workflow.dictionary.EnhanceSettings;
import org.fusionj.workflow.dictionary.LearnJob;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/** The default {@link DictionaryService}: all cores of the machine. */
@Plugin(type = Service.class)
public final class DefaultDictionaryService extends AbstractService implements DictionaryService {

    private static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public LearnResult learn(List<ImagePlane> stem, ImagePlane txm, LearnParameters params,
            ProgressListener progress, CancellationToken cancel) {
        return OnlineDictionaryLearner.learn(stem, txm, params, threads(), progress, cancel);
    }

    @Override
    public float[] enhance(ImagePlane txm, Dictionary dictionary, EnhanceParameters params,
            ProgressListener progress, CancellationToken cancel) {
        return new PatchEnhancer(dictionary, params).enhance(txm, threads(), progress, cancel);
    }

    @Override
    public LearnJob.Outcome learn(ImagePlus stem, boolean allSlices, LearnParameters params, ImagePlus txm)
            throws IOException {
        return new LearnJob(params, RunContext.threads(threads())).txm(txm).run(stem, allSlices);
    }

    @Override
    public EnhanceJob.Outcome enhance(ImagePlus txm, Dictionary dictionary, EnhanceSettings settings)
            throws IOException {
        return new EnhanceJob(dictionary, settings, RunContext.threads(threads())).run(txm);
    }
}
