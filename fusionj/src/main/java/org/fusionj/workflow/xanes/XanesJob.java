package org.fusionj.workflow.xanes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Roi;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.segment.Components;
import org.fusionj.core.segment.ConnectedComponents;
import org.fusionj.core.segment.Connectivity;
import org.fusionj.core.xanes.EdgeDensity;
import org.fusionj.core.xanes.EdgeHistogram;
import org.fusionj.core.xanes.EdgeMethod;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.LcfShifts;
import org.fusionj.core.xanes.RegionSpectra;
import org.fusionj.core.xanes.RegionSpectrum;
import org.fusionj.core.xanes.XanesMapper;
import org.fusionj.core.xanes.XanesMaps;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.core.xanes.XanesStatistics;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.registration.RegistrationFigures;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.registration.StackRegistration;
import org.fusionj.workflow.schema.ParamValues;

/**
 * One XANES mapping run from an ImageJ series to result images, tables, plots and (optionally) files: the
 * sequence every front-end follows. Inputs, the output folder and the memory are checked before any work.
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
     * @param registration    the 2-D stack registration run first ({@link #registerFirst}), else null
     * @param phases          the phase analysis ({@link #phases}), else null
     * @param lcfShifts       the fitted energy shift per reference, eV ({@link #lcfMaxShift}), else null
     */
    public record Outcome(EnergySeries series, XanesMaps maps, EdgeMethod histogramMethod, Components particles,
                          List<EdgeHistogram> histograms, List<RegionSpectrum> particleSpectra,
                          Map<String, RegionSpectrum> roiSpectra, XanesImages images, List<Path> written,
                          double millis, StackRegistration.Outcome registration, XanesPhases.Outcome phases,
                          double[] lcfShifts) {
    }

    /** Files of the phase analysis and of the LCF shifts. */
    public static final String LCF_SHIFTS = "lcf_shifts.csv";
    public static final String PCA_SCORES = "pca_scores.tif";
    public static final String PCA_SCREE = "pca_scree.csv";
    public static final String PCA_SCREE_PLOT = "pca_scree.png";
    public static final String CLUSTERS = "clusters.tif";
    public static final String NMF_WEIGHTS = "nmf_weights.tif";
    public static final String PHASE_SPECTRA = "phase_spectra.csv";
    public static final String PHASE_SPECTRA_PLOT = "phase_spectra.png";

    private final XanesParameters params;
    private final RunContext run;
    private ImagePlus maskImage;
    private boolean particles;
    private Connectivity connectivity = Connectivity.TWENTY_SIX;
    // the dialogs' and the schema's default (XanesKeys.MIN_VOXELS): fragments of a few noisy voxels are not particles
    private long minVoxels = 10;
    private double binWidthEv = 0.25;
    private Map<String, Roi> rois = Map.of();
    private boolean colourBar;
    private boolean hdf5;
    private RegistrationParameters registration;
    private String fixedEnergy;
    private StackRegistration.Correction correction;
    private boolean registrationMask;
    private String differenceEnergy = RegistrationKeys.LARGEST;
    private XanesPhases.Options phaseOptions;
    private double lcfMaxShift;

    /** @param run threads, progress, cancel and where to save (the output is a folder) */
    public XanesJob(XanesParameters params, RunContext run) {
        this.params = params;
        this.run = run;
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

    /** When saving (see {@link RunContext#saveTo}), also write an HDF5 file of all maps. */
    public XanesJob hdf5(boolean withHdf5) {
        this.hdf5 = withHdf5;
        return this;
    }

    /** Also run a phase analysis (PCA, k-means or NMF) on the mapped voxels' spectra (null: none). */
    public XanesJob phases(XanesPhases.Options options) {
        this.phaseOptions = options;
        return this;
    }

    /**
     * Fit an energy shift per LCF reference (up to {@code maxShiftEv} either way) on the mean spectrum of the mapped
     * voxels before mapping the fractions with the shifted references; 0: none. Needs reference spectra.
     */
    public XanesJob lcfMaxShift(double maxShiftEv) {
        this.lcfMaxShift = maxShiftEv;
        return this;
    }

    /**
     * Register the series first (a 2-D stack, raw counts corrected when {@code c} asks): the maps are computed on
     * the registered stack, and the registration's files ({@link RegistrationJob#stackFileNames()}) are saved with
     * the maps, in the same claimed folder and commit.
     *
     * @param c              flat/dark/i0 correction, or null
     * @param otsuMask       map only the pixels inside the registration's Otsu mask at every energy (besides the
     *                       jump threshold), instead of {@link #mask}
     */
    public XanesJob registerFirst(RegistrationParameters p, String fixedEnergyChoice, StackRegistration.Correction c,
            boolean otsuMask) {
        this.registration = p;
        this.fixedEnergy = fixedEnergyChoice;
        this.correction = c;
        this.registrationMask = otsuMask;
        return this;
    }

    /**
     * The register route as {@link XanesKeys#SCHEMA} asks for it, the same in every front-end: with
     * {@code register}, the registration options read from {@code v} and the correction; without it, a correction
     * or {@code registration_mask} is refused (they would be silently ignored).
     *
     * @param c flat/dark/i0 correction of the front-end's inputs, or null
     */
    public XanesJob registerFirst(ParamValues v, StackRegistration.Correction c) {
        if (!v.bool(XanesKeys.REGISTER)) {
            if (c != null && c.any()) {
                throw new InvalidInputException(XanesKeys.FLAT + ", " + XanesKeys.DARK + " and " + XanesKeys.I0
                        + " correct the raw 2-D stack before its registration: turn on " + XanesKeys.REGISTER
                        + " (or leave them out)");
            }
            if (v.bool(XanesKeys.REGISTRATION_MASK)) {
                throw new InvalidInputException(XanesKeys.REGISTRATION_MASK + " needs " + XanesKeys.REGISTER
                        + " (the mask of the registration run first)");
            }
            return this;
        }
        this.differenceEnergy = v.text(RegistrationKeys.DIFFERENCE_ENERGY);
        return registerFirst(RegistrationKeys.parameters(v), v.text(RegistrationKeys.FIXED_ENERGY), c,
                v.bool(XanesKeys.REGISTRATION_MASK));
    }

    public Outcome run(ImagePlus seriesImage, double[] energies) throws IOException {
        EnergySeries input = XanesInputs.series(seriesImage, energies);
        if (registration != null && input.depth() != 1) {
            throw new InvalidInputException("registering before mapping is for 2-D stacks (one image per energy); "
                    + seriesImage.getTitle() + " holds volumes: register it with Register Spectro-Tomography Series "
                    + "(fusionj register) first");
        }
        if (lcfMaxShift > 0 && params.lcf() == null) {
            throw new InvalidInputException("lcf_max_shift fits the shifts of reference spectra: give references too "
                    + "(or set lcf_max_shift to 0)");
        }
        if (registrationMask && maskImage != null) {
            throw new InvalidInputException("give a mask image or the registration's mask, not both");
        }
        byte[][] mask = maskImage == null ? null : XanesInputs.mask(maskImage, input);
        Map<String, byte[][]> roiMasks = new LinkedHashMap<>();
        rois.forEach((name, roi) -> roiMasks.put(name, XanesInputs.roiMask(roi, input)));
        List<ImagePlus> inputs = new ArrayList<>(List.of(seriesImage));
        if (maskImage != null) {
            inputs.add(maskImage);
        }
        List<String> names = new ArrayList<>(XanesOutputFolder.fileNames(params, particles, hdf5));
        names.addAll(extraNames());
        List<Path> inputFiles = new ArrayList<>(RunContext.filesOf(inputs));
        if (registration != null) {
            names.addAll(RegistrationJob.seriesFileNames(differenceEnergy, RegistrationJob.stackFileNames()));
            RegistrationFigures.differenceIndex(differenceEnergy, energies, null, -1);
            inputFiles.addAll(RegistrationJob.stackInputs(seriesImage, correction));
        }
        OutputPlan plan = run.inputs(inputFiles).folderPlan(names);
        int mapCount = XanesOutputFolder.mapNames(params).size();
        if (plan != null) {
            plan = plan.estimatedBytes(XanesOutputFolder.estimatedBytes(input.voxelCount(), mapCount, particles,
                    hdf5));
        }
        MemoryEstimate memory = new MemoryEstimate(String.format(Locale.ROOT, "mapping %d x %d x %d voxels (%d "
                + "maps)", input.width(), input.height(), input.depth(), mapCount),
                peakBytes(input.voxelCount(), mapCount, particles, plan != null && hdf5,
                        new XanesMapper(1).sharesWidth(params))
                        + (registration == null ? 0 : RegistrationJob.stackPeakBytes(seriesImage, correction))
                        + (phaseOptions == null ? 0 : phasePeakBytes(input.voxelCount(), windowEnergies(input))));
        try (OutputFolder out = run.begin(plan, memory)) {
            int threads = run.threads();
            CancellationToken cancel = run.cancel();
            long start = System.nanoTime();
            EnergySeries series = input;
            StackRegistration.Outcome registered = null;
            if (registration != null) {
                registered = StackRegistration.run(seriesImage, energies, correction, registration, fixedEnergy,
                        threads, run.progress(), cancel);
                series = XanesInputs.series(registered.registered(), energies);
                if (registrationMask) {
                    mask = registered.everyMask();
                }
                if (out != null) {
                    RegistrationJob.stageStack(out, registration, registered, RegistrationJob.stackDifference(
                            registered, differenceEnergy, registration, threads));
                }
            }
            XanesParameters params = this.params;
            double[] shifts = null;
            if (lcfMaxShift > 0) {
                run.progress().progress(0, "fitting the LCF energy shifts");
                shifts = LcfShifts.fit(series, params, mask, lcfMaxShift, threads, cancel);
                params = params.toBuilder().lcf(params.lcf().withShifts(shifts)).build();
            }
            XanesMaps maps = new XanesMapper(threads).map(series, params, mask, run.progress(), cancel);
            EdgeMethod method = histogramMethod(params);
            Components components = null;
            List<EdgeHistogram> histograms = List.of();
            List<EdgeDensity> densities = List.of();
            List<RegionSpectrum> particleSpectra = List.of();
            RegionSpectra spectra = new RegionSpectra(threads);
            if (particles) {
                components = ConnectedComponents.label(maps.mask(), series.width(), series.height(), connectivity)
                        .keepAtLeast(minVoxels);
                if (method != null) {
                    histograms = XanesStatistics.histograms(maps.edgeEnergy(method), components.labels(),
                            components.count(), binWidthEv);
                    densities = XanesStatistics.densities(maps.edgeEnergy(method), components.labels(),
                            components.count());
                }
                particleSpectra = spectra.ofLabels(series, params, components.labels(), components.count(),
                        ProgressListener.NONE, cancel);
            }
            Map<String, RegionSpectrum> roiSpectra = new LinkedHashMap<>();
            for (Map.Entry<String, byte[][]> r : roiMasks.entrySet()) {
                roiSpectra.put(r.getKey(), spectra.ofMask(series, params, r.getValue(), ProgressListener.NONE,
                        cancel));
            }
            ImagePlus mapped = registered == null ? seriesImage : registered.registered();
            XanesPhases.Outcome phases = phaseOptions == null ? null : XanesPhases.run(mapped, energies, params, mask,
                    phaseOptions, threads, run.progress(), cancel);
            double millis = (System.nanoTime() - start) / 1e6;
            XanesImages images = XanesImages.of(mapped, series, params, maps, method, components, histograms,
                    densities, particleSpectra, roiSpectra, colourBar);
            List<Path> written = List.of();
            if (out != null) {
                XanesOutputFolder.stage(out, hdf5, params, series, maps, images, histograms, particleSpectra,
                        roiSpectra);
                stageExtra(out, params, shifts, phases);
                written = out.commit();
            }
            return new Outcome(series, maps, method, components, histograms, particleSpectra, roiSpectra, images,
                    written, millis, registered, phases, shifts);
        }
    }

    /** Energies of the series inside the phase window. */
    private int windowEnergies(EnergySeries s) {
        int n = 0;
        for (double e : s.energiesEv()) {
            n += phaseOptions.window().contains(params.e0Ev(), e) ? 1 : 0;
        }
        return n;
    }

    /**
     * The phase analysis' peak, at most: the spectra matrix (a float per mapped voxel and energy of the window; every
     * voxel counted) twice (centred copy or NMF factors) and the component images.
     */
    static long phasePeakBytes(long voxels, int energies) {
        return MemoryEstimate.floats((double) voxels * (2.0 * energies + 8));
    }

    /** The files of the phase analysis and the LCF shifts this run writes. */
    private List<String> extraNames() {
        List<String> names = new ArrayList<>();
        if (lcfMaxShift > 0) {
            names.add(LCF_SHIFTS);
        }
        if (phaseOptions != null) {
            if (phaseOptions.pcaComponents() > 0) {
                names.addAll(List.of(PCA_SCORES, PCA_SCREE, PCA_SCREE_PLOT));
            }
            if (phaseOptions.clusters() > 0) {
                names.add(CLUSTERS);
            }
            if (phaseOptions.nmfComponents() > 0) {
                names.add(NMF_WEIGHTS);
            }
            names.add(PHASE_SPECTRA);
            if (phaseOptions.clusters() > 0 || phaseOptions.nmfComponents() > 0) {
                names.add(PHASE_SPECTRA_PLOT);
            }
        }
        return names;
    }

    private void stageExtra(OutputFolder out, XanesParameters p, double[] shifts, XanesPhases.Outcome phases)
            throws IOException {
        if (shifts != null) {
            StringBuilder csv = new StringBuilder("reference,shift_eV\n");
            List<String> refs = p.lcf().names();
            for (int i = 0; i < shifts.length; i++) {
                csv.append(refs.get(i)).append(',').append(String.format(Locale.ROOT, "%.4f", shifts[i]))
                        .append('\n');
            }
            out.stage(LCF_SHIFTS, tmp -> java.nio.file.Files.writeString(tmp, csv.toString(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        if (phases == null) {
            return;
        }
        if (phases.scores() != null) {
            out.stageTiff(PCA_SCORES, phases.scores());
            out.stage(PCA_SCREE, tmp -> phases.screeTable().saveAs(tmp.toString()));
            out.stage(PCA_SCREE_PLOT, tmp -> png(phases.screePlot(), tmp));
        }
        if (phases.clusterMap() != null) {
            out.stageTiff(CLUSTERS, phases.clusterMap());
        }
        if (phases.weights() != null) {
            out.stageTiff(NMF_WEIGHTS, phases.weights());
        }
        out.stage(PHASE_SPECTRA, tmp -> phases.spectra().saveAs(tmp.toString()));
        if (phases.spectraPlot() != null) {
            out.stage(PHASE_SPECTRA_PLOT, tmp -> png(phases.spectraPlot(), tmp));
        }
    }

    private static void png(ImagePlus plot, Path file) throws IOException {
        if (!new ij.io.FileSaver(plot).saveAsPng(file.toString())) {
            throw new IOException("could not save " + plot.getTitle() + " as PNG");
        }
    }

    /**
     * Bytes the run allocates at its peak beyond what is in use when it is checked (the series and its float copy):
     * the maps (a float per voxel each; the result images wrap them), the mask, the labels (kernel and image) with
     * particles, the HDF5 copies (a float per voxel each, plus one double volume being converted) when saving it,
     * and with a fitted max_derivative the first pass's white-line widths and noise levels (a float per voxel each).
     */
    static long peakBytes(long voxels, int maps, boolean particles, boolean hdf5, boolean widthVotes) {
        double floats = voxels * ((double) maps + (particles ? 2 : 0) + (hdf5 ? maps + 2 : 0) + (widthVotes ? 2 : 0));
        return MemoryEstimate.floats(floats) + 2 * voxels;
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
