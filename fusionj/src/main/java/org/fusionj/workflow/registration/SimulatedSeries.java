package org.fusionj.workflow.registration;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.workflow.xanes.EnergyLists;

/** A simulated spectro-tomography series as a hyperstack (energies as frames, in the metadata and frame labels). */
public final class SimulatedSeries {

    private SimulatedSeries() {
    }

    public static ImagePlus toImage(String title, SeriesPhantom phantom, int threads) {
        int n = phantom.size();
        ImageStack stack = new ImageStack(n, n);
        double[] energies = phantom.energies();
        try (RowBlocks blocks = new RowBlocks(threads)) {
            for (int e = 0; e < phantom.count(); e++) {
                for (float[] s : phantom.volume(e, blocks).toSlices()) {
                    stack.addSlice(EnergyLists.text(energies[e]) + " eV", new FloatProcessor(n, n, s));
                }
            }
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(1, n, phantom.count());
        imp.setOpenAsHyperStack(true);
        imp.resetDisplayRange();
        EnergyLists.store(imp, energies);
        return imp;
    }
}
