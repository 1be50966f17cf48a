package org.fusionj.core.fusion.phantom;

import org.fusionj.core.Keyed;

/**
 * What a {@link PhantomSpec} specimen looks like: grains of a crystal lattice seen down a zone axis (atomic columns,
 * one sublattice per element), or nanoparticles on a thin support seen at lower magnification (no columns, projected
 * thickness and composition vary smoothly inside each particle).
 */
public enum Structure implements Keyed {

    /** Square lattice; sublattices of a projected perovskite ({@code ABO3} down [001]) and two more. */
    SQUARE("square", new double[][] {{1, 0}, {0, 1}}, new double[][][] {
        {{0, 0}},
        {{0.5, 0.5}},
        {{0.5, 0}, {0, 0.5}},
        {{0.25, 0.25}, {0.75, 0.75}},
        {{0.25, 0.75}, {0.75, 0.25}},
    }),

    /** Rectangular lattice, second axis 1.4 times the first (an orthorhombic projection); the square's sites. */
    RECTANGULAR("rectangular", new double[][] {{1, 0}, {0, 1.4}}, SQUARE.sites),

    /**
     * Hexagonal (triangular) lattice; sites of a projected wurtzite/MoS2-like structure: corners, the two triangle
     * centres, edge midpoints, and one more site 0.29 periods from its neighbours.
     */
    HEXAGONAL("hexagonal", new double[][] {{1, 0}, {0.5, Math.sqrt(3) / 2}}, new double[][][] {
        {{0, 0}},
        {{1.0 / 3, 1.0 / 3}},
        {{2.0 / 3, 2.0 / 3}},
        {{0.5, 0}, {0, 0.5}, {0.5, 0.5}},
        {{1.0 / 6, 2.0 / 3}},
    }),

    /**
     * Nanoparticles (round, faceted or rod-shaped; solid alloys, core-shell or Janus) on a support, one per grain
     * cell at most: composition varies on the scale of the particles, not of atomic columns.
     */
    PARTICLES("particles", null, null);

    private final String key;
    /** Lattice basis vectors in units of the lattice period (null for particles). */
    final double[][] basis;
    /** Sites of each element's sublattice, fractional coordinates of the basis (null for particles). */
    final double[][][] sites;

    Structure(String key, double[][] basis, double[][][] sites) {
        this.key = key;
        this.basis = basis;
        this.sites = sites;
    }

    @Override
    public String key() {
        return key;
    }

    /** Whether the specimen is made of atomic columns. */
    public boolean isLattice() {
        return basis != null;
    }
}
