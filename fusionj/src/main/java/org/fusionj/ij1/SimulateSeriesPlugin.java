package org.fusionj.ij1;

import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.workflow.registration.SimulatedSeries;

/**
 * {@code Plugins > FusionJ > Simulate Spectro-Tomography Series...}: three textured particles drifting from energy
 * to energy (the highest energy at rest), absorption rising across the edge, to try the registration without data.
 */
public final class SimulateSeriesPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog("Simulate Spectro-Tomography Series");
        gd.addNumericField("size", 64, 0);
        gd.addNumericField("energies", 10, 0);
        gd.addNumericField("noise", 0.02, 3);
        gd.addNumericField("salt_pepper", 0, 3);
        gd.addNumericField("seed", 1, 0);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        try {
            int size = (int) gd.getNextNumber();
            int energies = (int) gd.getNextNumber();
            PhantomNoise noise = new PhantomNoise(gd.getNextNumber(), gd.getNextNumber());
            long seed = (long) gd.getNextNumber();
            SimulatedSeries.toImage("Simulated spectro-tomography series", new SeriesPhantom(size, energies, noise,
                    seed), Prefs.getThreads()).show();
        } catch (InvalidInputException e) {
            PluginErrors.report("Simulate Spectro-Tomography Series", e.getMessage());
        }
    }
}
