package org.fusionj.service;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;

import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionProblem;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.workflow.tomo.TiltAngleText;
import org.fusionj.workflow.tomo.TomoFusionJob;
import org.fusionj.workflow.tomo.TomoImages;
import org.fusionj.workflow.tomo.TomoKeys;
import org.scijava.service.SciJavaService;

/**
 * Fused multi-modal electron tomography for scripts (docs/fusion-tomography.md). In a script:
 * <pre>
 * #&#64; org.fusionj.service.TomographyService tomo
 * p = tomo.parameters(["lambda_tv": "0.02", "n_iter": "30"])
 * outcome = tomo.reconstruct(haadf, [au, ag], "Au,Ag", p)
 * outcome.volumes().show()
 * </pre>
 * Parameters by the same names as the dialog, the CLI and the SciJava command (read through the one schema, with
 * its ranges and messages); tilt angles from the stacks' slice labels or given as text.
 */
public interface TomographyService extends SciJavaService {

    /** FusionJ's defaults (method {@code fused}). */
    default TomoFusionParameters parameters() {
        return TomoFusionParameters.defaults();
    }

    /**
     * Parameters from text values by name, e.g. {@code {"method": "chemical_kl", "lambda_tv": "0.02"}}; a name
     * left out takes its default, an unknown name or a value out of range is refused with the CLI's message.
     */
    default TomoFusionParameters parameters(Map<String, String> values) {
        for (String name : values.keySet()) {
            if (!TomoKeys.SCHEMA.has(name)) {
                throw new org.fusionj.core.InvalidInputException("'" + name + "' is no parameter of fuse-tomo; "
                        + "see docs/fusion-tomography.md for the names");
            }
        }
        return TomoKeys.parameters(values::get);
    }

    /** Tilt angles in degrees: a file, a list "A,B,C" or "FROM:TO:STEP"; null or blank: {@code series}' labels. */
    default double[] angles(String spec, ImagePlus series) throws IOException {
        return TiltAngleText.of(spec, series, "angles");
    }

    /** Runs the kernel on checked arrays. */
    TomoFusionResult reconstruct(TomoFusionProblem problem, TomoFusionParameters params, ProgressListener progress,
                                 CancellationToken cancel);

    /**
     * Reconstructs from ImageJ stacks (one image per tilt) with the angles given, and builds the volumes hyperstack
     * and the cost plots (not shown).
     */
    TomoFusionJob.Outcome reconstruct(ImagePlus haadf, double[] haadfAngles, List<ImagePlus> maps,
                                      List<double[]> mapAngles, String elements, TomoFusionParameters params)
            throws IOException;

    /** The same with every series' angles read from its slice labels. */
    default TomoFusionJob.Outcome reconstruct(ImagePlus haadf, List<ImagePlus> maps, String elements,
                                              TomoFusionParameters params) throws IOException {
        List<double[]> mapAngles = new java.util.ArrayList<>();
        for (ImagePlus m : maps) {
            mapAngles.add(angles(null, m));
        }
        return reconstruct(haadf, angles(null, haadf), maps, mapAngles, elements, params);
    }

    /** The x-z sections (one per slice along the tilt axis) of a result, calibrated as {@code like}. */
    default ImagePlus xzSections(TomoFusionJob.Outcome outcome, ImagePlus like) {
        return TomoImages.xzSections(outcome.result(), "XZ " + outcome.volumes().getTitle(), like.getCalibration());
    }

    /** The y-z sections (one per column) of a result, calibrated as {@code like}. */
    default ImagePlus yzSections(TomoFusionJob.Outcome outcome, ImagePlus like) {
        return TomoImages.yzSections(outcome.result(), "YZ " + outcome.volumes().getTitle(), like.getCalibration());
    }
}
