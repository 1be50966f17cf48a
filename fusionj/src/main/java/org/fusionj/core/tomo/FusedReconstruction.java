package org.fusionj.core.tomo;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.fusion.CostLog;
import org.fusionj.core.math.FloatPow;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.tv.FgpTv3D;

/**
 * The iteration of fused multi-modal tomography, and of its chemical-only baseline (the same without the HAADF
 * term). One instance: the state of one solve.
 *
 * <p>Model. Element volumes {@code x_e >= 0}; HAADF projections {@code b_H ~ k P_H(h) + c},
 * {@code h = sum_e w_e x_e^gamma} (k and c fitted); chemical projections {@code b_e ~ Poisson(P_e x_e)}. Objective:
 * {@code lambda_haadf/2 ||P_H h - (b_H - c)/k||^2 + lambda_chem sum_e KL(b_e + bkg || P_e x_e + bkg) +}
 * {@code lambda_tv sum_e TV(x_e)}, the KL term being the Poisson negative log-likelihood up to a constant.
 *
 * <p>Each outer iteration, slice by slice (every term but TV acts on one slice at a time, so slices run in
 * parallel, each from the same iterate):
 * <ol>
 *   <li>HAADF: residual {@code r = P_H h - (b_H - c)/k}, filtered along the detector by the ramp filter
 *       ({@link RampFilter}) and back-projected: {@code G = P_H^T F r}. {@code dt G} ({@code dt} the angular step)
 *       is the filtered back-projection of the residual, the change of h that would remove it.</li>
 *   <li>Chemistry: {@code g_e = P_e^T ((P_e x_e - b_e) / (P_e x_e + bkg))}, the gradient of the KL term.</li>
 *   <li>Step, voxel by voxel in the elements' space: gradient {@code lambda_haadf J_e G + lambda_chem g_e}
 *       ({@code J_e = gamma w_e x_e^(gamma-1)}, the chain rule through h) over the curvature
 *       {@code M = D + a J J^T}, {@code D_e = lambda_chem (P_e^T 1) / (x_e + delta)} (the EM bound of the KL term),
 *       {@code a = lambda_haadf / dt}, inverted by Sherman-Morrison; then clipped to {@code x >= 0}. A change of
 *       composition that keeps h (J^T dx = 0) gets a full EM step, while h moves by the FBP step of its residual
 *       when the HAADF term dominates: both data terms converge at their own pace, not at the slower one's.</li>
 *   <li>TV: each volume is replaced by its 3-D TV proximal image (FGP, {@code lambda_tv}, {@code n_iter_tv}); with
 *       {@code tvDirectional} or {@code tvEdgeGuide} the joint TV is guided by the HAADF series' own reconstruction
 *       ({@link TvEdgeWeights}, made once before the iterations).</li>
 *   <li>During the first {@value #HAADF_FIT_ITERATIONS} iterations, k and c are refitted by least squares over all
 *       HAADF rays to the model of the iterate the step started from.</li>
 * </ol>
 * Before the iterations the chemical data are divided by their largest value, each element is reconstructed by
 * {@code initIterations} EM steps from a uniform volume (no HAADF, no TV), and that volume and its data are divided
 * by the volume's 99.9% quantile, so that every element's densest region is about 1 (the scale the weights w_e and
 * lambda_tv are meant for); the fused iteration starts from these volumes. The chemical-only reconstruction runs
 * the same iteration without the HAADF term (pure EM steps, then TV); with no TV step ({@code lambda_tv} 0 or
 * {@code regularize} off) it is plain EM: {@code n_iter_init + n_iter} EM steps, no floor (the volumes' rescaling
 * after the start does not change the EM iterates: the step is invariant to scaling volume, data and bkg together).
 *
 * <p>Costs, per iteration, of the iterate after it (on the scaled data): {@code 1/2 ||P_H h - (b_H - c)/k||^2},
 * the KL term summed over elements (as {@code sum (q + bkg) - (b + bkg) log(q + bkg)}), and the isotropic 3-D TV
 * summed over elements. Per-slice sums are added in slice order, so every figure is the same for any number of
 * threads.
 */
final class FusedReconstruction {

