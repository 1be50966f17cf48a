package org.fusionj.workflow.xanes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Roi;

import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.segment.Components;
import org.fusionj.core.segment.ConnectedComponents;
import org.fusionj.core.segment.Connectivity;
import org.fusionj.core.xanes.EdgeHistogram;
import org.fusionj.core.xanes.EdgeMethod;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.RegionSpectra;
import org.fusionj.core.xanes.RegionSpectrum;
import org.fusionj.core.xanes.XanesMapper;
import org.fusionj.core.xanes.XanesMaps;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.core.xanes.XanesStatistics;
import org.fusionj.workflow.OutputFolder;

/**
 * One XANES mapping run from an ImageJ series to result images, tables, plots and (optionally) files: the
 * sequence every front-end follows. Inputs and the output folder are checked before any work.
 */
public final class XanesJob {

    /**
     * @param series          the kernels' view of the input
     * @param maps            the computed maps
     * @param histogramMethod the edge-energy map the particle statistics use (null when none was computed)
     * @param particles       connected components of the mask (null unless asked)
     * @param histograms      per-particle edge-energy histograms (empty unless asked)
     * @param particleSpectra mean +- SD normalised spectrum per particle (empty unless asked)
     * @param roiSpectra      the same per named ROI
     * @param images          the result images, tables and plots (not shown)
     * @param written         saved files
     * @param millis          wall time of the computation, in milliseconds
     */
    public record Outcome(EnergySeries series, XanesMaps maps, EdgeMethod histogramMethod, Components particles,
                          List<EdgeHistogram> histograms, List<RegionSpectrum> particleSpectra,
                          Map<String, RegionSpectrum> roiSpectra, XanesImages images, List<Path> written,
                          double millis) {
    }

    private final XanesParameters params;
    private final int threads;
    private ProgressListener progress = ProgressListener.NONE;
    private CancellationToken cancel = CancellationToken.NEVER;
    private ImagePlus maskImage;
    private boolean particles;
    private Connectivity connectivity = Connectivity.TWENTY_SIX;
    private long minVoxels = 1;
    private double binWidthEv = 0.25;
    private Map<String, Roi> rois = Map.of();
    private boolean colourBar;
    private Path outputDir;
    private boolean overwrite;
    private boolean hdf5;

    public XanesJob(XanesParameters params, int threads) {
        this.params = params;
        this.threads = threads;
    }

    public XanesJob progress(ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    public XanesJob cancellation(CancellationToken token) {
        this.cancel = token;
        return this;
    }

    /** Only voxels where this image is nonzero are mapped (null: all). */
    public XanesJob mask(ImagePlus mask) {
        this.maskImage = mask;
        return this;
    }

    /** Label the particles (connected components of the mask) and compute their histograms and spectra. */
    public XanesJob particles(Connectivity c, long minParticleVoxels, double histogramBinEv) {
        this.particles = true;
        this.connectivity = c;
        this.minVoxels = minParticleVoxels;
        this.binWidthEv = histogramBinEv;
        return this;
    }

    /** Mean spectra of these ROIs (by name). */
    public XanesJob rois(Map<String, Roi> namedRois) {
        this.rois = new LinkedHashMap<>(namedRois);
        return this;
    }

    public XanesJob colourBar(boolean show) {
        this.colourBar = show;
        return this;
    }

    /** Save into {@code dir} (null: do not save), with an HDF5 file of all maps when {@code withHdf5}. */
    public XanesJob saveTo(Path dir, boolean overwriteExisting, boolean withHdf5) {
        this.outputDir = dir;
        this.overwrite = overwriteExisting;
        this.hdf5 = withHdf5;
        return this;
    }

    public Outcome run(ImagePlus seriesImage, double[] energies) throws IOException {
        EnergySeries series = XanesInputs.series(seriesImage, energies);
        byte[][] mask = maskImage == null ? null : XanesInputs.mask(maskImage, series);
        Map<String, byte[][]> roiMasks = new LinkedHashMap<>();
        rois.forEach((name, roi) -> roiMasks.put(name, XanesInputs.roiMask(roi, series)));
        if (outputDir != null) {
            OutputFolder.checkWritable(outputDir, XanesOutputFolder.fileNames(params, particles, hdf5), overwrite);
        }
        long start = System.nanoTime();
        XanesMaps maps = new XanesMapper(threads).map(series, params, mask, progress, cancel);
        EdgeMethod method = histogramMethod(params);
        Components components = null;
        List<EdgeHistogram> histograms = List.of();
        List<RegionSpectrum> particleSpectra = List.of();
        RegionSpectra spectra = new RegionSpectra(threads);
        if (particles) {
            components = ConnectedComponents.label(maps.mask(), series.width(), series.height(), connectivity)
                    .keepAtLeast(minVoxels);
            if (method != null) {
                histograms = XanesStatistics.histograms(maps.edgeEnergy(method), components.labels(),
                        components.count(), binWidthEv);
            }
            particleSpectra = spectra.ofLabels(series, params, components.labels(), components.count(),
                    ProgressListener.NONE, cancel);
        }
        Map<String, RegionSpectrum> roiSpectra = new LinkedHashMap<>();
        for (Map.Entry<String, byte[][]> r : roiMasks.entrySet()) {
            roiSpectra.put(r.getKey(), spectra.ofMask(series, params, r.getValue(), ProgressListener.NONE, cancel));
        }
        double millis = (System.nanoTime() - start) / 1e6;
        XanesImages images = XanesImages.of(seriesImage, series, params, maps, method, components, histograms,
                particleSpectra, roiSpectra, colourBar);
        List<Path> written = outputDir == null ? List.of()
                : XanesOutputFolder.write(outputDir, overwrite, hdf5, params, series, maps, images, histograms,
                        particleSpectra, roiSpectra);
        return new Outcome(series, maps, method, components, histograms, particleSpectra, roiSpectra, images,
                written, millis);
    }

    /** The edge-energy map the statistics use: the first requested, in the order of {@link EdgeMethod}. */
    static EdgeMethod histogramMethod(XanesParameters p) {
        for (EdgeMethod m : EdgeMethod.values()) {
            if (p.has(m)) {
                return m;
            }
        }
        return null;
    }
}
