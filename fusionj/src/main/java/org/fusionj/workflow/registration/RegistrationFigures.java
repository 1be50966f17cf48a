package org.fusionj.workflow.registration;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.Calibration;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.spectral.Energies;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.PairRegistrar;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.PreparedVolume;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.RegistrationQuality;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.progress.CancellationToken;

/**
 * The paper's Fig. 3 as outputs every route can save: the MSE of the binarised volumes against the fixed one per
 * energy, before and after registration (data as CSV text, and a plot rendered to an image without opening a window:
 * red before, blue after, the series named in the title), and the squared-difference volume of one energy before
 * and after.
 */
public final class RegistrationFigures {

    /** MSE per volume; {@code energies} are frame numbers (1, 2, ...) in two-volume mode. */
    public record MseData(double[] energies, boolean electronVolts, double[] before, double[] after) {

        /** "energy_eV,mse_before,mse_after" (or "frame,...") and one line per volume, 17 significant digits. */
        public String csv() {
            StringBuilder sb = new StringBuilder(electronVolts ? "energy_eV" : "frame").append(
                    ",mse_before,mse_after\n");
            for (int i = 0; i < energies.length; i++) {
                sb.append(TransformsJson.num(energies[i])).append(',').append(TransformsJson.num(before[i]))
                        .append(',').append(TransformsJson.num(after[i])).append('\n');
            }
            return sb.toString();
        }
    }

    private RegistrationFigures() {
    }

    /** @param energies eV per volume, or null for frame numbers */
    public static MseData mse(List<PairResult> results, double[] energies) {
        int n = results.size();
        double[] x = new double[n];
        double[] before = new double[n];
        double[] after = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = energies == null ? i + 1 : energies[i];
            before[i] = results.get(i).before().mse();
            after[i] = results.get(i).after().mse();
        }
        return new MseData(x, energies != null, before, after);
    }

    /** The MSE plot, built and rendered (no window): an image ready to save as PNG. */
    public static ImagePlus msePlot(MseData d, String seriesTitle) {
        return plot(d, seriesTitle).getImagePlus();
    }

    /** The MSE plot (before red, after blue, with a legend); {@code seriesTitle} null: no series in the title. */
    public static Plot plot(MseData d, String seriesTitle) {
        Plot plot = new Plot("Registration MSE vs energy" + (seriesTitle == null ? "" : ": " + seriesTitle),
                d.electronVolts() ? "Energy (eV)" : "Frame", "MSE (binarised)");
        plot.setColor(Color.RED);
        plot.setLineWidth(2);
        plot.add("connected circle", d.energies(), d.before());
        plot.setLabel(-1, "before");
        plot.setColor(Color.BLUE);
        plot.add("connected circle", d.energies(), d.after());
        plot.setLabel(-1, "after");
        plot.setColor(Color.BLACK);
        plot.setLineWidth(1);
        plot.addLegend("before\tafter");
        plot.setLimitsToFit(false);
        return plot;
    }

    /**
     * The energy whose squared-difference figure a series run saves ({@link RegistrationKeys#DIFFERENCE_ENERGY}):
     * {@code largest} (or blank), the energy with the largest MSE against the fixed one before registration (where
     * the figure shows most), {@code none} (-1), or an energy in eV (the nearest within 0.5 eV; see
     * {@link Energies#index}).
     *
     * @param results per energy, in index order; null to check the choice against the energies only (before the
     *                run: a word, or an energy of the series), which then returns the energy's index or -1
     */
    public static int differenceIndex(String choice, double[] energies, List<PairResult> results, int fixedIndex) {
        String c = choice == null ? "" : choice.trim().toLowerCase(Locale.ROOT);
        if (c.equals(RegistrationKeys.NONE)) {
            return -1;
        }
        if (c.isEmpty() || c.equals(RegistrationKeys.LARGEST)) {
            if (results == null) {
                return -1;
            }
            int best = -1;
            for (int i = 0; i < results.size(); i++) {
                if (i != fixedIndex && (best < 0 || results.get(i).before().mse() > results.get(best).before().mse())) {
                    best = i;
                }
            }
            return best;
        }
        try {
            Double.parseDouble(c);
        } catch (NumberFormatException notAnEnergy) {
            throw new InvalidInputException(RegistrationKeys.DIFFERENCE_ENERGY + " must be '" + RegistrationKeys.LARGEST
                    + "', '" + RegistrationKeys.NONE + "' or an energy in eV, got '" + choice.trim() + "'");
        }
        return Energies.index(energies, c, RegistrationKeys.DIFFERENCE_ENERGY);
    }

    /**
     * The squared difference of the binarised fixed and moving volumes before (centres aligned) and after (with
     * {@code result}'s global transform) as a two-frame hyperstack (frame 1 before, 2 after), calibrated like the
     * fixed volume. Prepares both volumes as the registration did.
     */
    public static ImagePlus squaredDifference(Volume fixed, Volume moving, PairResult result,
            RegistrationParameters params, Calibration cal, String title, int threads) {
        try (RowBlocks blocks = new RowBlocks(threads)) {
            PairRegistrar r = new PairRegistrar(params, blocks, CancellationToken.NEVER);
            PreparedVolume f = r.prepare(fixed, "the fixed volume");
            PreparedVolume m = r.prepare(moving, "the moving volume");
            return squaredDifference(f, m, PairRegistrar.centresAligned(fixed, moving), result, cal, title, blocks);
        }
    }

    /**
     * The same from the volumes as the registration prepared them ({@code start}: the centres-aligned transform the
     * registration started from), without preparing them again.
     */
    public static ImagePlus squaredDifference(PreparedVolume f, PreparedVolume m, AffineTransform3D start,
            PairResult result, Calibration cal, String title, RowBlocks blocks) {
        int nx = f.original().nx();
        int ny = f.original().ny();
        int nz = f.original().nz();
        {
            Volume before = RegistrationQuality.squaredDifference(f, m, start, blocks);
            Volume after = RegistrationQuality.squaredDifference(f, m, result.global(), blocks);
            ij.ImageStack stack = new ij.ImageStack(nx, ny);
            for (Volume v : new Volume[] {before, after}) {
                for (float[] s : v.toSlices()) {
                    stack.addSlice(v == before ? "before" : "after", s);
                }
            }
            ImagePlus imp = new ImagePlus(title, stack);
            imp.setDimensions(1, nz, 2);
            imp.setOpenAsHyperStack(true);
            if (cal != null) {
                imp.setCalibration(cal.copy());
            }
            imp.setDisplayRange(0, 1);
            imp.setProp("FusionJ.figure", String.format(Locale.ROOT, "squared difference of the binarised "
                    + "volumes; frame 1 before (MSE %.6f), frame 2 after (MSE %.6f)", result.before().mse(),
                    result.after().mse()));
            return imp;
        }
    }
}
