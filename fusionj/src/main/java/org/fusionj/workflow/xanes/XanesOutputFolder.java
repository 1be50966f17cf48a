package org.fusionj.workflow.xanes;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;

import org.fusionj.core.xanes.EdgeDensity;
import org.fusionj.core.xanes.EdgeHistogram;
import org.fusionj.core.xanes.EdgeMethod;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.ReferenceSpectrum;
import org.fusionj.core.xanes.RegionSpectrum;
import org.fusionj.core.xanes.XanesMaps;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.io.Hdf5Writer;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.Version;

/**
 * Saves a XANES run: one TIFF per map ({@code half_height.tif}, ...; names as in {@link XanesMaps#namedMaps()}),
 * {@code mask.tif}, with particles {@code particles.tif}, {@code particles.csv}, {@code histograms.csv},
 * {@code densities.csv} and {@code densities.png} (kernel densities, with an edge-energy map), the mean
 * spectra in {@code spectra.csv}, the energies in {@code energies.txt}, and on request {@code xanes.h5} (every map
 * plus the parameters as attributes). Through the run's claimed {@link OutputFolder}: no overwriting unless asked,
 * whole sets only, no partial files.
 */
public final class XanesOutputFolder {

    public static final String HDF5_NAME = "xanes.h5";
    /** The per-particle kernel densities (with particles and an edge-energy map): curves and plot. */
    public static final String DENSITIES = "densities.csv";
    public static final String DENSITIES_PLOT = "densities.png";

    private XanesOutputFolder() {
    }

    /** The map names a run with these parameters produces, in {@link XanesMaps#namedMaps()} order. */
    /** The map names a run with these parameters writes (one TIFF or Zarr array each). */
    public static List<String> mapNames(XanesParameters p) {
        List<String> names = new ArrayList<>();
        if (p.edgeJumpMap()) {
            names.add("edge_jump");
        }
        for (EdgeMethod m : EdgeMethod.values()) {
            if (p.has(m)) {
                names.add(XanesImages.mapName(m));
                if (m == EdgeMethod.WHITE_LINE) {
                    names.add("white_line_height");
                }
            }
        }
        if (p.lcf() != null) {
            for (ReferenceSpectrum r : p.lcf().references()) {
                names.add("fraction_" + r.name());
            }
            names.add("lcf_residual");
        }
        return names;
    }

    static List<String> fileNames(XanesParameters p, boolean particles, boolean hdf5) {
        List<String> files = new ArrayList<>();
        for (String m : mapNames(p)) {
            files.add(m + ".tif");
        }
        files.add("mask.tif");
        if (particles) {
            files.addAll(List.of("particles.tif", "particles.csv", "histograms.csv"));
            if (XanesJob.histogramMethod(p) != null) {
                files.addAll(List.of(DENSITIES, DENSITIES_PLOT));
            }
        }
        files.add("spectra.csv");
        files.add("energies.txt");
        if (hdf5) {
            files.add(HDF5_NAME);
        }
        return files;
    }

    /** Bytes on disk, about: one float TIFF per map, the mask, the particle labels and the HDF5 copy of the maps. */
    static long estimatedBytes(long voxels, int maps, boolean particles, boolean hdf5) {
        return 4 * voxels * (maps + (hdf5 ? maps : 0) + (particles ? 1 : 0)) + voxels + (1 << 20);
    }

    /** Writes every planned file into the run's claimed folder (committed by the caller). */
    static void stage(OutputFolder out, boolean hdf5, XanesParameters params, EnergySeries series, XanesMaps maps,
                      XanesImages images, List<EdgeHistogram> histograms, List<RegionSpectrum> particleSpectra,
                      Map<String, RegionSpectrum> roiSpectra) throws IOException {
        boolean particles = images.labels() != null;
        for (Map.Entry<String, ImagePlus> m : images.maps().entrySet()) {
            out.stageTiff(m.getKey() + ".tif", m.getValue());
        }
        out.stageTiff("mask.tif", images.mask());
        if (particles) {
            out.stageTiff("particles.tif", images.labels());
            out.stage("particles.csv", tmp -> images.particleTable().saveAs(tmp.toString()));
            out.stage("histograms.csv", tmp -> writeHistograms(tmp, histograms));
            if (XanesJob.histogramMethod(params) != null) {
                out.stage(DENSITIES, tmp -> writeDensities(tmp, images.densities()));
                out.stage(DENSITIES_PLOT, tmp -> savePng(images.densityPlot() != null ? images.densityPlot()
                        : new ij.gui.Plot("Edge-energy densities (no particle mapped)", "Edge energy (eV)",
                        "Probability density (1/eV)"), tmp));
            }
        }
        out.stage("spectra.csv", tmp -> writeSpectra(tmp, particleSpectra, roiSpectra));
        out.stage("energies.txt", tmp -> Files.writeString(tmp,
                EnergyLists.text(series.energiesEv()).replace(",", "\n") + "\n", StandardCharsets.UTF_8));
        if (hdf5) {
            out.stage(HDF5_NAME, tmp -> writeHdf5(tmp, params, series, maps));
        }
    }

