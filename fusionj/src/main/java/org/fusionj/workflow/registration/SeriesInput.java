package org.fusionj.workflow.registration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.measure.Calibration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.SeriesRegistrar;
import org.fusionj.core.registration.SpectralVolumes;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.spectral.Energies;
import org.fusionj.core.spectral.SpectralSeries;
import org.fusionj.workflow.SpectralImages;

/**
 * A spectro-tomography series as the 3-D registration reads it: a {@link SpectralSeries} (the series type XANES
 * mapping shares) from a hyperstack with the energies as frames, or from a list of 3-D volume files, one per energy.
 * Volumes are converted (or opened) one at a time, when the registration asks.
 */
public final class SeriesInput implements SeriesRegistrar.VolumeSource {

    private final SpectralSeries series;
    private final SpectralVolumes volumes;
    private final Calibration calibration;
    private final List<Path> files;

    private SeriesInput(SpectralSeries series, Calibration calibration, List<Path> files) {
        this.series = series;
        this.volumes = new SpectralVolumes(series);
        this.calibration = calibration;
        this.files = List.copyOf(files);
    }

    /** The frames of a hyperstack (slices = z, frames = energies). */
    public static SeriesInput ofHyperstack(ImagePlus imp, double[] energies) {
        org.fusionj.workflow.ImagePlanes.requireGreyscale(imp);
        if (imp.getNChannels() > 1) {
            throw new InvalidInputException(imp.getTitle() + " has " + imp.getNChannels() + " channels; a series has "
                    + "one channel, the slices in z and the energies as frames");
        }
        int frames = imp.getNFrames();
        if (frames < 2) {
            throw new InvalidInputException(imp.getTitle() + " has " + frames + " frame: a series needs one 3-D "
                    + "volume per energy, the energies as frames (Image > Hyperstacks > Stack to Hyperstack); for "
                    + "two single volumes use Register Two Volumes");
        }
        if (imp.getNSlices() < 2) {
            throw new InvalidInputException(imp.getTitle() + " has 1 slice per frame: its volumes are 2-D images; "
                    + "registration needs 3-D volumes (several slices per frame)");
        }
        return new SeriesInput(SpectralImages.of(imp, energies), imp.getCalibration().copy(), List.of());
    }

    /** One 3-D volume file per energy (any format {@link org.fusionj.io.ImageFiles} opens). */
    public static SeriesInput ofFiles(List<Path> files, double[] energies) throws IOException {
        SpectralSeries s = SpectralImages.ofFiles(files, energies);
        return new SeriesInput(s, SpectralImages.calibration(s.voxelSize()), files);
    }

    /** Any spectral series (2-D or 3-D frames). */
    public static SeriesInput of(SpectralSeries series) {
        return new SeriesInput(series, SpectralImages.calibration(series.voxelSize()), List.of());
    }

    /** Refuses a missing list, one of the wrong length, or one that does not strictly increase. */
    public static void checkEnergies(double[] energies, int count, String what) {
        Energies.check(energies, count, 1, what, "series");
    }

    /** Index of the fixed energy: "highest" (or blank) = the last; else the energy nearest the number (within 0.5 eV). */
    public int fixedIndex(String fixedEnergy) {
        return series.index(fixedEnergy, RegistrationKeys.FIXED_ENERGY);
    }

    @Override
    public int count() {
        return series.count();
    }

    @Override
    public Volume volume(int index) {
        return volumes.volume(index);
    }

    @Override
    public String name(int index) {
        return series.name(index);
    }

    public String title() {
        return series.title();
    }

    /** Voxels of one volume (the first one's, for a list of files). */
    public long voxelsPerVolume() {
        return (long) series.width() * series.height() * series.depth();
    }

    /** The volume files, for a series given as files (empty for a hyperstack). */
    public List<Path> files() {
        return files;
    }

    public double[] energies() {
        return series.energies();
    }

    public Calibration calibration() {
        return calibration.copy();
    }

    /** The series this input reads. */
    public SpectralSeries series() {
        return series;
    }
}
