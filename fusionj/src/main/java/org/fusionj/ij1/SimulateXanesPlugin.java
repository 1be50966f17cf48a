package org.fusionj.ij1;

import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.xanes.XanesPhantom;
import org.fusionj.core.xanes.XanesPhantomSpec;
import org.fusionj.workflow.xanes.XanesInputs;

/**
 * {@code Plugins > FusionJ > Simulate XANES Series...}: a synthetic Mn-K-like spectro-tomography series (spheres
 * of material whose edge shifts by 5 eV across the volume, Gaussian noise at a chosen SNR, 60 energies sampled
 * 3 eV near the edge and 15 eV away), to try XANES Edge Map without data.
 */
public final class SimulateXanesPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog("Simulate XANES Series");
        gd.addNumericField("width", 64, 0);
        gd.addNumericField("height", 64, 0);
        gd.addNumericField("depth", 16, 0);
        gd.addNumericField("particles", 3, 0);
        gd.addNumericField("snr", 50, 1);
        gd.addNumericField("seed", 1, 0);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        try {
            XanesPhantomSpec spec = XanesPhantomSpec.defaults((int) gd.getNextNumber(), (int) gd.getNextNumber(),
                    (int) gd.getNextNumber()).withParticles((int) gd.getNextNumber()).withSnr(gd.getNextNumber())
                    .withSeed((long) gd.getNextNumber());
            XanesInputs.toImage("Simulated XANES series", XanesPhantom.generate(spec).series()).show();
        } catch (InvalidInputException e) {
            PluginErrors.report("Simulate XANES Series", e.getMessage());
        }
    }
}
