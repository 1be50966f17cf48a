package org.fusionj.workflow.xanes;

import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Plot;
import ij.measure.ResultsTable;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.EnergyWindow;
import org.fusionj.core.xanes.LcfParameters;
import org.fusionj.core.xanes.SpectraMatrix;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.core.xanes.phase.KMeans;
import org.fusionj.core.xanes.phase.Nmf;
import org.fusionj.core.xanes.phase.Pca;

/**
 * Phases without reference spectra, from an ImageJ series to images, tables and plots (built, not shown, not saved):
 * PCA (scree table and plot, component images), k-means (cluster label image, mean spectra), NMF (component spectra,
 * weight images). The spectra are those of the voxels the XANES mapping maps (same normalisation, mask and jump
 * test), over a window relative to E0.
 */
public final class XanesPhases {

    /**
     * What to compute; a count of 0 skips that analysis.
     *
     * @param window        energies used, relative to E0 [{@code phase_window}, default -20,30]
     * @param pcaComponents component images of PCA, 0 to the window's energies [{@code pca_components}, 3]
     * @param clusters      k-means clusters, 0 or 2 to the mapped voxels [{@code clusters}, 0]
     * @param nmfComponents NMF components, 0 to the window's energies [{@code nmf_components}, 0]
     * @param seed          seed of k-means++ and of NMF's start [{@code seed}, 1]
     * @param iterations    most k-means / NMF iterations [{@code phase_iterations}, 200]
     */
    public record Options(EnergyWindow window, int pcaComponents, int clusters, int nmfComponents, long seed,
                          int iterations) {

        public Options {
            if (window == null) {
                throw new InvalidInputException("phase_window is missing");
            }
            if (pcaComponents < 0 || clusters < 0 || nmfComponents < 0) {
                throw new InvalidInputException("pca_components, clusters and nmf_components must be >= 0");
            }
            if (clusters == 1) {
                throw new InvalidInputException("clusters must be 0 (none) or at least 2, got 1");
            }
            if (pcaComponents == 0 && clusters == 0 && nmfComponents == 0) {
                throw new InvalidInputException("nothing to compute: give pca_components, clusters or "
                        + "nmf_components");
            }
            Require.atLeastOne("phase_iterations", iterations);
        }

        public static Options defaults() {
            return new Options(LcfParameters.DEFAULT_FIT_WINDOW, 3, 0, 0, 1, 200);
        }
    }

    /**
     * @param pca        PCA, or null
     * @param kmeans     k-means, or null
     * @param nmf        NMF, or null
     * @param scores     PCA component images (channels = components, slices = z), or null
     * @param screePlot  eigenvalues against component number (log scale), rendered, or null
     * @param screeTable component, eigenvalue, explained, cumulative
     * @param clusterMap cluster labels (0 = not mapped), or null
     * @param weights    NMF weight images (channels = components), or null
     * @param spectra    the phase spectra: energy, then cluster_k_mean/sd, nmf_k, pca_k columns
     * @param spectraPlot cluster means and NMF components against energy, rendered, or null
     */
    public record Outcome(Pca.Result pca, KMeans.Result kmeans, Nmf.Result nmf, ImagePlus scores,
                          ImagePlus screePlot, ResultsTable screeTable, ImagePlus clusterMap, ImagePlus weights,
                          ResultsTable spectra, ImagePlus spectraPlot) {
    }

    private XanesPhases() {
    }

    public static Outcome run(ImagePlus seriesImage, double[] energies, XanesParameters params, byte[][] mask,
            Options options, int threads, ProgressListener progress, CancellationToken cancel) {
        EnergySeries series = XanesInputs.series(seriesImage, energies);
        SpectraMatrix m = SpectraMatrix.of(series, params, mask, options.window(), threads, ProgressListener.NONE,
                cancel);
        if (options.pcaComponents() > m.cols() || options.nmfComponents() > m.cols()) {
            throw new InvalidInputException("the phase window holds " + m.cols() + " energies; pca_components and "
                    + "nmf_components may not exceed that");
        }
        Pca.Result pca = null;
        KMeans.Result km = null;
        Nmf.Result nmf = null;
        try (RowBlocks blocks = new RowBlocks(threads)) {
            if (options.pcaComponents() > 0) {
                progress.progress(0.1, "principal components");
                pca = Pca.of(m, options.pcaComponents(), blocks, cancel);
            }
            if (options.clusters() > 0) {
                progress.progress(0.3, "k-means");
                km = KMeans.of(m, options.clusters(), options.seed(), options.iterations(), blocks,
                        ProgressListener.NONE, cancel);
            }
            if (options.nmfComponents() > 0) {
                progress.progress(0.6, "NMF");
                nmf = Nmf.of(m, options.nmfComponents(), options.seed(), options.iterations(), blocks,
                        ProgressListener.NONE, cancel);
            }
        }
        progress.progress(1, "phases done");
        String title = seriesImage.getTitle();
        ij.measure.Calibration cal = seriesImage.getCalibration().copy();
        ImagePlus scores = pca == null ? null : channels(title + " PCA scores", pca.scores(), "PC", series, cal);
        ImagePlus weights = nmf == null ? null : channels(title + " NMF weights", nmf.weights(), "NMF", series, cal);
        ImagePlus clusters = null;
        if (km != null) {
            float[][][] lab = new float[1][series.depth()][series.planeSize()];
            for (int z = 0; z < series.depth(); z++) {
                for (int i = 0; i < series.planeSize(); i++) {
                    lab[0][z][i] = km.labels()[z][i];
                }
            }
            clusters = channels(title + " clusters", lab, "cluster", series, cal);
            clusters.setDisplayRange(0, options.clusters());
        }
        ResultsTable scree = new ResultsTable();
        if (pca != null) {
            double cum = 0;
            for (int k = 0; k < pca.eigenvalues().length; k++) {
                cum += pca.explained()[k];
                scree.incrementCounter();
                scree.addValue("component", k + 1);
                scree.addValue("eigenvalue", pca.eigenvalues()[k]);
                scree.addValue("explained", pca.explained()[k]);
                scree.addValue("cumulative", cum);
            }
        }
        ResultsTable spectra = spectraTable(m.energies(), pca, km, nmf);
        return new Outcome(pca, km, nmf, scores, pca == null ? null : screePlot(pca, title), scree, clusters,
                weights, spectra, km == null && nmf == null ? null : spectraPlot(m.energies(), km, nmf, title));
    }

