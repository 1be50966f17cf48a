package org.fusionj.ij1;

import ij.ImagePlus;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.tomo.SimulatedTomo;
import org.fusionj.workflow.tomo.TomoImages;
import org.fusionj.workflow.tomo.TomoKeys;

/**
 * {@code Plugins > FusionJ > Simulate Fused Tomography Data...}: nanoparticles of known chemistry and their noisy
 * HAADF and chemical tilt series (angles in the slice labels), plus the true concentrations, to try
 * {@code Fused Multi-Modal Tomography...} without data.
 */
public final class SimulateTomographyPlugin implements PlugIn {

    static final String TITLE = "Simulate Fused Tomography Data";

    @Override
    public void run(String arg) {
        DialogForm form = new DialogForm(TITLE, TomoKeys.SIMULATE_SCHEMA);
        GenericDialog gd = form.dialog();
        // Two fields a row, grouped: the specimen (volume, particles, their sizes and chemistry), then the
        // microscope (angles, HAADF model, doses, backgrounds), each HAADF value left of its chemical one.
        form.besidePrevious(TomoKeys.ELEMENTS, "shape", TomoKeys.RADIUS_MAX, TomoKeys.CHEM_ANGLES,
                TomoKeys.WEIGHT_METHOD, "chem_dose", TomoKeys.CHEM_BACKGROUND);
        form.params("size", TomoKeys.ELEMENTS, "particles", "shape", TomoKeys.RADIUS_MIN, TomoKeys.RADIUS_MAX,
                TomoKeys.CORE_SHELL, TomoKeys.HAADF_ANGLES, TomoKeys.CHEM_ANGLES, TomoKeys.GAMMA,
                TomoKeys.WEIGHT_METHOD, "haadf_dose", "chem_dose", TomoKeys.HAADF_BACKGROUND,
                TomoKeys.CHEM_BACKGROUND, "seed");
        DialogHelp.add(gd, "fusion-tomography");
        form.showAndRun(TITLE, values -> {
            ParamValues v = TomoKeys.SIMULATE_SCHEMA.read(values::get);
            TomoPhantomSpec spec = SimulatedTomo.spec(v);
            TomoPhantom ph = TomoPhantom.generate(spec, Prefs.getThreads());
            SimulatedTomo.series("HAADF tilt series", ph.problem().haadf()).show();
            for (ElementTiltSeries e : ph.problem().elements()) {
                SimulatedTomo.series(e.symbol() + " tilt series", e.series()).show();
            }
            ImagePlus truth = TomoImages.volumes("True concentrations", ph.symbols(), ph.truth(), spec.width(),
                    spec.height(), spec.depth(), null);
            truth.show();
        });
    }
}