    /**
     * Floor of the EM scaling {@code x + delta}, in units of the volumes' scale: lets a voxel the clip set to 0 grow
     * again (pure EM would keep it at 0 for ever).
     */
    static final float EM_FLOOR = 0.01f;
    /**
     * The HAADF scale and offset are refitted after each of the first iterations only: the initial volumes are
     * noisy and blurred, so the fit to them is biased, while refitting for ever lets the volumes' scale drift down
     * under the TV steps with the scale following (the HAADF term cannot tell).
     */
    static final int HAADF_FIT_ITERATIONS = 5;
    /**
     * The composition prior ({@link PhasePrior}) starts after this many iterations: the first iterates' compositions
     * still carry the EM start's noise and the HAADF fit is still moving.
     */
    static final int PHASE_START = 5;
    /**
     * Primal-dual iterations of each composition TV step ({@link CompositionTv}); the duals are kept from one outer
     * iteration to the next, so a few suffice once the composition settles.
     */
    static final int COMPOSITION_TV_ITERATIONS = 20;
    /**
     * Primal-dual iterations per stage of the final composition TV step (TomoFusionParameters#compositionTvFinal):
     * 20 scores as 50 (within 0.002 on the 64^3 seeds 1-3 and at 128^3) at 40 % of the time
     * (docs/fusion-tomography.md, "An edge-preserving TV of the composition").
     */
    static final int FINAL_COMPOSITION_TV_ITERATIONS = 20;
    /** Bregman steps of the final composition TV step: a strong TV, then the contrast it took restored three times
     * (the best count common to the 64^3 family and 128^3 at weight 0.3, docs/fusion-tomography.md). */
    static final int FINAL_BREGMAN_STEPS = 3;

    private final TomoFusionParameters params;
    private final RowBlocks blocks;
    private final ProgressListener progress;
    private final CancellationToken cancel;
    private final boolean useHaadf;
    private final int width;
    private final int height;
    private final int depth;
    private final int sliceSize;
    /** Slices per parallel task, projected together (the projectors' batch). */
    private final int slicesPerBlock;
    private final int nElements;
    private final SeriesOperator haadf;
    private final SeriesOperator[] chem;
    /** The HAADF residual's filter, and the angular step of the HAADF angles (radians). */
    private final RampFilter ramp;
    private final float haadfStep;
    private final float[][] x;
    private float[] spare;
    private final float[] w;
    private final float[] haadfFactor;
    private final float[] background;
    private final double[] scales;
    private final FloatPow powGammaMinusOne;
    /** The separate TV step (its six dual fields live between calls); dropped before the final composition TV. */
    private FgpTv3D tv = new FgpTv3D();
    /** The joint TV step, made on first use ({@link TvCoupling#JOINT}); its dual fields are per element. */
    private JointTv3D jointTv;
    /** The joint TV step with warm duals ({@link TomoFusionParameters#warmTv()}), made on first use. */
    private WarmJointTv3D warmJointTv;
    /** With joint TV: one spare volume per element (the TV step's outputs). */
    private float[][] spares;
    /** With joint TV and a guide: the fixed guide channel (the HAADF reconstruction, scaled), else null. */
    private float[] guide;
    /** With {@code tvEdgeGuide} or {@code tvDirectional}: the HAADF reconstruction, until used; else null. */
    private float[] edgeGuide;
    /** With {@code tvEdgeGuide}: the joint TV's per-voxel weights ({@link TvEdgeWeights}), else null. */
    private float[] tvWeights;
    private final ThreadLocal<Buffers> buffers;
    /** Per slice: HAADF and Poisson costs, and the sums of the (k, c) fit. */
    private final double[] sliceHaadf;
    private final double[] sliceChem;
    private final double[][] sliceFit;
    /** The factor the HAADF data were multiplied by before the fit (their largest value becomes 1). */
    private double haadfInputFactor = 1;
    private double k = 1;
    private double c = 0;
    private float lambdaHaadf;
    private float lambdaChem;
    /** Per element: the factor of lambda_chem (1, or the element's counts relative to the mean with doseWeightedKl). */
    private final float[] chemWeight;
    /** The composition prior, or null (dropped before the final composition TV). */
    private PhasePrior phasePrior;
    /** The in-loop composition TV (its 6 n_e + 1 fields), or null (dropped before the final composition TV). */
    private CompositionTv compositionTv;
    private float floor;

