package org.fusionj.ij1;

import java.util.HashMap;
import java.util.Map;

import ij.gui.GenericDialog;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.workflow.registration.RegistrationKeys;

/** The registration options both dialogs share, added and read in the same order. */
final class RegistrationDialogFields {

    private RegistrationDialogFields() {
    }

    static void add(GenericDialog gd, boolean series) {
        gd.addChoice(RegistrationKeys.TRANSFORM, RegistrationKeys.transformChoices(), "affine");
        gd.addChoice(RegistrationKeys.METRIC, RegistrationKeys.metricChoices(), "mse");
        gd.addMessage("mse: mean squared error of the Otsu-binarised volumes (the paper's); ncc: normalised "
                + "cross-correlation of the grey values.");
        gd.addCheckbox(RegistrationKeys.MEDIAN, false);
        gd.addNumericField(RegistrationKeys.SMOOTHING, RegistrationParameters.DEFAULT_SMOOTHING, 2, 6, "voxels");
        gd.addNumericField(RegistrationKeys.LEVELS, RegistrationParameters.DEFAULT_LEVELS, 0);
        gd.addNumericField(RegistrationKeys.ITERATIONS, RegistrationParameters.DEFAULT_ITERATIONS, 0);
        gd.addCheckbox(RegistrationKeys.PER_PARTICLE, false);
        gd.addNumericField(RegistrationKeys.DILATION, RegistrationParameters.DEFAULT_DILATION, 0, 6, "voxels");
        gd.addNumericField(RegistrationKeys.MIN_VOXELS, RegistrationParameters.DEFAULT_MIN_VOXELS, 0);
        gd.addChoice(RegistrationKeys.INTERPOLATION, RegistrationKeys.interpolationChoices(), "linear");
        if (series) {
            gd.addCheckbox(RegistrationKeys.INIT_NEIGHBOUR, true);
        }
    }

    static RegistrationParameters read(GenericDialog gd, boolean series) {
        Map<String, String> v = new HashMap<>();
        v.put(RegistrationKeys.TRANSFORM, gd.getNextChoice());
        v.put(RegistrationKeys.METRIC, gd.getNextChoice());
        v.put(RegistrationKeys.MEDIAN, Boolean.toString(gd.getNextBoolean()));
        v.put(RegistrationKeys.SMOOTHING, Double.toString(gd.getNextNumber()));
        v.put(RegistrationKeys.LEVELS, Integer.toString((int) gd.getNextNumber()));
        v.put(RegistrationKeys.ITERATIONS, Integer.toString((int) gd.getNextNumber()));
        v.put(RegistrationKeys.PER_PARTICLE, Boolean.toString(gd.getNextBoolean()));
        v.put(RegistrationKeys.DILATION, Integer.toString((int) gd.getNextNumber()));
        v.put(RegistrationKeys.MIN_VOXELS, Integer.toString((int) gd.getNextNumber()));
        v.put(RegistrationKeys.INTERPOLATION, gd.getNextChoice());
        if (series) {
            v.put(RegistrationKeys.INIT_NEIGHBOUR, Boolean.toString(gd.getNextBoolean()));
        }
        if (gd.invalidNumber()) {
            throw new InvalidInputException("a numeric field holds no number: " + gd.getErrorMessage());
        }
        return RegistrationKeys.parameters(v::get);
    }
}
