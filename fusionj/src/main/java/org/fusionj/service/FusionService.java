package org.fusionj.service;

import java.io.IOException;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.workflow.fusion.FusionJob;
import org.scijava.service.SciJavaService;

/**
 * Fused multi-modal EM for scripts (our stand-in for an ImageJ Ops namespace). In a script:
 * <pre>
 * #&#64; org.fusionj.service.FusionService fusion
 * outcome = fusion.fuse(haadf, [sc, dy, o], "Sc,Dy,O", fusion.tutorialDyScO3())
 * outcome.images().fusedMaps().show()
 * </pre>
 */
public interface FusionService extends SciJavaService {

    /** FusionJ numerics with the DyScO3 tutorial's values. */
    default FusionParameters defaults() {
        return FusionParameters.defaults();
    }

    /** The published tutorial numerics and values for DyScO3. */
    default FusionParameters tutorialDyScO3() {
        return FusionParameters.tutorialDyScO3();
    }

    /** The published tutorial numerics and values for Co3O4-Mn3O4. */
    default FusionParameters tutorialCo3O4Mn3O4() {
        return FusionParameters.tutorialCo3O4Mn3O4();
    }

    /** Runs the kernel on checked arrays. */
    FusionResult fuse(FusionProblem problem, FusionParameters params, ProgressListener progress,
                      CancellationToken cancel);

    /** Runs the kernel on ImageJ images and builds the result images (not shown). */
    FusionJob.Outcome fuse(ImagePlus haadf, List<ImagePlus> maps, String elements, FusionParameters params)
            throws IOException;
}