    /**
     * @param haadfData HAADF data (a copy the run may scale), or null for the chemical-only reconstruction
     * @param chemData  per element, its data (copies the run scales)
     * @param chemAngles per element, its tilt angles
     * @param weights   HAADF model weights
     */
    FusedReconstruction(TomoFusionParameters params, int width, int height, double[] haadfAngles, float[] haadfData,
                        List<double[]> chemAngles, List<float[]> chemData, double[] weights, RowBlocks blocks,
                        ProgressListener progress, CancellationToken cancel) {
        this.params = params;
        this.blocks = blocks;
        this.progress = progress;
        this.cancel = cancel;
        this.useHaadf = haadfData != null;
        this.width = width;
        this.height = height;
        this.depth = params.effectiveDepth(width);
        this.sliceSize = width * depth;
        this.nElements = chemData.size();
        this.haadf = useHaadf
                ? new SeriesOperator(params.projector().create(width, depth, haadfAngles), haadfData, height) : null;
        this.ramp = useHaadf ? new RampFilter(width) : null;
        this.haadfStep = useHaadf ? RampFilter.angularStep(haadfAngles) : 0f;
        this.chem = new SeriesOperator[nElements];
        for (int e = 0; e < nElements; e++) {
            chem[e] = new SeriesOperator(params.projector().create(width, depth, chemAngles.get(e)), chemData.get(e),
                    height);
        }
        this.x = new float[nElements][];
        this.w = new float[nElements];
        this.haadfFactor = new float[nElements];
        for (int e = 0; e < nElements; e++) {
            w[e] = (float) weights[e];
            haadfFactor[e] = (float) (params.gamma() * weights[e]);
        }
        this.background = new float[nElements];
        this.chemWeight = new float[nElements];
        java.util.Arrays.fill(chemWeight, 1f);
        this.phasePrior = useHaadf && params.phases() > 0 && nElements > 1
                ? new PhasePrior(params.phases(), params.phaseWeight(), w, params.gamma()) : null;
        this.compositionTv = useHaadf && params.compositionTv() > 0 && nElements > 1
                ? new CompositionTv(w, params.gamma()) : null;
        this.scales = new double[nElements];
        this.powGammaMinusOne = FloatPow.of(params.gamma() - 1);
        int maxSino = useHaadf ? haadf.projector.sinogramSize() : 0;
        for (SeriesOperator op : chem) {
            maxSino = Math.max(maxSino, op.projector.sinogramSize());
        }
        int batch = useHaadf ? haadf.projector.batch() : Integer.MAX_VALUE;
        for (SeriesOperator op : chem) {
            batch = Math.min(batch, op.projector.batch());
        }
        this.slicesPerBlock = Math.max(1, batch);
        int sino = maxSino * slicesPerBlock;
        int voxels = sliceSize * slicesPerBlock;
        int ne = nElements;
        this.buffers = ThreadLocal.withInitial(() -> new Buffers(ne, voxels, sino));
        this.sliceHaadf = new double[height];
        this.sliceChem = new double[height];
        this.sliceFit = new double[height][5];
    }

    /** Per-thread buffers of one block of slices (voxels and sinograms of the block's slices one after another). */
    private static final class Buffers {
        final float[][] x;
        final float[][] pow;
        final float[] model;
        final float[] mantissa;
        final float[] haadfStep;
        final float[][] chemStep;
        final float[][] scaled;
        final float[] sumA;
        final float[] sumU;
        final float[] sino;
        final float[] meas;

        Buffers(int elements, int n, int sino) {
            x = new float[elements][n];
            pow = new float[elements][n];
            model = new float[n];
            mantissa = new float[n];
            haadfStep = new float[n];
            chemStep = new float[elements][n];
            scaled = new float[elements][n];
            sumA = new float[n];
            sumU = new float[n];
            this.sino = new float[sino];
            meas = new float[sino];
        }
    }

