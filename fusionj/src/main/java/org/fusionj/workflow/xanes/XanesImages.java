package org.fusionj.workflow.xanes;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Plot;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.plugin.LutLoader;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;

import org.fusionj.core.segment.Components;
import org.fusionj.core.xanes.EdgeDensity;
import org.fusionj.core.xanes.EdgeHistogram;
import org.fusionj.core.xanes.EdgeMethod;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.RegionSpectrum;
import org.fusionj.core.xanes.XanesMaps;
import org.fusionj.core.xanes.XanesParameters;

/**
 * What a XANES run shows: one calibrated 32-bit volume per map (edge energies in eV with an edge-energy LUT and
 * display range), the mask, the particle labels, a table per particle, plots of the per-particle histograms and
 * of the mean spectra, and an optional colour bar. No window is opened here.
 *
 * @param maps            map name (e.g. half_height) to its image, in the order of {@link XanesMaps#namedMaps()}
 * @param mask            the voxels mapped (255) and excluded (0)
 * @param labels          particle labels, or null
 * @param particleTable   one row per particle, or null
 * @param histogramPlot   per-particle edge-energy densities, or null
 * @param densities       per-particle kernel densities of the edge energies (empty unless particles were labelled
 *                        and an edge-energy map computed)
 * @param densityPlot     the kernel densities as smooth curves, beside the histograms (the paper's Fig. 4e), or null
 * @param spectraPlot     mean +- SD normalised spectra of the particles and ROIs, or null
 * @param colourBar       the edge-energy colour scale with its range in eV, or null
 */
