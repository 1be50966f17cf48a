package org.fusionj.ij1;

import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.core.xanes.XanesPhantom;
import org.fusionj.core.xanes.XanesPhantomSpec;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.xanes.XanesInputs;
import org.fusionj.workflow.xanes.XanesKeys;

/**
 * {@code Plugins > FusionJ > Simulate XANES Series...}: a synthetic Mn-K-like spectro-tomography series (spheres
 * of material whose edge shifts by 5 eV across the volume, Gaussian noise at a chosen SNR, 60 energies sampled
 * 3 eV near the edge and 15 eV away), to try XANES Edge Map without data.
 */
public final class SimulateXanesPlugin implements PlugIn {

    static final String TITLE = "Simulate XANES Series";

    @Override
    public void run(String arg) {
        DialogForm form = new DialogForm(TITLE, XanesKeys.SIMULATE_SCHEMA);
        GenericDialog gd = form.dialog();
        form.params("width", "height", "depth", "particles", "snr", "seed");
        DialogHelp.add(gd, "xanes");
        form.showAndRun(TITLE, values -> {
            ParamValues v = XanesKeys.SIMULATE_SCHEMA.read(values::get);
            XanesPhantomSpec spec = XanesPhantomSpec.defaults(v.integer("width"), v.integer("height"),
                    v.integer("depth")).withParticles(v.integer("particles")).withSnr(v.number("snr"))
                    .withSeed(v.longValue("seed"));
            XanesInputs.toImage("Simulated XANES series", XanesPhantom.generate(spec).series()).show();
        });
    }
}