    /** Runs everything; returns the volumes (scaled), with the costs written into {@code costs}. */
    List<float[]> run(CostLog costs) {
        int nInit = params.initIterations();
        int n = params.iterations();
        double initWork = 0;
        for (SeriesOperator op : chem) {
            initWork += op.angles;
        }
        double iterWork = initWork + (useHaadf ? haadf.angles : 0);
        double total = nInit * initWork + n * iterWork;
        initialise(nInit, total, initWork);
        if (useHaadf && params.doseWeightedKl()) {
            double mean = 0;
            for (double sc : scales) {
                mean += sc / nElements;
            }
            for (int e = 0; e < nElements; e++) {
                chemWeight[e] = (float) (scales[e] / mean);
            }
        }
        lambdaHaadf = useHaadf ? (float) params.lambdaHaadf() : 0f;
        lambdaChem = (float) params.lambdaChem();
        // Without HAADF and TV nothing but the EM step touches the volumes, and it never sets a voxel to 0: no floor,
        // so the iteration stays plain EM (the baseline the issue names) and continues the n_iter_init start exactly.
        floor = useHaadf || params.tvStep() ? EM_FLOOR : 0f;
        spare = new float[x[0].length];
        useEdgeGuide();
        if (useHaadf) {
            pass(false);
            refit();
        }
        for (int it = 0; it < n; it++) {
            cancel.throwIfCancelled();
            pass(true);
            if (it > 0) {
                logDataCosts(costs, it - 1);
            }
            if (useHaadf && it < HAADF_FIT_ITERATIONS) {
                refit();
            }
            costs.tv()[it] = regularise();
            if (phasePrior != null && it >= PHASE_START) {
                cancel.throwIfCancelled();
                phasePrior.apply(x, blocks, height);
            }
            if (compositionTv != null && it >= PHASE_START) {
                compositionTv.apply(x, width, depth, height, params.compositionTv(), CompositionTv.DENSE,
                        COMPOSITION_TV_ITERATIONS, it > PHASE_START, blocks, cancel);
            }
            progress.progress((nInit * initWork + (it + 1) * iterWork) / total,
                    (useHaadf ? "fused" : "chemical") + " iteration " + (it + 1) + " of " + n);
        }
        cancel.throwIfCancelled();
        if (useHaadf && params.compositionTvFinal() > 0 && nElements > 1) {
            releaseTvState();
            progress.progress((nInit * initWork + n * iterWork) / total, "composition TV");
            CompositionTv last = new CompositionTv(w, params.gamma());
            last.bregmanSteps(FINAL_BREGMAN_STEPS);
            if (params.compositionTvGuide() > 0) {
                last.tvWeights(CompositionEdgeGuide.weights(x, w, params.gamma(), params.compositionTvGuide(), width,
                        depth, height, blocks));
            }
            last.apply(x, width, depth, height, params.compositionTvFinal(), CompositionTv.DENSE,
                    FINAL_COMPOSITION_TV_ITERATIONS, blocks, cancel);
        }
        pass(false);
        logDataCosts(costs, n - 1);
        List<float[]> out = new ArrayList<>(nElements);
        for (float[] v : x) {
            out.add(v);
        }
        return out;
    }

    /**
     * Drops the iterations' state that no step after the last iteration uses: the TV steps' dual fields and spare
     * volumes (7 per element with joint TV, 7 in all with separate TV), the guide, the in-loop composition TV's and
     * the composition prior's fields, so that the final composition TV's {@code 6 n_e + 1} volumes take their place
     * instead of adding to them (docs/fusion-tomography.md, "Speed and memory", the table of live volumes). The data
     * (the scaled copies of the series) stay: the costs of the result are computed on them.
     */
    private void releaseTvState() {
        tv = null;
        jointTv = null;
        warmJointTv = null;
        spares = null;
        spare = null;
        guide = null;
        compositionTv = null;
        phasePrior = null;
        edgeGuide = null;
        tvWeights = null;
    }

    /**
     * The smallest TV weight of {@code tvEdgeGuide} ({@link TvEdgeWeights#of}): keeps some TV at the strongest
     * HAADF edges.
     */
    static final double EDGE_EPS = 0.1;

    /**
     * With {@code tvEdgeGuide} or {@code tvDirectional}: the joint TV's weights or directions from the HAADF
     * reconstruction set by {@link #edgeGuide}, made once before the iterations; the guide is then dropped.
     */
    private void useEdgeGuide() {
        if (edgeGuide == null || params.tvCoupling() != TvCoupling.JOINT || !params.tvStep()) {
            return;
        }
        if (params.tvEdgeGuide() > 0) {
            tvWeights = TvEdgeWeights.of(edgeGuide, width, depth, height, params.tvEdgeGuide(), EDGE_EPS, blocks);
        }
        if (params.tvDirectional() > 0) {
            jointTvInit();
            jointTv.directions(TvEdgeWeights.directions(edgeGuide, width, depth, height, params.tvDirectional(),
                    blocks));
        }
        edgeGuide = null;
    }

