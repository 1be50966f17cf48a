package org.fusionj.service;

import java.io.IOException;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionProblem;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoFusionSolver;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.tomo.TomoFusionJob;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/** The default {@link TomographyService}: all cores of the machine (results do not depend on the count). */
@Plugin(type = Service.class)
public final class DefaultTomographyService extends AbstractService implements TomographyService {

    private static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public TomoFusionResult reconstruct(TomoFusionProblem problem, TomoFusionParameters params,
                                        ProgressListener progress, CancellationToken cancel) {
        return new TomoFusionSolver(threads()).solve(problem, params, progress, cancel);
    }

    @Override
    public TomoFusionJob.Outcome reconstruct(ImagePlus haadf, double[] haadfAngles, List<ImagePlus> maps,
                                             List<double[]> mapAngles, String elements, TomoFusionParameters params)
            throws IOException {
        return new TomoFusionJob(params, RunContext.threads(threads())).run(haadf, haadfAngles, maps, mapAngles,
                elements);
    }
}
