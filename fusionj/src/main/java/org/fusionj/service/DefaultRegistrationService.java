package org.fusionj.service;

import java.io.IOException;

import ij.ImagePlus;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.registration.PairRegistrar;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.Volume;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.registration.SeriesInput;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/** The default {@link RegistrationService}: all cores of the machine. */
@Plugin(type = Service.class)
public final class DefaultRegistrationService extends AbstractService implements RegistrationService {

    private static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public PairResult register(Volume fixed, Volume moving, RegistrationParameters params) {
        try (RowBlocks blocks = new RowBlocks(threads())) {
            PairRegistrar r = new PairRegistrar(params, blocks, CancellationToken.NEVER);
            return r.register(r.prepare(fixed, "the fixed volume"), r.prepare(moving, "the moving volume"), null);
        }
    }

    @Override
    public RegistrationJob.Outcome registerSeries(ImagePlus series, double[] energiesEv, String fixedEnergy,
            RegistrationParameters params) throws IOException {
        SeriesInput input = SeriesInput.ofHyperstack(series, energiesEv);
        return new RegistrationJob(params, RunContext.threads(threads())).runSeries(input,
                input.fixedIndex(fixedEnergy));
    }

    @Override
    public RegistrationJob.Outcome registerPair(ImagePlus fixed, ImagePlus moving, RegistrationParameters params)
            throws IOException {
        return new RegistrationJob(params, RunContext.threads(threads())).runPair(fixed, moving);
    }
}