    /** densities.csv: particle, bandwidth_eV, energy_eV (grid), density_per_eV (the kernel density estimates). */
    public static void writeDensities(Path file, List<EdgeDensity> densities) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("particle,bandwidth_eV,energy_eV,density_per_eV");
            for (EdgeDensity d : densities) {
                for (int i = 0; i < d.energiesEv().length; i++) {
                    w.printf(Locale.ROOT, "%d,%.6f,%.6f,%.8g%n", d.label(), d.bandwidthEv(), d.energiesEv()[i],
                            d.density()[i]);
                }
            }
        }
    }

    private static void savePng(ij.gui.Plot plot, Path file) throws IOException {
        if (!new ij.io.FileSaver(plot.getImagePlus()).saveAsPng(file.toString())) {
            throw new IOException("could not save " + plot.getTitle() + " as PNG");
        }
    }

    /** histograms.csv: particle, energy_eV (bin centre), count, density_per_eV. */
    public static void writeHistograms(Path file, List<EdgeHistogram> histograms) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("particle,energy_eV,count,density_per_eV");
            for (EdgeHistogram h : histograms) {
                for (int b = 0; b < h.bins(); b++) {
                    w.printf(Locale.ROOT, "%d,%.6f,%d,%.8g%n", h.label(), h.binCentre(b), h.counts()[b],
                            h.density()[b]);
                }
            }
        }
    }

    /** spectra.csv: region, voxels, energy_eV, mean, sd (one row per region and energy; particles first). */
    public static void writeSpectra(Path file, List<RegionSpectrum> particles, Map<String, RegionSpectrum> rois)
            throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("region,voxels,energy_eV,mean,sd");
            for (RegionSpectrum s : particles) {
                rows(w, "particle " + s.label(), s);
            }
            for (Map.Entry<String, RegionSpectrum> r : rois.entrySet()) {
                rows(w, r.getKey().replace(',', ' '), r.getValue());
            }
        }
    }

    private static void rows(PrintWriter w, String region, RegionSpectrum s) {
        for (int e = 0; e < s.energiesEv().length; e++) {
            w.printf(Locale.ROOT, "%s,%d,%.4f,%.8g,%.8g%n", region, s.voxels(), s.energiesEv()[e], s.mean()[e],
                    s.sd()[e]);
        }
    }

    private static void writeHdf5(Path file, XanesParameters p, EnergySeries s, XanesMaps maps) throws IOException {
        try (Hdf5Writer h5 = Hdf5Writer.create(file, true)) {
            h5.writeDataset("energies_eV", s.energiesEv());
            for (Map.Entry<String, float[][]> m : maps.namedMaps().entrySet()) {
                h5.writeDataset(m.getKey(), volume(m.getValue(), s));
            }
            h5.attribute(XanesKeys.E0, p.e0Ev())
                    .attribute(XanesKeys.PRE_EDGE, p.preEdge().key())
                    .attribute(XanesKeys.POST_EDGE, p.postEdge().key())
                    .attribute(XanesKeys.POST_ORDER, p.postEdgeOrder())
                    .attribute(XanesKeys.JUMP_THRESHOLD, p.jumpThreshold())
                    .attribute(XanesKeys.EDGE_WINDOW, p.edgeWindow().key())
                    .attribute(XanesKeys.WHITE_LINE_WINDOW, p.whiteLineWindow().key())
                    .attribute("software", "FusionJ " + Version.get())
                    .attribute("voxels_mapped", (double) maps.counts().included());
        }
    }

    /** A (depth, rows, cols) array of the planes. */
    private static org.fusionj.io.NdArray volume(float[][] planes, EnergySeries s) {
        double[] data = new double[planes.length * s.planeSize()];
        for (int z = 0; z < planes.length; z++) {
            for (int i = 0; i < s.planeSize(); i++) {
                data[z * s.planeSize() + i] = planes[z][i];
            }
        }
        return new org.fusionj.io.NdArray(new int[] {planes.length, s.height(), s.width()}, data, "<f4");
    }
}
