package org.fusionj.workflow.registration;

import java.util.List;

import ij.gui.Plot;
import ij.measure.ResultsTable;

import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.PairResult;

/** The per-volume results table and the MSE-versus-energy plot (built, not shown). */
public final class RegistrationTables {

    private RegistrationTables() {
    }

    /**
     * One row per volume: energy, quality before and after, iterations, the shift of the volume centre and the 12
     * matrix entries (fixed voxel -> moving voxel).
     *
     * @param energies null for a pair
     */
    public static ResultsTable table(List<PairResult> results, double[] energies, double[] centre) {
        ResultsTable rt = new ResultsTable();
        rt.setPrecision(6);
        for (int i = 0; i < results.size(); i++) {
            PairResult r = results.get(i);
            rt.incrementCounter();
            rt.addValue("frame", i + 1);
            if (energies != null) {
                rt.addValue("energy_eV", energies[i]);
            }
            rt.addValue("mse_before", r.before().mse());
            rt.addValue("mse_after", r.after().mse());
            rt.addValue("dice_before", r.before().dice());
            rt.addValue("dice_after", r.after().dice());
            rt.addValue("iterations", r.iterations());
            rt.addValue("particles", r.particles().size());
            double[] shift = r.global().centreShift(centre);
            rt.addValue("shift_x", shift[0]);
            rt.addValue("shift_y", shift[1]);
            rt.addValue("shift_z", shift[2]);
            AffineTransform3D t = r.global();
            for (int row = 0; row < 3; row++) {
                for (int col = 0; col < 4; col++) {
                    rt.addValue("m" + row + col, t.get(row, col));
                }
            }
        }
        return rt;
    }

    /** MSE against the fixed volume per energy, before and after registration. */
    public static Plot msePlot(List<PairResult> results, double[] energies) {
        return RegistrationFigures.plot(RegistrationFigures.mse(results, energies), null);
    }
}
