package org.fusionj.core.xanes;

import org.fusionj.core.InvalidInputException;

/**
 * What {@link XanesPhantom} generates.
 *
 * @param width       voxels per row
 * @param height      rows per slice
 * @param depth       slices
 * @param e0Ev        reference edge energy: the arctan edge of the reduced state sits here
 * @param energiesEv  the sampled energies (strictly increasing; see {@link XanesPhantom#energyGrid})
 * @param edgeShiftEv how far the edge moves across the volume (EDGE_SHIFT) or how far the oxidised reference sits
 *                    above the reduced one (MIXTURE), &gt;= 0
 * @param snr         edge step / noise standard deviation (the edge step of the model is 1, so the Gaussian noise
 *                    added to every value has SD 1 / snr); {@code Double.POSITIVE_INFINITY} for noise-free data
 * @param kind        what varies across the volume
 * @param particles   0: every voxel holds material; n &gt; 0: n non-touching spheres of material (radii 15 to 25 %
 *                    of the smallest dimension) in an empty background whose values are noise only
 * @param seed        seed of the noise and of the sphere placement; equal specs give identical data
 */
public record XanesPhantomSpec(int width, int height, int depth, double e0Ev, double[] energiesEv,
                               double edgeShiftEv, double snr, Kind kind, int particles, long seed) {

    /** What varies across the volume. */
    public enum Kind {
        /**
         * Every material voxel holds the reduced-state spectrum shifted by {@code edgeShiftEv * s}, with
         * {@code s = (x + y + z) / (width + height + depth - 3)} running smoothly from 0 to 1 across the volume.
         */
        EDGE_SHIFT,
        /**
         * Every material voxel holds {@code (1 - f) * reduced + f * oxidised} with
         * {@code f = (x + (height - 1 - y) + z) / (width + height + depth - 3)} from 0 to 1.
         */
        MIXTURE
    }

    public XanesPhantomSpec {
        if (width < 1 || height < 1 || depth < 1) {
            throw new InvalidInputException("phantom size must be at least 1 x 1 x 1, got " + width + " x " + height
                    + " x " + depth);
        }
        if ((long) width * height > Integer.MAX_VALUE) {
            throw new InvalidInputException("phantom slices of " + width + " x " + height + " are too large");
        }
        if (energiesEv == null) {
            throw new InvalidInputException("phantom energies are missing");
        }
        EnergySeries.checkEnergies(energiesEv, "phantom");
        energiesEv = energiesEv.clone();
        if (!Double.isFinite(e0Ev) || !(edgeShiftEv >= 0) || Double.isInfinite(edgeShiftEv)) {
            throw new InvalidInputException("phantom e0 must be finite and the edge shift finite and >= 0");
        }
        if (!(snr > 0)) {
            throw new InvalidInputException("phantom snr must be positive (or infinite for noise-free data), got "
                    + snr);
        }
        if (kind == null) {
            throw new InvalidInputException("phantom kind is missing");
        }
        if (particles < 0) {
            throw new InvalidInputException("phantom particles must be >= 0, got " + particles);
        }
    }

    /**
     * A Mn-K-like phantom: e0 = 6549 eV (an Mn oxide edge, 10 eV above the metal's 6539 eV), the 60 energies of
     * {@link XanesPhantom#energyGrid(double)}, a 5 eV edge shift, SNR 50, EDGE_SHIFT, no particles, seed 1.
     */
    public static XanesPhantomSpec defaults(int width, int height, int depth) {
        double e0 = 6549;
        return new XanesPhantomSpec(width, height, depth, e0, XanesPhantom.energyGrid(e0), 5, 50, Kind.EDGE_SHIFT, 0,
                1);
    }

    public XanesPhantomSpec withSnr(double v) {
        return new XanesPhantomSpec(width, height, depth, e0Ev, energiesEv, edgeShiftEv, v, kind, particles, seed);
    }

    public XanesPhantomSpec withKind(Kind v) {
        return new XanesPhantomSpec(width, height, depth, e0Ev, energiesEv, edgeShiftEv, snr, v, particles, seed);
    }

    public XanesPhantomSpec withParticles(int v) {
        return new XanesPhantomSpec(width, height, depth, e0Ev, energiesEv, edgeShiftEv, snr, kind, v, seed);
    }

    public XanesPhantomSpec withSeed(long v) {
        return new XanesPhantomSpec(width, height, depth, e0Ev, energiesEv, edgeShiftEv, snr, kind, particles, v);
    }

    public XanesPhantomSpec withEnergies(double[] v) {
        return new XanesPhantomSpec(width, height, depth, e0Ev, v, edgeShiftEv, snr, kind, particles, seed);
    }

    public XanesPhantomSpec withEdgeShift(double v) {
        return new XanesPhantomSpec(width, height, depth, e0Ev, energiesEv, v, snr, kind, particles, seed);
    }
}
