package org.fusionj.core.xanes;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.fusionj.core.InvalidInputException;

/**
 * Everything the XANES kernels need besides the data. Windows are in eV relative to the edge energy E0. The
 * parameter names of the front-ends are given in brackets.
 *
 * @param e0Ev            edge energy E0 in eV [{@code e0}]; the windows are placed relative to it and the edge
 *                        jump is measured at it
 * @param preEdge         pre-edge window; a line is fitted here [{@code pre_edge}]
 * @param postEdge        post-edge window; a polynomial of order {@code postEdgeOrder} is fitted here
 *                        [{@code post_edge}]; must lie above the pre-edge window
 * @param postEdgeOrder   0 (constant), 1 (line) or 2 (quadratic) [{@code post_order}]
 * @param jumpThreshold   k: a voxel is masked when its edge jump is below k times its pre-edge noise (the standard
 *                        deviation of the pre-edge fit residual), or not positive; &gt;= 0 [{@code jump_threshold}]
 * @param edgeWindow      where the half-height and maximum-derivative searches look [{@code edge_window}]
 * @param whiteLineWindow where the white-line peak is looked for [{@code white_line_window}]
 * @param methods         the edge-energy maps to compute [{@code methods}]; may be empty when other outputs are
 *                        requested
 * @param edgeJumpMap     also return the edge-jump map [{@code edge_jump_map}]
 * @param lcf             linear-combination fitting, or null for none
 * @param edgeEstimator   how the edge energies are read off the samples: a fitted model of the edge (unbiased) or
 *                        interpolation between samples [{@code edge_estimator}]
 * @param edgeFitWindow   the samples the edge model is fitted to, relative to each voxel's first estimate of its
 *                        half-height energy (default -15 to +25 eV: the rise and the white line of a K edge)
 *                        [{@code edge_fit_window}]
 * @param flatten         flattened normalisation (Athena's and Larch's "flat"): above E0 the difference between the
 *                        post-edge curve and the pre-edge line, relative to the edge jump, is removed, so the
 *                        normalised spectrum oscillates about 1 instead of following the post-edge slope; below E0
 *                        it is the normalised spectrum. Every map, spectrum and fit then uses it [{@code flatten}]
 */