    /** Sets the HAADF reconstruction the joint TV's edge weights or directions come from (see {@link #useEdgeGuide}). */
    void edgeGuide(float[] h) {
        edgeGuide = h;
    }

    /** Sets the fixed guide channel of the joint TV (see {@link TomoFusionParameters#tvGuide()}); null for none. */
    void guide(float[] g) {
        guide = g;
    }

    /** Per element: the factor from volume value 1 to input signal per voxel length. */
    double[] scales() {
        return scales.clone();
    }

    double haadfScale() {
        return useHaadf ? k / haadfInputFactor : Double.NaN;
    }

    double haadfOffset() {
        return useHaadf ? c / haadfInputFactor : Double.NaN;
    }

    /** Normalises the data, runs the EM start and scales volumes and data (see the class comment). */
    private void initialise(int nInit, double total, double initWork) {
        if (useHaadf) {
            float max = haadf.maskedDataMax();
            haadfInputFactor = max > 0 ? 1.0 / max : 1;
            haadf.scaleData((float) haadfInputFactor);
        }
        for (int e = 0; e < nElements; e++) {
            float max = chem[e].maskedDataMax();
            float f = max > 0 ? 1f / max : 1f;
            chem[e].scaleData(f);
            scales[e] = 1 / (double) f;
            background[e] = (float) params.background();
            double uniform = chem[e].maskedDataSum() / (chem[e].voxelWeightSum * height);
            x[e] = new float[sliceSize * height];
            java.util.Arrays.fill(x[e], (float) Math.max(uniform, 1e-6));
        }
        lambdaHaadf = 0f;
        lambdaChem = 1f;
        floor = 0f;
        for (int it = 0; it < nInit; it++) {
            cancel.throwIfCancelled();
            passChemicalOnly();
            progress.progress((it + 1) * initWork / total, "initial chemical reconstruction, iteration " + (it + 1)
                    + " of " + nInit);
        }
        for (int e = 0; e < nElements; e++) {
            float s = VolumeStats.scaleOf(x[e]);
            float inv = 1f / s;
            float[] v = x[e];
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
            chem[e].scaleData(inv);
            background[e] *= inv;
            scales[e] *= s;
        }
    }

    private void passChemicalOnly() {
        blocks.forEach(height, slicesPerBlock, (y0, y1) -> slices(y0, y1 - y0, true, false));
    }

    /** One pass over all slices: the step ({@code update}) or only the costs. */
    private void pass(boolean update) {
        blocks.forEach(height, slicesPerBlock, (y0, y1) -> slices(y0, y1 - y0, update, useHaadf));
    }

    private void logDataCosts(CostLog costs, int index) {
        double h = 0;
        double ch = 0;
        for (int y = 0; y < height; y++) {
            h += sliceHaadf[y];
            ch += sliceChem[y];
        }
        costs.haadf()[index] = useHaadf ? h : Double.NaN;
        costs.chem()[index] = ch;
    }

    /** Least-squares (k, c) of {@code b = k P h + c} from the sums of the last pass; kept if degenerate. */
    private void refit() {
        double spp = 0;
        double spb = 0;
        double sp = 0;
        double sb = 0;
        double sn = 0;
        for (double[] f : sliceFit) {
            spp += f[0];
            spb += f[1];
            sp += f[2];
            sb += f[3];
            sn += f[4];
        }
        double det = spp * sn - sp * sp;
        if (det > 1e-12 * spp * sn) {
            double kNew = (spb * sn - sp * sb) / det;
            double cNew = (spp * sb - sp * spb) / det;
            if (kNew > 0) {
                k = kNew;
                c = cNew;
                return;
            }
        }
        if (spp > 0 && spb > 0) {
            k = spb / spp;
            c = 0;
        }
    }

    /** The TV step on every volume; returns the summed TV of the results (0 without regularisation). */
    private double regularise() {
        if (!params.tvStep()) {
            return 0;
        }
        if (params.tvCoupling() == TvCoupling.JOINT) {
            return regulariseJointly();
        }
        double sum = 0;
        for (int e = 0; e < nElements; e++) {
            cancel.throwIfCancelled();
            sum += tv.apply(x[e], spare, width, depth, height, params.lambdaTv(), params.tvIterations(), blocks);
            float[] t = x[e];
            x[e] = spare;
            spare = t;
        }
        return sum;
    }

