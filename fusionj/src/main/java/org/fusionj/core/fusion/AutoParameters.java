package org.fusionj.core.fusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;

/**
 * Chooses, per element, {@code lambda_chem}, {@code lambda_tv}, {@code n_iter_tv} and the number of outer
 * iterations, from the data, by held-out validation against the maps' own noise.
 *
 * <p>Why these knobs. With the few FGP iterations fusion uses, each TV step is a fixed smoothing and the number of
 * outer iterations is itself a regulariser: the maps start from the measured ones and every iteration moves them
 * towards what the HAADF image explains. A heavy element, which the HAADF describes well, gains from many
 * iterations at a small {@code lambda_chem}; a light one from a few strongly smoothed ones. One setting for all
 * elements (as in the notebooks) is a compromise; this class chooses per element (measured on the phantom family,
 * docs/fusion.md).
 *
 * <p>Method. Each map is split into two independent halves of its noise:
 * <ul>
 *   <li>count maps (non-negative multiples of one quantum, e.g. raw or scaled X-ray counts): Poisson thinning, each
 *       count kept in the training half with probability {@code p} (binomial), the rest held out. For Poisson counts
 *       the halves are independent Poisson maps of the same specimen at doses {@code p} and {@code 1 - p};</li>
 *   <li>other maps: Gaussian data fission, {@code y + tau z} and {@code y - z / tau}, {@code z} drawn from the noise
 *       estimated at each pixel ({@link NoiseModel}); independent halves for Gaussian white noise (a filtered map
 *       breaks that, and the notes say so).</li>
 * </ul>
 * Each training half is scaled to [0, 1] by its full map's range times its share of the counts (the solver would
 * otherwise scale it by its own maximum, a noisier order statistic at the lower dose, which shrinks the map against
 * the HAADF model and changes how fast the iterations move: the choice of {@code n_iter} went wrong with it).
 * The training halves are fused (with the same HAADF) along each setting of {@link Options#paths()} for
 * {@code n_iter} iterations, and after every iteration each fused map is scored by how well it predicts the
 * held-out half: the squared error after the best affine calibration (a gain and an offset, since a map's scale is
 * arbitrary). Each element takes the setting of its best score; then the mixed setting is fused once more on the
 * training halves and each element takes the iteration of its best score there (the elements interact through the
 * HAADF model, so the iteration is chosen with the others at their own settings). That mixed configuration and
 * every path for all elements are compared on each element's held-out error less its noise floor (what a perfect
 * map would score: an estimate of the squared error against the held-out part's mean, plus the floor's own
 * standard error): the one with the lowest geometric mean over the elements wins among those that cost no element
 * more than {@link #MAX_LOSS} against the best path for all elements (one setting, as in the notebooks). When that
 * rules out the mixed configuration, the elements it hurt are moved to that path and the result is run and compared
 * too. The result is the base parameters with {@link ElementOverrides}.
 *
 * <p>Cost: (paths + 1) runs, or (paths + 2) when elements are moved, of at most {@code n_iter} iterations on a crop
 * of at most {@link Options#maxPixels()} pixels, each ending once no element's held-out error has improved for
 * {@link Options#patience()} iterations: with the default three paths about three solves (the smoothing path ends
 * early; less on images larger than the crop), plus scoring. A crop is scaled by the whole image's ranges, as the
 * final solve scales it. Every choice is deterministic: the splits use a fixed seed and visit the pixels in order,
 * and the solver is bit-identical for any thread count.
 */
public final class AutoParameters {

