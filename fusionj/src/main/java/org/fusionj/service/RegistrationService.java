package org.fusionj.service;

import java.io.IOException;

import ij.ImagePlus;

import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.Volume;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.registration.SeriesInput;
import org.scijava.service.SciJavaService;

/**
 * 3-D registration of spectro-tomography series for scripts. In a script:
 * <pre>
 * #&#64; org.fusionj.service.RegistrationService registration
 * p = registration.parameters().toBuilder().median(true).build()
 * outcome = registration.registerSeries(series, energies, "highest", p)
 * outcome.registered().show()
 * </pre>
 */
public interface RegistrationService extends SciJavaService {

    /** The defaults: affine, binarised MSE, 4 levels. */
    default RegistrationParameters parameters() {
        return RegistrationParameters.defaults();
    }

    /** Registers one volume to another (kernel level, no images built). */
    PairResult register(Volume fixed, Volume moving, RegistrationParameters params);

    /** Registers a hyperstack (energies as frames) to the frame of {@code fixedEnergy} ("highest" or eV). */
    RegistrationJob.Outcome registerSeries(ImagePlus series, double[] energiesEv, String fixedEnergy,
            RegistrationParameters params) throws IOException;

    /** Registers one 3-D stack to another and builds the registered stack, table and plot (not shown). */
    RegistrationJob.Outcome registerPair(ImagePlus fixed, ImagePlus moving, RegistrationParameters params)
            throws IOException;

    /** Convenience for scripts that build the input themselves. */
    default SeriesInput seriesInput(ImagePlus series, double[] energiesEv) {
        return SeriesInput.ofHyperstack(series, energiesEv);
    }
}
