package org.fusionj.ij1;

import org.fusionj.workflow.registration.RegistrationKeys;

/** The registration options both dialogs share, added in the same order (from the schema). */
final class RegistrationDialogFields {

    private RegistrationDialogFields() {
    }

    static void add(DialogForm form, boolean series) {
        form.params(RegistrationKeys.TRANSFORM, RegistrationKeys.METRIC);
        form.message("mse: mean squared error of the Otsu-binarised volumes (the paper's); ncc: normalised "
                + "cross-correlation of the grey values.");
        form.params(RegistrationKeys.MEDIAN, RegistrationKeys.SMOOTHING, RegistrationKeys.LEVELS,
                RegistrationKeys.ITERATIONS, RegistrationKeys.PER_PARTICLE, RegistrationKeys.DILATION,
                RegistrationKeys.MIN_VOXELS, RegistrationKeys.INTERPOLATION);
        if (series) {
            form.besidePrevious(RegistrationKeys.CHAIN, RegistrationKeys.DIFFERENCE_ENERGY);
            form.params(RegistrationKeys.INIT_NEIGHBOUR, RegistrationKeys.CHAIN, RegistrationKeys.DIFFERENCE_ENERGY);
        }
    }
}