    /** The joint TV step of all volumes together; returns their joint TV. */
    private double regulariseJointly() {
        cancel.throwIfCancelled();
        if (jointTv == null) {
            jointTvInit();
        }
        // The HAADF-guided variants (edge weights, directions) are FGP steps: they were measured with it.
        boolean warm = params.warmTv() && tvWeights == null && !jointTv.hasDirections();
        if (warm && warmJointTv == null) {
            warmJointTv = new WarmJointTv3D();
        }
        double tvSum = warm
                ? warmJointTv.apply(x, spares, guide, width, depth, height, params.lambdaTv(), params.tvIterations(),
                        blocks, cancel)
                : jointTv.apply(x, spares, guide, tvWeights, width, depth, height, params.lambdaTv(),
                        params.tvIterations(), blocks,
                cancel);
        for (int e = 0; e < nElements; e++) {
            float[] t = x[e];
            x[e] = spares[e];
            spares[e] = t;
        }
        return tvSum;
    }

    /** Makes the joint TV step and its spare volumes. */
    private void jointTvInit() {
        jointTv = new JointTv3D();
        spares = new float[nElements][];
        spares[0] = spare;
        for (int e = 1; e < nElements; e++) {
            spares[e] = new float[spare.length];
        }
    }

    /**
     * Slices [y0, y0 + count): the costs of the current iterate and, with {@code update}, the step of both data
     * terms, clipped to 0, written back.
     */
    private void slices(int y0, int count, boolean update, boolean withHaadf) {
        Buffers b = buffers.get();
        int len = count * sliceSize;
        int off = y0 * sliceSize;
        for (int e = 0; e < nElements; e++) {
            System.arraycopy(x[e], off, b.x[e], 0, len);
        }
        if (withHaadf) {
            haadfSlices(y0, count, b, update);
        } else {
            for (int k = 0; k < count; k++) {
                sliceHaadf[y0 + k] = 0;
            }
        }
        for (int k = 0; k < count; k++) {
            sliceChem[y0 + k] = 0;
        }
        for (int e = 0; e < nElements; e++) {
            chemSlices(e, y0, count, b, update);
        }
        if (update) {
            if (withHaadf) {
                fusedStep(off, count, b);
            } else {
                for (int e = 0; e < nElements; e++) {
                    chemicalStep(e, off, count, b);
                }
            }
        }
    }

    /** The EM-scaled step of element e's Poisson term alone: {@code x <- max(0, x - (x + delta) g / c)}. */
    private void chemicalStep(int e, int off, int count, Buffers b) {
        int n = sliceSize;
        float[] xe = b.x[e];
        float[] gc = b.chemStep[e];
        float[] cw = chem[e].voxelWeight;
        float fl = floor;
        float[] dst = x[e];
        for (int k = 0; k < count; k++) {
            for (int j = 0, v = k * n; j < n; j++, v++) {
                float val = xe[v];
                float s = cw[j] > 0 ? val - (val + fl) * gc[v] / cw[j] : val;
                dst[off + v] = (s + Math.abs(s)) * 0.5f;
            }
        }
    }

    /**
     * The step of both data terms, voxel by voxel in the elements' space (see the class comment): gradient
     * {@code g_e = lh J_e G + lc gc_e} over the curvature {@code M = D + a J J^T}, inverted by Sherman-Morrison,
     * {@code M^-1 g = D^-1 g - D^-1 J (a J^T D^-1 g) / (1 + a J^T D^-1 J)}.
     */
    private void fusedStep(int off, int count, Buffers b) {
        int n = sliceSize;
        int len = count * n;
        float[] gh = b.haadfStep;
        float[] sa = b.sumA;
        float[] su = b.sumU;
        float lh = lambdaHaadf;
        float fl = floor;
        java.util.Arrays.fill(sa, 0, len, 0f);
        java.util.Arrays.fill(su, 0, len, 0f);
        for (int e = 0; e < nElements; e++) {
            float[] xe = b.x[e];
            float[] pe = b.pow[e];
            float[] gc = b.chemStep[e];
            float[] cw = chem[e].voxelWeight;
            float[] ue = b.scaled[e];
            float ge = haadfFactor[e];
            float lc = lambdaChem * chemWeight[e];
            // pe becomes a_e = g_e / D_e, ue becomes u_e = J_e / D_e; D_e = 0 only where no ray reaches the voxel.
            for (int k = 0; k < count; k++) {
                for (int j = 0, v = k * n; j < n; j++, v++) {
                    float val = xe[v];
                    float jac = ge * pe[v];
                    float inv = cw[j] > 0 ? (val + fl) / (lc * cw[j]) : 0f;
                    float a = (lh * jac * gh[v] + lc * gc[v]) * inv;
                    float u = jac * inv;
                    pe[v] = a;
                    ue[v] = u;
                    sa[v] += jac * a;
                    su[v] += jac * u;
                }
            }
        }
        float alpha = lh / haadfStep;
        for (int v = 0; v < len; v++) {
            sa[v] = alpha * sa[v] / (1f + alpha * su[v]);
        }
        for (int e = 0; e < nElements; e++) {
            float[] xe = b.x[e];
            float[] a = b.pow[e];
            float[] u = b.scaled[e];
            float[] dst = x[e];
            for (int v = 0; v < len; v++) {
                float s = xe[v] - (a[v] - u[v] * sa[v]);
                dst[off + v] = (s + Math.abs(s)) * 0.5f;
            }
        }
    }