    private static ImagePlus channels(String title, float[][][] maps, String label, EnergySeries s,
            ij.measure.Calibration cal) {
        ImageStack stack = new ImageStack(s.width(), s.height());
        for (int z = 0; z < s.depth(); z++) {
            for (int c = 0; c < maps.length; c++) {
                stack.addSlice(label + " " + (c + 1), maps[c][z]);
            }
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(maps.length, s.depth(), 1);
        if (maps.length > 1 || s.depth() > 1) {
            imp.setOpenAsHyperStack(true);
        }
        imp.setCalibration(cal);
        imp.resetDisplayRange();
        return imp;
    }

    private static ResultsTable spectraTable(double[] e, Pca.Result pca, KMeans.Result km, Nmf.Result nmf) {
        ResultsTable t = new ResultsTable();
        t.setPrecision(6);
        for (int i = 0; i < e.length; i++) {
            t.incrementCounter();
            t.addValue("energy_eV", e[i]);
            if (km != null) {
                for (int c = 0; c < km.centres().length; c++) {
                    t.addValue("cluster_" + (c + 1) + "_mean", km.centres()[c][i]);
                    t.addValue("cluster_" + (c + 1) + "_sd", km.sd()[c][i]);
                }
            }
            if (nmf != null) {
                for (int c = 0; c < nmf.components().length; c++) {
                    t.addValue("nmf_" + (c + 1), nmf.components()[c][i]);
                }
            }
            if (pca != null) {
                t.addValue("pca_mean", pca.mean()[i]);
                for (int c = 0; c < pca.components().length; c++) {
                    t.addValue("pca_" + (c + 1), pca.components()[c][i]);
                }
            }
        }
        return t;
    }

    private static ImagePlus screePlot(Pca.Result pca, String title) {
        int n = pca.eigenvalues().length;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = k + 1;
            y[k] = Math.max(pca.eigenvalues()[k], 1e-30);
        }
        Plot plot = new Plot("PCA scree: " + title, "Component", "Eigenvalue");
        plot.setLogScaleY();
        plot.setColor(java.awt.Color.BLUE);
        plot.add("connected circle", x, y);
        plot.setLimitsToFit(false);
        return plot.getImagePlus();
    }

    private static final java.awt.Color[] COLOURS = {java.awt.Color.BLUE, java.awt.Color.RED,
        new java.awt.Color(0, 150, 0), java.awt.Color.MAGENTA, java.awt.Color.ORANGE, java.awt.Color.CYAN};

    private static ImagePlus spectraPlot(double[] e, KMeans.Result km, Nmf.Result nmf, String title) {
        Plot plot = new Plot("Phase spectra: " + title, "Energy (eV)", "Normalised absorption");
        StringBuilder legend = new StringBuilder();
        int c = 0;
        if (km != null) {
            for (int k = 0; k < km.centres().length; k++, c++) {
                plot.setColor(COLOURS[c % COLOURS.length]);
                plot.add("line", e, km.centres()[k]);
                legend.append(legend.length() == 0 ? "" : "\t").append(String.format(Locale.ROOT,
                        "cluster %d (%d voxels)", k + 1, km.sizes()[k]));
            }
        }
        if (nmf != null) {
            for (int k = 0; k < nmf.components().length; k++, c++) {
                plot.setColor(COLOURS[c % COLOURS.length]);
                plot.add("dot", e, nmf.components()[k]);
                legend.append(legend.length() == 0 ? "" : "\t").append("NMF ").append(k + 1);
            }
        }
        plot.setColor(java.awt.Color.BLACK);
        plot.addLegend(legend.toString());
        plot.setLimitsToFit(false);
        return plot.getImagePlus();
    }
}
