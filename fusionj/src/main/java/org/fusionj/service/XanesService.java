package org.fusionj.service;

import java.io.IOException;

import ij.ImagePlus;

import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.XanesEdge;
import org.fusionj.core.xanes.XanesMaps;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.workflow.xanes.XanesJob;
import org.scijava.service.SciJavaService;

/**
 * XANES chemical mapping for scripts. In a script:
 * <pre>
 * #&#64; org.fusionj.service.XanesService xanes
 * outcome = xanes.map(series, energies, xanes.parameters("Mn K"))
 * outcome.images().maps().get("half_height").show()
 * </pre>
 */
public interface XanesService extends SciJavaService {

    /** Default parameters at an edge preset ("Mn K", "Fe K", ...). */
    default XanesParameters parameters(String edge) {
        return XanesEdge.parse(edge).parameters();
    }

    /** Runs the kernel on a series. */
    XanesMaps map(EnergySeries series, XanesParameters params, byte[][] mask, ProgressListener progress,
                  CancellationToken cancel);

    /** Maps an ImageJ series (hyperstack, energies as frames) and builds the result images (not shown). */
    XanesJob.Outcome map(ImagePlus series, double[] energiesEv, XanesParameters params) throws IOException;
}