    /**
     * One setting of the ladder.
     *
     * @param lambdaChem   {@code lambda_chem}
     * @param lambdaTv     {@code lambda_tv}
     * @param tvIterations {@code n_iter_tv}
     */
    public record Candidate(double lambdaChem, double lambdaTv, int tvIterations) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.3g/%.3g/%d", lambdaChem, lambdaTv, tvIterations);
        }
    }

    /** How the maps were split into training and held-out halves. */
    public enum Criterion {
        /** Binomial thinning of count maps: exact for Poisson counts. */
        POISSON_THINNING,
        /** Gaussian fission with an estimated noise model: for maps that are not counts. */
        GAUSSIAN_FISSION
    }

    /**
     * The default paths: "trust the HAADF, barely smooth" (many iterations pay), "trust the map, smooth" (a few
     * iterations pay), and between them "trust the HAADF, smooth weak contrasts" (3 FGP iterations at a small
     * {@code lambda_tv}: the duals saturate on strong edges and noise spikes, low-contrast noise is smoothed; it
     * converges more slowly). The third was added when the first two could not reach the notebook's best on heavy
     * elements of particle specimens (bimetallic Au, catalyst Pt and Co: the ladder, not the held-out criterion,
     * was short there; docs/fusion.md).
     */
    public static final List<Candidate> DEFAULT_PATHS = List.of(
            new Candidate(0.002, 0.005, 1),
            new Candidate(0.04, 0.1, 3),
            new Candidate(0.003, 0.003, 3));

    /**
     * A path's run ends once no element's held-out error has improved for this many iterations: the later iterations
     * would not be chosen (the smoothing path's best comes within a few iterations; without the early end it cost a
     * whole solve). The iterations not run score as never chosen.
     */
    public static final int DEFAULT_PATIENCE = 6;

    /**
     * The share of the counts in the training half. Validation at a share p chooses the smoothing that suits the
     * data at p times their dose, and lower doses want more smoothing. With a half (0.5) some heavy and middle
     * elements were stopped early or given the strongly smoothed path; 0.8 keeps the choice close to the full dose
     * while the held-out fifth still ranks the settings (measured on the family and on new seeds: docs/fusion.md).
     */
    public static final double DEFAULT_TRAIN_FRACTION = 0.8;

    /** The least floor error counted, relative to the noise floor ({@link #logSignalError}). */
    static final double MIN_SIGNAL_ERROR = 1e-3;

    /**
     * Settings of the search.
     *
     * @param paths         the settings each element chooses from
     * @param trainFraction share of the counts (or weight of the fission) in the training half, in (0, 1)
     * @param maxPixels     the search runs on a centred crop of at most this many pixels
     * @param seed          seed of the splits
     * @param patience      a run ends once no element's held-out error has improved for this many iterations
     *                      (at least 1; {@code Integer.MAX_VALUE}: every run goes to {@code n_iter})
     */
    public record Options(List<Candidate> paths, double trainFraction, int maxPixels, long seed, int patience) {

        public Options {
            paths = List.copyOf(paths);
            if (paths.isEmpty()) {
                throw new InvalidInputException("automatic parameters need at least one path");
            }
            if (!(trainFraction > 0 && trainFraction < 1)) {
                throw new InvalidInputException("training fraction must be in (0, 1), got " + trainFraction);
            }
            if (maxPixels < 64 * 64) {
                throw new InvalidInputException("the search crop needs at least 64 x 64 pixels");
            }
            if (patience < 1) {
                throw new InvalidInputException("patience must be at least 1 iteration, got " + patience);
            }
        }

        /** Every run to {@code n_iter} (no early end). */
        public Options(List<Candidate> paths, double trainFraction, int maxPixels, long seed) {
            this(paths, trainFraction, maxPixels, seed, Integer.MAX_VALUE);
        }

        public static Options defaults() {
            return new Options(DEFAULT_PATHS, DEFAULT_TRAIN_FRACTION, 512 * 512, 0x5EEDL, DEFAULT_PATIENCE);
        }

        public Options withPaths(List<Candidate> newPaths) {
            return new Options(newPaths, trainFraction, maxPixels, seed, patience);
        }
    }

    /**
     * What was chosen and why.
     *
     * @param parameters    the parameters to fuse with (the base ones with per-element overrides)
     * @param criterion     how the maps were split
     * @param paths         the settings
     * @param scores        {@code scores[k][i][e]}: held-out error of path k after iteration i + 1 for element e
     *                      (lower is better; +infinity for iterations after the run's early end)
     * @param refined       {@code refined[i][e]}: the same for the chosen mixed setting (the iteration choice)
     * @param chosen        per element, the index of the chosen path
     * @param iterations    per element, the chosen number of outer iterations
     * @param quanta        per element, the count quantum found (NaN for fission)
     * @param noiseFloor    per element, the expected held-out error of a perfect map (the held-out part's summed
     *                      noise variance); configurations are compared on the held-out errors less this
     * @param floorError    per element, the standard error of the noise floor as an estimate of the held-out part's
     *                      realised noise energy (added to every signal error in the comparisons)
     * @param cropWidth     width of the crop searched on
     * @param cropHeight    height of the crop searched on
     * @param relativeCost  outer iterations of the search (on the crop's pixels) divided by those of one solve of
     *                      the base parameters on the whole image
     * @param notes         remarks for the user (e.g. maps that look filtered)
     */
    public record Choice(FusionParameters parameters, Criterion criterion, List<Candidate> paths,
                         double[][][] scores, double[][] refined, int[] chosen, int[] iterations, double[] quanta,
                         double[] noiseFloor, double[] floorError, int cropWidth, int cropHeight, double relativeCost,
                         List<String> notes) {

        /**
         * "Sc lambda_chem 0.002, lambda_tv 0.005, n_iter_tv 1, n_iter 24; ..." for symbols in map order: what the
         * front-ends print.
         */
        public String describe(String[] symbols) {
            StringBuilder b = new StringBuilder();
            for (int e = 0; e < chosen.length; e++) {
                Candidate c = paths.get(chosen[e]);
                b.append(e > 0 ? "; " : "").append(String.format(Locale.ROOT,
                        "%s lambda_chem %.3g, lambda_tv %.3g, n_iter_tv %d, n_iter %d", symbols[e], c.lambdaChem(),
                        c.lambdaTv(), c.tvIterations(), iterations[e]));
            }
            return b.toString();
        }
    }

    private final int threads;
    private final Options options;

    public AutoParameters(int threads, Options options) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.options = options;
    }

    public AutoParameters(int threads) {
        this(threads, Options.defaults());
    }

    /**
     * Chooses per-element parameters for {@code problem}; everything else comes from {@code base} (preset, gamma,
     * weights, {@code n_iter}, {@code bkg}, threshold).
     *
     * @throws org.fusionj.core.progress.CancelledException when {@code cancel} fires
     */
    public Choice choose(FusionProblem problem, FusionParameters base, ProgressListener progress,
                         CancellationToken cancel) {
        FusionProblem crop = crop(problem, options.maxPixels());
        boolean cropped = crop != problem;
        int n = crop.elementCount();
        int pixels = crop.width() * crop.height();
        List<float[]> raw = new ArrayList<>();
        for (ElementMap m : crop.maps()) {
            raw.add(m.image().pixels());
        }
        double[] quanta = new double[n];
        boolean counts = true;
        for (int e = 0; e < n; e++) {
            quanta[e] = countQuantum(raw.get(e));
            counts &= !Double.isNaN(quanta[e]);
        }
        List<String> notes = new ArrayList<>();
        Criterion criterion = counts ? Criterion.POISSON_THINNING : Criterion.GAUSSIAN_FISSION;
        List<float[]> train = new ArrayList<>();
        List<float[]> test = new ArrayList<>();
        double[][] trainRanges = new double[n][];
        double[] noiseFloor = new double[n];
        double[] floorError = new double[n];
        for (int e = 0; e < n; e++) {
            float[][] halves;
            SplittableRandom rng = new SplittableRandom(options.seed() + 0x9E3779B97F4A7C15L * (e + 1));
            if (counts) {
                halves = thin(raw.get(e), quanta[e], options.trainFraction(), rng);
                noiseFloor[e] = poissonNoiseFloor(halves[1], quanta[e]);
                floorError[e] = poissonFloorError(halves[1], quanta[e]);
            } else {
                NoiseModel noise = NoiseModel.estimate(raw.get(e), crop.width(), crop.height());
                halves = noise.fission(raw.get(e), crop.width(), crop.height(), options.trainFraction(), rng);
                noiseFloor[e] = fissionNoiseFloor(noise, raw.get(e), options.trainFraction());
                floorError[e] = fissionFloorError(noise, raw.get(e), options.trainFraction());
                if (noise.correlation() > 0.3) {
                    notes.add(crop.symbols()[e] + ": neighbouring pixels' noise is correlated (r = "
                            + String.format(Locale.ROOT, "%.2f", noise.correlation()) + "); the map looks filtered, "
                            + "and automatic parameters assume white noise: raw counts give better choices");
                }
            }
            train.add(halves[0]);
            test.add(halves[1]);
            // Fission halves keep the map's mean but not its range (the added noise reaches below its minimum):
            // they are scaled by their own range, as the solver does.
            // On a crop, the whole map's range: the final solve scales the whole image by it (the crop's own range
            // is smaller, and the crop's maps would come out larger against the HAADF model than they will be).
            double[] fullRange = range(problem.maps().get(e).image().pixels());
            trainRanges[e] = counts ? trainingRange(fullRange, options.trainFraction(), halves[0]) : null;
            if (!counts && cropped) {
                notes.add(crop.symbols()[e] + ": the search crop's fission half is scaled by its own range, not the "
                        + "whole map's");
            }
        }
        // The HAADF of a crop on the whole image's scale, for the same reason (null: its own, the same thing).
        double[] haadfRange = cropped ? range(problem.haadf().pixels()) : null;
        List<Candidate> paths = options.paths();
        int nIter = base.iterations();
        double[][][] scores = new double[paths.size()][nIter][n];
        FusionSolver solver = new FusionSolver(threads);
        FusionProblem trainProblem = withMaps(crop, train);
        // Progress in runs: every path, the mixed run, and one unit for the run that moves elements back to the
        // baseline's path (only sometimes needed: when it is not, progress jumps over it, still rising).
        int runs = paths.size() + 2;
        long iterationsRun = 0;
        for (int k = 0; k < paths.size(); k++) {
            cancel.throwIfCancelled();
            Candidate c = paths.get(k);
            FusionParameters p = base.toBuilder().lambdaChem(c.lambdaChem()).lambdaTv(c.lambdaTv())
                    .tvIterations(c.tvIterations()).overrides(ElementOverrides.NONE).build();
            int run = k;
            iterationsRun += scoredRun(solver, trainProblem, p, test, trainRanges, haadfRange, scores[k],
                    (f, m) -> progress.progress((run + f) / runs, "automatic parameters: path " + (run + 1) + " of "
                            + paths.size()), cancel);
        }
        int[] chosen = new int[n];
        for (int e = 0; e < n; e++) {
            int best = 0;
            double bestScore = Double.POSITIVE_INFINITY;
            for (int k = 0; k < paths.size(); k++) {
                for (int i = 0; i < nIter; i++) {
                    if (scores[k][i][e] < bestScore) {
                        bestScore = scores[k][i][e];
                        best = k;
                    }
                }
            }
            chosen[e] = best;
        }
        // The mixed setting once more, to choose each element's iteration with the others at their own settings.
        double[][] refined = new double[nIter][n];
        iterationsRun += scoredRun(solver, trainProblem, mixedParameters(base, paths, chosen), test, trainRanges,
                haadfRange, refined, (f, m) -> progress.progress((paths.size() + f) / runs,
                        "automatic parameters: iterations"), cancel);
        // The candidate configurations, each element stopped at its best iteration: the mixed one and every path for
        // all elements (exactly what its run scored), compared on the estimated squared errors against the held-out
        // part's mean (logSignalError). The baseline is the best path for all elements (one setting, as in the
        // notebooks); the winner has the lowest total of the logs (the geometric mean over the elements) among the
        // configurations that cost no element more than a factor MAX_LOSS against the baseline. The total alone let
        // one element's large gain pay for another's loss (family catalyst: Pt's gain paid for Co, then for Ni).
        // The elements interact through the HAADF model, so an element's own best path can do badly beside the
        // others' (catalyst: Ni's best path beside Pt's smoothing path cost Ni 16 % against the truth). When that
        // rules the mixed configuration out, the elements that did worse in it than in the baseline are moved to the
        // baseline's path and that configuration is run too (only then: it costs one more run).
        // At very low doses the floor's estimate can lie above every held-out error reached (perovskite-vlow, one
        // count per pixel at full concentration: all of Dy's errors 1 standard error below it); the differences
        // between configurations are still exact (they share the held-out noise), so the floor is taken no higher
        // than the least error reached.
        double[] floor = new double[n];
        for (int e = 0; e < n; e++) {
            floor[e] = noiseFloor[e];
            for (double[][] run : scores) {
                for (double[] row : run) {
                    floor[e] = Math.min(floor[e], row[e]);
                }
            }
        }
        List<Configuration> configs = new ArrayList<>();
        configs.add(Configuration.of(chosen, refined, floor, floorError));
        for (int k = 0; k < paths.size(); k++) {
            int[] all = new int[n];
            java.util.Arrays.fill(all, k);
            configs.add(Configuration.of(all, scores[k], floor, floorError));
        }
        int uniform = 1;
        for (int k = 2; k <= paths.size(); k++) {
            if (configs.get(k).total() < configs.get(uniform).total()) {
                uniform = k;
            }
        }
        Configuration baseline = configs.get(uniform);
        List<String> movedSymbols = new ArrayList<>();
        double[][] refinedMoved = null;
        if (!configs.get(0).within(baseline)) {
            int[] moved = chosen.clone();
            for (int e = 0; e < n; e++) {
                if (chosen[e] != uniform - 1 && configs.get(0).logSignal[e] > baseline.logSignal[e]) {
                    moved[e] = uniform - 1;
                    movedSymbols.add(crop.symbols()[e]);
                }
            }
            if (!movedSymbols.isEmpty() && !java.util.Arrays.equals(moved, baseline.paths)) {
                cancel.throwIfCancelled();
                refinedMoved = new double[nIter][n];
                double movedStart = paths.size() + 1;
                iterationsRun += scoredRun(solver, trainProblem, mixedParameters(base, paths, moved), test,
                        trainRanges, haadfRange, refinedMoved, (f, m) -> progress.progress((movedStart + f) / runs,
                                "automatic parameters: iterations, elements moved"), cancel);
                configs.add(Configuration.of(moved, refinedMoved, floor, floorError));
            }
        }
        // The first on a tie: the mixed configuration (each element's own best) when the estimates cannot tell.
        int winner = -1;
        for (int j = 0; j < configs.size(); j++) {
            if (configs.get(j).within(baseline)
                    && (winner < 0 || configs.get(j).total() < configs.get(winner).total() - 1e-9)) {
                winner = j;
            }
        }
        Configuration win = configs.get(winner);
        if (winner >= 1 && winner <= paths.size()) {
            notes.add("every element on path " + winner + " (" + paths.get(winner - 1) + "): each element on its "
                    + "own best path predicts the held-out parts worse in total, or one of them more than "
                    + String.format(Locale.ROOT, "%.0f %%", 100 * (Math.sqrt(MAX_LOSS) - 1)) + " worse");
        } else if (winner > paths.size()) {
            notes.add(String.join(", ", movedSymbols) + " on path " + uniform + " (" + paths.get(uniform - 1)
                    + "): beside the other elements' paths their own best path did worse than that");
        }
        chosen = win.paths.clone();
        int[] iterations = win.iterations.clone();
        if (winner > paths.size()) {
            refined = refinedMoved;
        }
        List<Double> lc = new ArrayList<>();
        List<Double> lt = new ArrayList<>();
        List<Integer> nt = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            Candidate c = paths.get(chosen[e]);
            lc.add(c.lambdaChem());
            lt.add(c.lambdaTv());
            nt.add(c.tvIterations());
        }
        List<Integer> it = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            it.add(iterations[e]);
            if (iterations[e] == nIter) {
                notes.add(crop.symbols()[e] + ": still improving after n_iter = " + nIter
                        + " iterations; a larger n_iter might do better");
            }
        }
        ElementOverrides overrides = new ElementOverrides(lc, lt, nt, it);
        // The single values reported alongside: those of the first element's choice (the per-element values rule).
        Candidate first = paths.get(chosen[0]);
        FusionParameters chosenParams = base.toBuilder().lambdaChem(first.lambdaChem()).lambdaTv(first.lambdaTv())
                .tvIterations(first.tvIterations()).overrides(overrides).build();
        double cost = (double) iterationsRun / nIter * pixels / ((double) problem.width() * problem.height());
        return new Choice(chosenParams, criterion, paths, scores, refined, chosen, iterations, quanta, noiseFloor,
                floorError, crop.width(), crop.height(), cost, List.copyOf(notes));
    }

    /** The base parameters with element e on path {@code pathOf[e]}. */
    private static FusionParameters mixedParameters(FusionParameters base, List<Candidate> paths, int[] pathOf) {
        List<Double> lc = new ArrayList<>();
        List<Double> lt = new ArrayList<>();
        List<Integer> nt = new ArrayList<>();
        for (int k : pathOf) {
            lc.add(paths.get(k).lambdaChem());
            lt.add(paths.get(k).lambdaTv());
            nt.add(paths.get(k).tvIterations());
        }
        return base.toBuilder().overrides(new ElementOverrides(lc, lt, nt)).build();
    }

    /**
     * A scored configuration: per element its path, its best iteration in the configuration's run and the log signal
     * error there.
     */
    private record Configuration(int[] paths, int[] iterations, double[] logSignal) {

        static Configuration of(int[] paths, double[][] curve, double[] noiseFloor, double[] floorError) {
            int n = paths.length;
            int[] iterations = new int[n];
            double[] logSignal = new double[n];
            for (int e = 0; e < n; e++) {
                int best = 0;
                for (int i = 1; i < curve.length; i++) {
                    if (curve[i][e] < curve[best][e]) {
                        best = i;
                    }
                }
                iterations[e] = best + 1;
                logSignal[e] = logSignalError(curve[best][e], noiseFloor[e], floorError[e]);
            }
            return new Configuration(paths, iterations, logSignal);
        }

        double total() {
            double t = 0;
            for (double v : logSignal) {
                t += v;
            }
            return t;
        }

        /** Whether no element does worse than {@link #MAX_LOSS} times its estimated error in {@code baseline}. */
        boolean within(Configuration baseline) {
            for (int e = 0; e < logSignal.length; e++) {
                if (logSignal[e] - baseline.logSignal[e] > Math.log(MAX_LOSS)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The most an element's estimated squared error (plus the floor's error) may exceed its value in the baseline (the
     * best path for all elements) in the chosen configuration: 1.21, 10 % in RMS error.
     */
    static final double MAX_LOSS = 1.21;

    /**
     * One scored run of the training problem: {@code out[i][e]} the held-out error of element e after iteration
     * i + 1. The run ends once no element's error has improved for {@link Options#patience()} iterations; the rows
     * not run are +infinity. Returns the number of iterations run.
     */
    private int scoredRun(FusionSolver solver, FusionProblem trainProblem, FusionParameters p, List<float[]> test,
                          double[][] trainRanges, double[] haadfRange, double[][] out, ProgressListener progress,
                          CancellationToken cancel) {
        int n = out[0].length;
        for (double[] row : out) {
            java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        double[] best = new double[n];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        int[] lastImproved = new int[n];
        int[] done = {0};
        // The solver polls its token between iterations; this one fires for the user's cancel or the early end.
        CancellationToken stop = new CancellationToken();
        IterationObserver observer = (iteration, maps) -> {
            score(maps, test, out[iteration - 1]);
            done[0] = iteration;
            boolean stale = true;
            for (int e = 0; e < n; e++) {
                if (out[iteration - 1][e] < best[e]) {
                    best[e] = out[iteration - 1][e];
                    lastImproved[e] = iteration;
                }
                stale &= iteration - lastImproved[e] >= options.patience();
            }
            if (stale || cancel.isCancelled()) {
                stop.cancel();
            }
        };
        try {
            solver.solve(trainProblem, p, progress, stop, observer, trainRanges, haadfRange);
        } catch (org.fusionj.core.progress.CancelledException ended) {
            cancel.throwIfCancelled();
            if (!stop.isCancelled()) {
                throw ended;
            }
        }
        return done[0];
    }

    /**
     * The {@code {min, max}} a thinned training half is scaled to [0, 1] by: its full map's, times the share of the
     * counts the half holds; null (the half's own range) when that would be empty.
     */
    static double[] trainingRange(float[] px, double share, float[] half) {
        return trainingRange(range(px), share, half);
    }

    /** As above, from the full map's {@code {min, max}} (on a crop: the whole image's). */
    static double[] trainingRange(double[] full, double share, float[] half) {
        // The low end never above the half's own minimum, so that no training pixel is scaled below 0.
        double lo = Math.min(share * full[0], range(half)[0]);
        double hi = share * full[1];
        return hi > lo ? new double[] {lo, hi} : null;
    }

    /** {@code {min, max}} of the pixels. */
    static double[] range(float[] px) {
        float lo = px[0];
        float hi = lo;
        for (float v : px) {
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        return new double[] {lo, hi};
    }

    /**
     * The held-out part's summed noise variance for Poisson thinning: its pixels are {@code quantum} times Poisson
     * counts, of variance {@code quantum} times their mean, and the sum of the pixels estimates that without bias.
     */
    static double poissonNoiseFloor(float[] heldOut, double quantum) {
        double s = 0;
        for (float v : heldOut) {
            s += v;
        }
        return quantum * s;
    }

    /**
     * The same for Gaussian fission: the held-out part {@code y - z / tau} has variance {@code var(y) / (1 - p)};
     * the noise model is linear in the mean, so its value at each pixel's own value sums to an unbiased estimate.
     */
    static double fissionNoiseFloor(NoiseModel noise, float[] px, double trainFraction) {
        double s = 0;
        for (float v : px) {
            s += noise.variance(v);
        }
        return s / (1 - trainFraction);
    }

    /**
     * The standard error of {@link #poissonNoiseFloor} as an estimate of the held-out part's realised noise energy
     * (the sum of its squared noise, which every configuration's held-out error contains alike): for Poisson counts
     * {@code c} of mean {@code m}, {@code Var(n^2 - c) = 2 m^2}, and {@code c^2 - c} estimates {@code m^2}.
     */
    static double poissonFloorError(float[] heldOut, double quantum) {
        double s = 0;
        for (float v : heldOut) {
            double c = v / quantum;
            s += c * c - c;
        }
        return quantum * quantum * Math.sqrt(2 * Math.max(s, 0));
    }

    /** The same for Gaussian fission: {@code Var(n^2) = 2 sigma^4} per pixel. */
    static double fissionFloorError(NoiseModel noise, float[] px, double trainFraction) {
        double s = 0;
        for (float v : px) {
            double var = noise.variance(v) / (1 - trainFraction);
            s += var * var;
        }
        return Math.sqrt(2 * s);
    }

    /**
     * {@code log(max(heldOutError - noiseFloor, 0) + floorError)}: the log of the estimated squared error against the
     * held-out part's mean, plus the standard error of the floor. The floor's error is the same for every
     * configuration of an element; where the signal errors are no larger than it (light elements at low dose) their
     * differences and ratios are noise, and adding it makes such an element count little in the comparisons (without
     * it a map estimated 3.5 times worse than another was 1.1 times worse against the truth: family manganite La).
     */
    static double logSignalError(double heldOutError, double noiseFloor, double floorError) {
        return Math.log(Math.max(heldOutError - noiseFloor, 0) + Math.max(floorError, MIN_SIGNAL_ERROR * noiseFloor)
                + Double.MIN_NORMAL);
    }

    /** The held-out error of each map into {@code out}. */
    private static void score(List<float[]> maps, List<float[]> heldOut, double[] out) {
        for (int e = 0; e < maps.size(); e++) {
            out[e] = calibratedError(maps.get(e), heldOut.get(e));
        }
    }

    /**
     * The quantum q such that every pixel is a non-negative whole multiple of q (to 1e-4 relative), or NaN: the
     * smallest positive value, checked against all pixels. All-zero maps are refused by the problem already.
     */
    static double countQuantum(float[] px) {
        double min = Double.POSITIVE_INFINITY;
        for (float v : px) {
            if (v < 0) {
                return Double.NaN;
            }
            if (v > 0 && v < min) {
                min = v;
            }
        }
        if (!(min < Double.POSITIVE_INFINITY)) {
            return Double.NaN;
        }
        for (float v : px) {
            double k = v / min;
            if (Math.abs(k - Math.rint(k)) > 1e-4 * Math.max(1, k) || k > 1e7) {
                return Double.NaN;
            }
        }
        return min;
    }

    /** Binomial thinning of a count map: {training, held out}, both in the map's units. */
    static float[][] thin(float[] px, double quantum, double p, SplittableRandom rng) {
        float[] a = new float[px.length];
        float[] b = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            long n = Math.round(px[i] / quantum);
            long k = binomial(n, p, rng);
            a[i] = (float) (k * quantum);
            b[i] = (float) ((n - k) * quantum);
        }
        return new float[][] {a, b};
    }

    /** A binomial variate: by Bernoulli trials up to 64 counts, else a normal approximation rounded and clamped. */
    static long binomial(long n, double p, SplittableRandom rng) {
        if (n <= 64) {
            long k = 0;
            for (long j = 0; j < n; j++) {
                if (rng.nextDouble() < p) {
                    k++;
                }
            }
            return k;
        }
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        // Box-Muller with two uniforms.
        double u1 = 1 - rng.nextDouble();
        double u2 = rng.nextDouble();
        double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return Math.max(0, Math.min(n, Math.round(mean + sd * z)));
    }

    /** {@code min_{a,b} ||a x + b - y||^2}. */
    static double calibratedError(float[] x, float[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        return sxx > 0 ? syy - sxy * sxy / sxx : syy;
    }

    /** A centred crop of at most {@code maxPixels} pixels (the whole problem when it is small enough). */
    static FusionProblem crop(FusionProblem problem, int maxPixels) {
        int w = problem.width();
        int h = problem.height();
        if ((long) w * h <= maxPixels) {
            return problem;
        }
        double scale = Math.sqrt((double) maxPixels / ((double) w * h));
        int cw = Math.max(64, Math.min(w, (int) (w * scale)));
        int ch = Math.max(64, Math.min(h, maxPixels / cw));
        int x0 = (w - cw) / 2;
        int y0 = (h - ch) / 2;
        List<ElementMap> maps = new ArrayList<>();
        for (ElementMap m : problem.maps()) {
            maps.add(new ElementMap(m.symbol(), m.atomicNumber(), cropPlane(m.image(), x0, y0, cw, ch)));
        }
        return new FusionProblem(cropPlane(problem.haadf(), x0, y0, cw, ch), maps);
    }

    private static ImagePlane cropPlane(ImagePlane p, int x0, int y0, int cw, int ch) {
        float[] out = new float[cw * ch];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(p.pixels(), (y0 + y) * p.width() + x0, out, y * cw, cw);
        }
        return new ImagePlane(p.name() + " (crop)", cw, ch, out);
    }

    private static FusionProblem withMaps(FusionProblem problem, List<float[]> maps) {
        List<ElementMap> out = new ArrayList<>();
        for (int e = 0; e < maps.size(); e++) {
            ElementMap m = problem.maps().get(e);
            float[] px = maps.get(e);
            // A half can come out constant on a tiny map; nudge one pixel so it can be normalised.
            if (isConstant(px)) {
                px = px.clone();
                px[0] += 1e-6f * (1 + Math.abs(px[0]));
            }
            out.add(new ElementMap(m.symbol(), m.atomicNumber(), new ImagePlane(m.image().name() + " (half)",
                    problem.width(), problem.height(), px)));
        }
        return new FusionProblem(problem.haadf(), out);
    }

    private static boolean isConstant(float[] px) {
        for (float v : px) {
            if (v != px[0]) {
                return false;
            }
        }
        return true;
    }
}