public record XanesParameters(
        double e0Ev,
        EnergyWindow preEdge,
        EnergyWindow postEdge,
        int postEdgeOrder,
        double jumpThreshold,
        EnergyWindow edgeWindow,
        EnergyWindow whiteLineWindow,
        Set<EdgeMethod> methods,
        boolean edgeJumpMap,
        LcfParameters lcf,
        EdgeEstimator edgeEstimator,
        EnergyWindow edgeFitWindow,
        boolean flatten) {

    /** Default k of the jump-versus-noise mask. */
    public static final double DEFAULT_JUMP_THRESHOLD = 5;
    /** Default window of the edge-model fit, relative to each voxel's first estimate of its edge. */
    public static final EnergyWindow DEFAULT_FIT_WINDOW = new EnergyWindow(-15, 25);

    /**
     * Whether {@code energies} sample the default fit window around {@code e0} densely enough for the fitted edge
     * model (the default estimator); when not, {@link EdgeEstimator#INTERPOLATE} is the estimator that works.
     */
    public static boolean samplesEdgeForFit(double[] energies, double e0) {
        int inside = 0;
        for (double e : energies) {
            if (e >= e0 + DEFAULT_FIT_WINDOW.fromEv() && e <= e0 + DEFAULT_FIT_WINDOW.toEv()) {
                inside++;
            }
        }
        return inside >= EdgeModel.MIN_SAMPLES;
    }
    /** Highest post-edge polynomial order. */
    public static final int MAX_POST_ORDER = 2;

    public XanesParameters {
        if (!Double.isFinite(e0Ev) || !(e0Ev > 0)) {
            throw new InvalidInputException("e0 (the edge energy) must be a positive number of eV, got " + e0Ev);
        }
        if (preEdge == null || postEdge == null || edgeWindow == null || whiteLineWindow == null) {
            throw new InvalidInputException("the pre-edge, post-edge, edge and white-line windows are required");
        }
        if (!(preEdge.toEv() < postEdge.fromEv())) {
            throw new InvalidInputException("the pre-edge window (" + preEdge.describe(e0Ev)
                    + ") must lie below the post-edge window (" + postEdge.describe(e0Ev) + ")");
        }
        if (postEdgeOrder < 0 || postEdgeOrder > MAX_POST_ORDER) {
            throw new InvalidInputException("post_order must be 0, 1 or 2 (constant, line or quadratic), got "
                    + postEdgeOrder);
        }
        if (!(jumpThreshold >= 0) || Double.isInfinite(jumpThreshold)) {
            throw new InvalidInputException("jump_threshold (k in: edge jump >= k x pre-edge noise) must be a "
                    + "number >= 0, got " + jumpThreshold);
        }
        if (methods == null) {
            throw new InvalidInputException("methods is missing (give an empty set for none)");
        }
        EnumSet<EdgeMethod> copy = EnumSet.noneOf(EdgeMethod.class);
        for (EdgeMethod m : methods) {
            if (m == null) {
                throw new InvalidInputException("methods contains a missing (null) entry");
            }
            copy.add(m);
        }
        methods = Collections.unmodifiableSet(copy);
        if (edgeEstimator == null) {
            throw new InvalidInputException("edge_estimator is missing (fit or interpolate)");
        }
        if (edgeFitWindow == null || !(edgeFitWindow.fromEv() < 0 && edgeFitWindow.toEv() > 0)) {
            throw new InvalidInputException("edge_fit_window must reach below and above the edge (e.g. -15,25), got "
                    + (edgeFitWindow == null ? "none" : edgeFitWindow.key()));
        }
        if (methods.isEmpty() && !edgeJumpMap && lcf == null) {
            throw new InvalidInputException("nothing to compute: choose at least one edge-energy method, the "
                    + "edge-jump map or linear-combination fitting");
        }
    }

    /** Defaults at an edge preset: its E0 and windows, a post-edge line, the default k, the half-height map (fitted). */
    public static XanesParameters forEdge(XanesEdge edge) {
        return new XanesParameters(edge.e0Ev(), edge.preEdge(), edge.postEdge(), 1, DEFAULT_JUMP_THRESHOLD,
                edge.edgeWindow(), edge.whiteLineWindow(), EnumSet.of(EdgeMethod.HALF_HEIGHT), false, null,
                EdgeEstimator.FIT, DEFAULT_FIT_WINDOW, false);
    }

    /** Defaults with a free E0 and the default windows of {@link XanesEdge}. */
    public static XanesParameters defaults(double e0Ev) {
        return forEdge(XanesEdge.MN_K).toBuilder().e0(e0Ev).build();
    }

    /** Whether {@code method} is requested. */
    public boolean has(EdgeMethod method) {
        return methods.contains(method);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder starting from the Mn K defaults. */
    public static Builder builder() {
        return forEdge(XanesEdge.MN_K).toBuilder();
    }

    /** Changes a few values of a parameter set; {@link #build()} validates the whole. */
    public static final class Builder {
        private double e0Ev;
        private EnergyWindow preEdge;
        private EnergyWindow postEdge;
        private int postEdgeOrder;
        private double jumpThreshold;
        private EnergyWindow edgeWindow;
        private EnergyWindow whiteLineWindow;
        private Set<EdgeMethod> methods;
        private boolean edgeJumpMap;
        private LcfParameters lcf;
        private EdgeEstimator edgeEstimator;
        private EnergyWindow edgeFitWindow;
        private boolean flatten;

        private Builder(XanesParameters p) {
            e0Ev = p.e0Ev;
            preEdge = p.preEdge;
            postEdge = p.postEdge;
            postEdgeOrder = p.postEdgeOrder;
            jumpThreshold = p.jumpThreshold;
            edgeWindow = p.edgeWindow;
            whiteLineWindow = p.whiteLineWindow;
            methods = p.methods;
            edgeJumpMap = p.edgeJumpMap;
            lcf = p.lcf;
            edgeEstimator = p.edgeEstimator;
            edgeFitWindow = p.edgeFitWindow;
            flatten = p.flatten;
        }

        /** Sets E0 and the windows of an edge preset (the other values stay). */
        public Builder edge(XanesEdge edge) {
            e0Ev = edge.e0Ev();
            preEdge = edge.preEdge();
            postEdge = edge.postEdge();
            edgeWindow = edge.edgeWindow();
            whiteLineWindow = edge.whiteLineWindow();
            return this;
        }

        public Builder e0(double v) {
            e0Ev = v;
            return this;
        }

        public Builder preEdge(EnergyWindow v) {
            preEdge = v;
            return this;
        }

        public Builder preEdge(double fromEv, double toEv) {
            return preEdge(new EnergyWindow(fromEv, toEv));
        }

        public Builder postEdge(EnergyWindow v) {
            postEdge = v;
            return this;
        }

        public Builder postEdge(double fromEv, double toEv) {
            return postEdge(new EnergyWindow(fromEv, toEv));
        }

        public Builder postEdgeOrder(int v) {
            postEdgeOrder = v;
            return this;
        }

        public Builder jumpThreshold(double v) {
            jumpThreshold = v;
            return this;
        }

        public Builder edgeWindow(EnergyWindow v) {
            edgeWindow = v;
            return this;
        }

        public Builder edgeWindow(double fromEv, double toEv) {
            return edgeWindow(new EnergyWindow(fromEv, toEv));
        }

        public Builder whiteLineWindow(EnergyWindow v) {
            whiteLineWindow = v;
            return this;
        }

        public Builder whiteLineWindow(double fromEv, double toEv) {
            return whiteLineWindow(new EnergyWindow(fromEv, toEv));
        }

        public Builder methods(Set<EdgeMethod> v) {
            methods = v;
            return this;
        }

        public Builder methods(EdgeMethod first, EdgeMethod... rest) {
            methods = EnumSet.of(first, rest);
            return this;
        }

        public Builder noMethods() {
            methods = EnumSet.noneOf(EdgeMethod.class);
            return this;
        }

        public Builder edgeJumpMap(boolean v) {
            edgeJumpMap = v;
            return this;
        }

        public Builder lcf(LcfParameters v) {
            lcf = v;
            return this;
        }

        public Builder edgeEstimator(EdgeEstimator v) {
            edgeEstimator = v;
            return this;
        }

        public Builder edgeFitWindow(EnergyWindow v) {
            edgeFitWindow = v;
            return this;
        }

        public Builder flatten(boolean v) {
            flatten = v;
            return this;
        }

        public XanesParameters build() {
            return new XanesParameters(e0Ev, preEdge, postEdge, postEdgeOrder, jumpThreshold, edgeWindow,
                    whiteLineWindow, methods, edgeJumpMap, lcf, edgeEstimator, edgeFitWindow, flatten);
        }
    }
}