public record XanesImages(Map<String, ImagePlus> maps, ImagePlus mask, ImagePlus labels, ResultsTable particleTable,
                          Plot histogramPlot, List<EdgeDensity> densities, Plot densityPlot, Plot spectraPlot,
                          ImagePlus colourBar) {

    /** The LUT of edge-energy maps. */
    static final String ENERGY_LUT = "Spectrum";

    static XanesImages of(ImagePlus source, EnergySeries series, XanesParameters params, XanesMaps maps,
                          EdgeMethod histogramMethod, Components particles, List<EdgeHistogram> histograms,
                          List<EdgeDensity> densities, List<RegionSpectrum> particleSpectra,
                          Map<String, RegionSpectrum> roiSpectra, boolean colourBar) {
        Calibration cal = volumeCalibration(source);
        String title = source.getTitle();
        Map<String, ImagePlus> images = new java.util.LinkedHashMap<>();
        ImagePlus firstEnergyMap = null;
        for (Map.Entry<String, float[][]> m : maps.namedMaps().entrySet()) {
            ImagePlus imp = volume(m.getKey() + " of " + title, m.getValue(), series, cal);
            if (isEnergyMap(m.getKey())) {
                showAsEnergy(imp);
                if (firstEnergyMap == null) {
                    firstEnergyMap = imp;
                }
            }
            images.put(m.getKey(), imp);
        }
        ImagePlus mask = maskImage("mask of " + title, maps.mask(), series, cal);
        ImagePlus labels = particles == null ? null : labelImage("particles of " + title, particles, cal);
        ResultsTable table = particles == null ? null : particleTable(histograms, densities, particles);
        Plot histogramPlot = histograms.isEmpty() ? null : histogramPlot(title, histograms, histogramMethod);
        Plot densityPlot = densities.isEmpty() ? null : densityPlot(title, densities, histogramMethod);
        Plot spectraPlot = particleSpectra.isEmpty() && roiSpectra.isEmpty() ? null
                : spectraPlot(title, particleSpectra, roiSpectra);
        ImagePlus bar = colourBar && firstEnergyMap != null ? colourBar(firstEnergyMap) : null;
        return new XanesImages(images, mask, labels, table, histogramPlot, List.copyOf(densities), densityPlot,
                spectraPlot, bar);
    }

    /** The map name of an edge-energy method (white_line gives white_line_energy). */
    public static String mapName(EdgeMethod method) {
        return method == EdgeMethod.WHITE_LINE ? "white_line_energy" : method.key();
    }

    /** The image of an edge-energy method's map, or null when it was not computed. */
    public ImagePlus edgeEnergy(EdgeMethod method) {
        return method == null ? null : maps.get(mapName(method));
    }

    static boolean isEnergyMap(String name) {
        return name.equals("half_height") || name.equals("half_height_cubic") || name.equals("max_derivative")
                || name.equals("white_line_energy");
    }

    /** The series' spatial calibration without its time (energy) axis. */
    private static Calibration volumeCalibration(ImagePlus source) {
        Calibration cal = source.getCalibration().copy();
        cal.frameInterval = 0;
        return cal;
    }

    private static ImagePlus volume(String title, float[][] planes, EnergySeries s, Calibration cal) {
        ImageStack stack = new ImageStack(s.width(), s.height());
        for (float[] plane : planes) {
            stack.addSlice(null, new FloatProcessor(s.width(), s.height(), plane));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setCalibration(cal.copy());
        imp.resetDisplayRange();
        return imp;
    }

    /** Edge-energy LUT, display range over the finite values, value unit eV. */
    private static void showAsEnergy(ImagePlus imp) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int z = 1; z <= imp.getStackSize(); z++) {
            for (float v : (float[]) imp.getStack().getPixels(z)) {
                if (Float.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        imp.getProcessor().setLut(new LUT(LutLoader.getLut(ENERGY_LUT), 0, 255));
        if (min <= max) {
            imp.setDisplayRange(min, max == min ? min + 1 : max);
        }
        imp.getCalibration().setValueUnit("eV");
    }

    private static ImagePlus maskImage(String title, byte[][] mask, EnergySeries s, Calibration cal) {
        ImageStack stack = new ImageStack(s.width(), s.height());
        for (byte[] plane : mask) {
            byte[] px = new byte[plane.length];
            for (int i = 0; i < px.length; i++) {
                px[i] = plane[i] != 0 ? (byte) 255 : 0;
            }
            stack.addSlice(null, new ByteProcessor(s.width(), s.height(), px));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setCalibration(cal.copy());
        return imp;
    }

    private static ImagePlus labelImage(String title, Components c, Calibration cal) {
        ImageStack stack = new ImageStack(c.width(), c.height());
        for (int[] plane : c.labels()) {
            float[] px = new float[plane.length];
            for (int i = 0; i < px.length; i++) {
                px[i] = plane[i];
            }
            stack.addSlice(null, new FloatProcessor(c.width(), c.height(), px));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setCalibration(cal.copy());
        imp.getProcessor().setLut(new LUT(LutLoader.getLut("3-3-2 RGB"), 0, Math.max(1, c.count())));
        imp.setDisplayRange(0, Math.max(1, c.count()));
        return imp;
    }

    private static ResultsTable particleTable(List<EdgeHistogram> histograms, List<EdgeDensity> densities,
                                              Components c) {
        ResultsTable rt = new ResultsTable();
        for (int l = 1; l <= c.count(); l++) {
            rt.incrementCounter();
            rt.addValue("particle", l);
            rt.addValue("voxels", c.size(l));
            EdgeHistogram h = l - 1 < histograms.size() ? histograms.get(l - 1) : null;
            rt.addValue("mapped_voxels", h == null ? Double.NaN : h.voxels());
            rt.addValue("peak_eV", h == null ? Double.NaN : h.peakEv());
            rt.addValue("mean_eV", h == null ? Double.NaN : h.meanEv());
            rt.addValue("sd_eV", h == null ? Double.NaN : h.sdEv());
            rt.addValue("fwhm_eV", h == null ? Double.NaN : h.fwhmEv());
            EdgeDensity d = l - 1 < densities.size() ? densities.get(l - 1) : null;
            rt.addValue("kde_peak_eV", d == null ? Double.NaN : d.peakEv());
            rt.addValue("kde_bandwidth_eV", d == null ? Double.NaN : d.bandwidthEv());
        }
        rt.setDecimalPlaces(rt.getColumnIndex("peak_eV"), 3);
        return rt;
    }

    private static final Color[] CURVE_COLOURS = {
        Color.BLUE, Color.RED, new Color(0, 140, 0), Color.MAGENTA, Color.ORANGE, Color.CYAN.darker(),
        Color.DARK_GRAY, Color.PINK.darker(),
    };

    private static Plot histogramPlot(String series, List<EdgeHistogram> histograms, EdgeMethod method) {
        Plot plot = new Plot("Edge-energy histograms of " + series + " (" + method.key() + ")", "Edge energy (eV)",
                "Probability density (1/eV)");
        StringBuilder legend = new StringBuilder();
        for (int i = 0; i < histograms.size(); i++) {
            EdgeHistogram h = histograms.get(i);
            if (h.bins() == 0) {
                continue;
            }
            double[] x = new double[h.bins()];
            for (int b = 0; b < x.length; b++) {
                x[b] = h.binCentre(b);
            }
            plot.setColor(CURVE_COLOURS[i % CURVE_COLOURS.length]);
            plot.add("line", x, h.density());
            legend.append(legend.length() == 0 ? "" : "\n").append(String.format(java.util.Locale.ROOT,
                    "particle %d: peak %.2f eV, FWHM %.2f eV", h.label(), h.peakEv(), h.fwhmEv()));
        }
        plot.setColor(Color.BLACK);
        plot.addLegend(legend.toString());
        plot.setLimitsToFit(false);
        return plot;
    }

    /** Each particle's kernel density as a smooth curve in the colour of its histogram. */
    private static Plot densityPlot(String series, List<EdgeDensity> densities, EdgeMethod method) {
        Plot plot = new Plot("Edge-energy densities of " + series + " (" + method.key() + ")", "Edge energy (eV)",
                "Probability density (1/eV)");
        StringBuilder legend = new StringBuilder();
        for (int i = 0; i < densities.size(); i++) {
            EdgeDensity d = densities.get(i);
            if (d.energiesEv().length == 0) {
                continue;
            }
            plot.setColor(CURVE_COLOURS[i % CURVE_COLOURS.length]);
            plot.setLineWidth(2);
            plot.add("line", d.energiesEv(), d.density());
            legend.append(legend.length() == 0 ? "" : "\n").append(String.format(java.util.Locale.ROOT,
                    "particle %d: peak %.2f eV, bandwidth %.2f eV", d.label(), d.peakEv(), d.bandwidthEv()));
        }
        plot.setLineWidth(1);
        plot.setColor(Color.BLACK);
        plot.addLegend(legend.toString());
        plot.setLimitsToFit(false);
        return plot;
    }

    private static Plot spectraPlot(String series, List<RegionSpectrum> particles,
            Map<String, RegionSpectrum> rois) {
        Plot plot = new Plot("Mean normalised spectra of " + series, "Energy (eV)", "Normalised absorption");
        List<String> names = new ArrayList<>();
        int i = 0;
        for (RegionSpectrum s : particles) {
            addSpectrum(plot, s, i++);
            names.add("particle " + s.label() + " (" + s.voxels() + " voxels)");
        }
        for (Map.Entry<String, RegionSpectrum> r : rois.entrySet()) {
            addSpectrum(plot, r.getValue(), i++);
            names.add(r.getKey() + " (" + r.getValue().voxels() + " voxels)");
        }
        plot.setColor(Color.BLACK);
        plot.addLegend(String.join("\n", names));
        plot.setLimitsToFit(false);
        return plot;
    }

    private static void addSpectrum(Plot plot, RegionSpectrum s, int index) {
        plot.setColor(CURVE_COLOURS[index % CURVE_COLOURS.length]);
        plot.add("connected circle", s.energiesEv(), s.mean());
        plot.addErrorBars(s.sd());
    }

    /** A vertical colour bar of the map's LUT with its display range written in eV. */
    private static ImagePlus colourBar(ImagePlus energyMap) {
        int w = 160;
        int h = 280;
        int barX = 20;
        int barW = 30;
        int top = 20;
        int barH = h - 2 * top;
        ColorProcessor cp = new ColorProcessor(w, h);
        cp.setColor(Color.WHITE);
        cp.fill();
        LUT lut = energyMap.getProcessor().getLut();
        for (int y = 0; y < barH; y++) {
            int index = (int) Math.round(255.0 * (barH - 1 - y) / (barH - 1));
            cp.setColor(new Color(lut.getRGB(index)));
            cp.fillRect(barX, top + y, barW, 1);
        }
        cp.setColor(Color.BLACK);
        cp.drawRect(barX, top, barW, barH);
        cp.setFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 12));
        cp.setAntialiasedText(true);
        double min = energyMap.getDisplayRangeMin();
        double max = energyMap.getDisplayRangeMax();
        for (int k = 0; k <= 4; k++) {
            double v = min + (max - min) * k / 4;
            int y = top + barH - (int) Math.round(barH * k / 4.0);
            cp.drawLine(barX + barW, y, barX + barW + 4, y);
            cp.drawString(String.format(java.util.Locale.ROOT, "%.1f eV", v), barX + barW + 8, y + 6);
        }
        return new ImagePlus("Colour bar of " + energyMap.getTitle(), cp);
    }
}
