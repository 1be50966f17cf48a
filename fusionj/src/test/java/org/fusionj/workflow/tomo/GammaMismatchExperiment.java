package org.fusionj.workflow.tomo;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusionj.core.fusion.phantom.PhantomScore;
import org.fusionj.core.tomo.JosephProjector;
import org.fusionj.core.tomo.TiltSeries;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoFusionSolver;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoScore;

/**
 * Experiment harness (not a test; run by hand with the test class path) for docs/fusion-tomography.md, "Choosing
 * gamma, and what a wrong one costs": phantoms simulated with one HAADF model ({@code simulate-tomo}'s gamma and
 * weight_method) and reconstructed with another ({@code fuse-tomo}'s), every other value each command's default.
 * The values go through the two commands' schemas ({@link TomoKeys#SIMULATE_SCHEMA}, {@link TomoKeys#SCHEMA}) and
 * the solver {@code fuse-tomo} calls, on the arrays its TIFFs hold, so a cell is what the CLI pair gives; scored as
 * the docs' other figures ({@link TomoScore}: NRMSE per element against the truth, least-squares gain and offset).
 *
 * <pre>java -cp ... org.fusionj.workflow.tomo.GammaMismatchExperiment SIZE SEEDS DATA RECON [THREADS]</pre>
 * {@code SEEDS} e.g. {@code 1,2}; {@code DATA} and {@code RECON} lists of {@code gamma/weight_method} pairs, e.g.
 * {@code 1.2/1,1.6/1,2/1}. One line per cell: data model, reconstruction model, NRMSE per element and mean, the
 * HAADF residual (below), seconds.
 *
 * <p>The HAADF residual is what a user can compute without the truth: the RMS, in counts, of the HAADF data minus
 * {@code k P(sum_e w_e x_e^gamma) + c} with the reconstruction's own gamma and weights, {@code k} and {@code c}
 * fitted by least squares (so it compares runs at different gammas); the Poisson floor, the RMS of the noise alone,
 * is about {@code sqrt(mean counts)}.
 */
public final class GammaMismatchExperiment {

    private GammaMismatchExperiment() {
    }

    public static void main(String[] args) {
        int size = Integer.parseInt(args[0]);
        String[] seeds = args[1].split(",");
        String[] data = args[2].split(",");
        String[] recon = args[3].split(",");
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        for (String seed : seeds) {
            for (String d : data) {
                String[] dm = d.split("/");
                Map<String, String> sim = new HashMap<>(Map.of("size", Integer.toString(size), "seed", seed,
                        TomoKeys.GAMMA, dm[0], TomoKeys.WEIGHT_METHOD, dm[1]));
                TomoPhantom phantom = TomoPhantom.generate(SimulatedTomo.spec(TomoKeys.SIMULATE_SCHEMA.read(sim::get)),
                        threads);
                for (String r : recon) {
                    String[] rm = r.split("/");
                    Map<String, String> fuse = Map.of(TomoKeys.GAMMA, rm[0], TomoKeys.WEIGHT_METHOD, rm[1]);
                    long t0 = System.nanoTime();
                    TomoFusionResult result = new TomoFusionSolver(threads).solve(phantom.problem(),
                            TomoKeys.parameters(fuse::get));
                    double sec = (System.nanoTime() - t0) / 1e9;
                    double[] s = TomoScore.nrmse(phantom, result.volumes());
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                            "%d^3 seed %s | data gamma %s wm %s | fuse gamma %s wm %s |", size, seed, dm[0], dm[1],
                            rm[0], rm[1]));
                    List<String> symbols = phantom.symbols();
                    for (int e = 0; e < s.length; e++) {
                        line.append(String.format(Locale.ROOT, " %s %.3f", symbols.get(e), s[e]));
                    }
                    line.append(String.format(Locale.ROOT, " | mean %.3f | HAADF residual %.2f (floor %.2f) | %.0f s",
                            TomoScore.mean(s), haadfResidual(phantom, result, Double.parseDouble(rm[0])),
                            Math.sqrt(mean(phantom.problem().haadf().pixels())), sec));
                    System.out.println(line);
                }
            }
        }
    }

    /** RMS of {@code b - (k P(sum w x^gamma) + c)} over the HAADF series, {@code (k, c)} fitted by least squares. */
    static double haadfResidual(TomoPhantom phantom, TomoFusionResult r, double gamma) {
        TiltSeries b = phantom.problem().haadf();
        int w = r.width();
        int d = r.depth();
        float[] model = new float[w * d * r.height()];
        double[] wt = r.weights();
        for (int e = 0; e < r.volumes().size(); e++) {
            float[] x = r.volumes().get(e);
            for (int i = 0; i < model.length; i++) {
                model[i] += (float) (wt[e] * Math.pow(Math.max(0, x[i]), gamma));
            }
        }
        double[] angles = b.angles();
        JosephProjector p = new JosephProjector(w, d, angles);
        float[] sino = new float[angles.length * w];
        float[] projected = new float[b.pixels().length];
        for (int y = 0; y < r.height(); y++) {
            p.project(model, y * w * d, sino);
            for (int a = 0; a < angles.length; a++) {
                System.arraycopy(sino, a * w, projected, b.rowOffset(a, y), w);
            }
        }
        float[] fitted = PhantomScore.calibrate(projected, b.pixels());
        double ss = 0;
        for (int i = 0; i < fitted.length; i++) {
            double v = fitted[i] - b.pixels()[i];
            ss += v * v;
        }
        return Math.sqrt(ss / fitted.length);
    }

    private static double mean(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s / a.length;
    }
}
