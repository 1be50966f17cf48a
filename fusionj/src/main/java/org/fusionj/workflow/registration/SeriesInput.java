package org.fusionj.workflow.registration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import ij.ImagePlus;
import ij.measure.Calibration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.xanes.EnergyLists;
import org.fusionj.core.registration.SeriesRegistrar;
import org.fusionj.core.registration.Volume;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.ImagePlanes;

/**
 * A spectro-tomography series as the registration reads it: a hyperstack with the energies as frames, or a list of
 * 3-D volume files, one per energy. Volumes are converted (or opened) one at a time, when the registration asks.
 */
public final class SeriesInput implements SeriesRegistrar.VolumeSource {

    private final String title;
    private final int count;
    private final double[] energies;
    private final Calibration calibration;
    private final IntFunction<Volume> loader;
    private final long voxelsPerVolume;
    private final List<Path> files;

    private SeriesInput(String title, int count, double[] energies, Calibration calibration,
            IntFunction<Volume> loader, long voxelsPerVolume, List<Path> files) {
        this.title = title;
        this.count = count;
        this.energies = energies;
        this.calibration = calibration;
        this.loader = loader;
        this.voxelsPerVolume = voxelsPerVolume;
        this.files = List.copyOf(files);
    }

    /** The frames of a hyperstack (slices = z, frames = energies). */
    public static SeriesInput ofHyperstack(ImagePlus imp, double[] energies) {
        ImagePlanes.requireGreyscale(imp);
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
        checkEnergies(energies, frames, imp.getTitle() + " has " + frames + " frames");
        return new SeriesInput(imp.getTitle(), frames, energies.clone(), imp.getCalibration().copy(),
                i -> Volumes.frame(imp, i + 1), (long) imp.getWidth() * imp.getHeight() * imp.getNSlices(), List.of());
    }

    /** One 3-D volume file per energy (any format {@link ImageFiles} opens). */
    public static SeriesInput ofFiles(List<Path> files, double[] energies) throws IOException {
        if (files.size() < 2) {
            throw new InvalidInputException(files.size() + " volume file given: a series needs at least 2");
        }
        checkEnergies(energies, files.size(), files.size() + " volume files were given");
        ImagePlus first = ImageFiles.open(files.get(0).toString());
        return new SeriesInput(files.get(0).getFileName().toString(), files.size(), energies.clone(),
                first.getCalibration().copy(), i -> {
                    try {
                        ImagePlus imp = i == 0 ? first : ImageFiles.open(files.get(i).toString());
                        return Volumes.single(imp, "volume file " + files.get(i).getFileName());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, (long) first.getWidth() * first.getHeight() * first.getStackSize(), files);
    }

    /** Refuses a missing list, one of the wrong length, or one that does not strictly increase. */
    public static void checkEnergies(double[] energies, int count, String what) {
        if (energies == null) {
            throw new InvalidInputException("no energies: give them typed, from a file, or in the image's metadata");
        }
        if (energies.length != count) {
            throw new InvalidInputException(what + " but " + energies.length + " energies were given");
        }
        for (int i = 0; i < energies.length; i++) {
            if (!Double.isFinite(energies[i])) {
                throw new InvalidInputException("energy " + (i + 1) + " is not a number: " + energies[i]);
            }
            if (i > 0 && !(energies[i] > energies[i - 1])) {
                throw new InvalidInputException(String.format(Locale.ROOT, "energies must increase from frame to "
                        + "frame: energy %d (%s eV) follows %s eV", i + 1, EnergyLists.text(energies[i]),
                        EnergyLists.text(energies[i - 1])));
            }
        }
    }

    /** Index of the fixed energy: "highest" (or blank) = the last; else the energy nearest the number (within 0.5 eV). */
    public int fixedIndex(String fixedEnergy) {
        if (fixedEnergy == null || fixedEnergy.isBlank()
                || fixedEnergy.trim().equalsIgnoreCase(RegistrationKeys.HIGHEST)) {
            return count - 1;
        }
        double e;
        try {
            e = Double.parseDouble(fixedEnergy.trim());
        } catch (NumberFormatException ex) {
            throw new InvalidInputException(RegistrationKeys.FIXED_ENERGY + " must be 'highest' or an energy in eV, "
                    + "got '" + fixedEnergy + "'");
        }
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (Math.abs(energies[i] - e) < Math.abs(energies[best] - e)) {
                best = i;
            }
        }
        if (Math.abs(energies[best] - e) > 0.5) {
            throw new InvalidInputException(String.format(Locale.ROOT, "the fixed energy %s eV is not one of the "
                    + "series' energies (%s to %s eV)", fixedEnergy.trim(), EnergyLists.text(energies[0]),
                    EnergyLists.text(energies[count - 1])));
        }
        return best;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public Volume volume(int index) {
        return loader.apply(index);
    }

    @Override
    public String name(int index) {
        return String.format(Locale.ROOT, "energy %s eV (frame %d)", energies[index], index + 1);
    }

    public String title() {
        return title;
    }

    /** Voxels of one volume (the first one's, for a list of files). */
    public long voxelsPerVolume() {
        return voxelsPerVolume;
    }

    /** The volume files, for a series given as files (empty for a hyperstack). */
    public List<Path> files() {
        return files;
    }

    public double[] energies() {
        return energies.clone();
    }

    public Calibration calibration() {
        return calibration.copy();
    }
}
