package org.fusionj.ij1;

import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.registration.SimulatedSeries;
import org.fusionj.workflow.schema.ParamValues;

/**
 * {@code Plugins > FusionJ > Simulate Spectro-Tomography Series...}: three textured particles drifting from energy
 * to energy (the highest energy at rest), absorption rising across the edge, to try the registration without data.
 */
public final class SimulateSeriesPlugin implements PlugIn {

    static final String TITLE = "Simulate Spectro-Tomography Series";

    @Override
    public void run(String arg) {
        DialogForm form = new DialogForm(TITLE, RegistrationKeys.SIMULATE_SCHEMA);
        GenericDialog gd = form.dialog();
        form.params("size", "energies", "noise", "salt_pepper", "seed");
        DialogHelp.add(gd, "registration");
        form.showAndRun(TITLE, values -> {
            ParamValues v = RegistrationKeys.SIMULATE_SCHEMA.read(values::get);
            PhantomNoise noise = new PhantomNoise(v.number("noise"), v.number("salt_pepper"));
            SimulatedSeries.toImage("Simulated spectro-tomography series", new SeriesPhantom(v.integer("size"),
                    v.integer("energies"), noise, v.longValue("seed")), Prefs.getThreads()).show();
        });
    }
}
