package org.fusionj.workflow.xanes;

import java.io.IOException;
import java.nio.file.Path;

import ij.ImagePlus;

import org.fusionj.core.spectral.Energies;
import org.fusionj.workflow.SpectralImages;
import org.fusionj.workflow.TextFiles;

/**
 * The X-ray energies of a series, as the front-ends have called them until now: each method delegates to the series
 * type's own parsing ({@link Energies}) and metadata ({@link SpectralImages}), which registration shares.
 *
 * @deprecated use {@link Energies}, {@link SpectralImages} and {@link TextFiles}; kept until the front-ends move over
 */
@Deprecated
public final class EnergyLists {

    /** The image property FusionJ writes the energies to. */
    public static final String PROPERTY = SpectralImages.PROPERTY;

    private EnergyLists() {
    }

    public static double[] parse(String text, String sourceName) {
        return Energies.parse(text, sourceName);
    }

    /** An energy rounded to 0.01 eV for labels and messages (see {@link Energies#text(double)}). */
    public static String text(double eV) {
        return Energies.text(eV);
    }

    public static double[] fromFile(Path file) throws IOException {
        return SpectralImages.energiesFromFile(file);
    }

    public static String readText(Path file, String what) throws IOException {
        return TextFiles.read(file, what);
    }

    public static double[] fromImage(ImagePlus imp) {
        return SpectralImages.energiesOf(imp);
    }

    static Double energyInLabel(String label) {
        return SpectralImages.energyInLabel(label);
    }

    public static void store(ImagePlus imp, double[] energies) {
        SpectralImages.store(imp, energies);
    }

    public static String text(double[] energies) {
        return Energies.text(energies);
    }
}