    /**
     * The HAADF model of slices [y0, y0 + count), its residual, per-slice costs and fit sums, and (with
     * {@code update}) {@code G = P_H^T F r} into {@code b.haadfStep}.
     */
    private void haadfSlices(int y0, int count, Buffers b, boolean update) {
        int len = count * sliceSize;
        float[] model = b.model;
        for (int e = 0; e < nElements; e++) {
            powGammaMinusOne.apply(b.x[e], b.pow[e], b.mantissa, len);
            float we = w[e];
            float[] xe = b.x[e];
            float[] pe = b.pow[e];
            if (e == 0) {
                for (int j = 0; j < len; j++) {
                    model[j] = we * xe[j] * pe[j];
                }
            } else {
                for (int j = 0; j < len; j++) {
                    model[j] += we * xe[j] * pe[j];
                }
            }
        }
        SeriesOperator op = haadf;
        op.projector.project(model, 0, count, b.sino);
        op.gather(y0, count, b.meas);
        int bins = op.projector.sinogramSize();
        float invK = (float) (1 / k);
        float off = (float) c;
        float[] sino = b.sino;
        float[] meas = b.meas;
        float[] mask = op.mask;
        for (int kk = 0; kk < count; kk++) {
            double cost = 0;
            double spp = 0;
            double spb = 0;
            double sp = 0;
            double sb = 0;
            double sn = 0;
            for (int i = 0, q = kk * bins; i < bins; i++, q++) {
                float m = mask[i];
                float p = sino[q];
                float d = meas[q];
                spp += m * p * p;
                spb += m * p * d;
                sp += m * p;
                sb += m * d;
                sn += m;
                float r = (p - (d - off) * invK) * m;
                cost += r * r;
                sino[q] = r;
            }
            int y = y0 + kk;
            sliceHaadf[y] = 0.5 * cost;
            double[] fit = sliceFit[y];
            fit[0] = spp;
            fit[1] = spb;
            fit[2] = sp;
            fit[3] = sb;
            fit[4] = sn;
        }
        if (update) {
            ramp.apply(sino, meas, count * op.angles);
            op.projector.backProject(meas, count, b.haadfStep, 0);
        }
    }

    /** Element e's Poisson costs on slices [y0, y0 + count) and (with {@code update}) its gradient. */
    private void chemSlices(int e, int y0, int count, Buffers b, boolean update) {
        SeriesOperator op = chem[e];
        op.projector.project(b.x[e], 0, count, b.sino);
        op.gather(y0, count, b.meas);
        int bins = op.projector.sinogramSize();
        float bkg = background[e];
        float[] sino = b.sino;
        float[] meas = b.meas;
        float[] mask = op.mask;
        for (int kk = 0; kk < count; kk++) {
            double cost = 0;
            for (int i = 0, q = kk * bins; i < bins; i++, q++) {
                float m = mask[i];
                float p = sino[q];
                float d = meas[q];
                float den = p + bkg;
                if (m > 0) {
                    cost += den - (d + bkg) * Math.log(den);
                }
                sino[q] = m * (p - d) / den;
            }
            sliceChem[y0 + kk] += cost;
        }
        if (update) {
            op.projector.backProject(sino, count, b.chemStep[e], 0);
        }
    }
}
