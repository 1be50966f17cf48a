package org.fusionj.workflow.spectrum;

import java.awt.Color;

import ij.gui.Plot;

import org.fusionj.core.spectrum.EnergyAxis;
import org.fusionj.core.spectrum.EnergyRange;
import org.fusionj.core.spectrum.MapWindow;
import org.fusionj.core.spectrum.SpectrumMaps;

/**
 * The plot that shows what the maps were made from: the summed spectrum, each window's background model under it,
 * and the signal and background windows as coloured bars at the bottom (the data are {@code spectrum.csv} and
 * {@code windows.csv}).
 */
public final class SpectrumPlot {

    private static final Color[] COLOURS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C),
        new Color(0x9467BD), new Color(0xFF7F0E), new Color(0x8C564B), new Color(0xE377C2), new Color(0x17BECF)};

    private SpectrumPlot() {
    }

    public static Plot of(SpectrumMaps m, String title) {
        EnergyAxis axis = m.axis();
        int n = axis.channels();
        double[] x = new double[n];
        double max = 0;
        for (int c = 0; c < n; c++) {
            x[c] = axis.energy(c);
            max = Math.max(max, m.summedSpectrum()[c]);
        }
        Plot plot = new Plot("Spectrum and windows of " + title, "Energy (eV)", "Summed counts");
        plot.setColor(Color.BLACK);
        plot.add("line", x, m.summedSpectrum().clone());
        StringBuilder legend = new StringBuilder("summed spectrum");
        for (int k = 0; k < m.windows().size(); k++) {
            MapWindow w = m.windows().get(k);
            Color colour = COLOURS[k % COLOURS.length];
            plot.setColor(colour);
            plot.setLineWidth(2);
            plot.add("line", x, m.summedBackground().get(k).clone());
            legend.append('\n').append(w.line().label()).append(" background");
            // Signal window as a thick bar, background windows as thin bars, just above the axis.
            bar(plot, w.signal(), 0.04 * max, 4);
            for (EnergyRange r : w.background()) {
                bar(plot, r, 0.02 * max, 2);
            }
            plot.setLineWidth(1);
        }
        plot.setColor(Color.BLACK);
        plot.setLimits(axis.minEv(), axis.maxEv(), 0, max * 1.05);
        plot.setLegend(legend.toString(), Plot.AUTO_POSITION);
        return plot;
    }

    private static void bar(Plot plot, EnergyRange r, double y, float width) {
        plot.setLineWidth(width);
        plot.drawLine(r.fromEv(), y, r.toEv(), y);
    }
}
