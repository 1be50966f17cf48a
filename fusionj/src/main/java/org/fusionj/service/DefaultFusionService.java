package org.fusionj.service;

import java.io.IOException;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.core.fusion.FusionSolver;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.fusion.FusionJob;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/** The default {@link FusionService}: all cores of the machine. */
@Plugin(type = Service.class)
public final class DefaultFusionService extends AbstractService implements FusionService {

    private static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public FusionResult fuse(FusionProblem problem, FusionParameters params, ProgressListener progress,
                             CancellationToken cancel) {
        return new FusionSolver(threads()).solve(problem, params, progress, cancel);
    }

    @Override
    public FusionJob.Outcome fuse(ImagePlus haadf, List<ImagePlus> maps, String elements, FusionParameters params)
            throws IOException {
        return new FusionJob(params, RunContext.threads(threads())).run(haadf, maps, elements);
    }
}
