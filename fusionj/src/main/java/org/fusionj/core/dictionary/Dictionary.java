package org.fusionj.core.dictionary;

import org.fusionj.core.InvalidInputException;

/**
 * A learnt dictionary and everything needed to use it again: k atoms of p x p pixels (rows, pixels row-major),
 * the global scale s the patches were divided by, and how it was learnt. Plain dictionaries code and rebuild with
 * the same atoms; coupled ones code on the LR atoms and rebuild with the HR atoms.
 *
 * @param patchSize    p
 * @param atomCount    k
 * @param codingAtoms  k x p^2, row-major, norms &lt;= 1 (D, or D_L of a coupled dictionary)
 * @param rebuildAtoms k x p^2 (the same array as codingAtoms for a plain dictionary, D_H for a coupled one)
 * @param scale        s: patches are {@code (patch - its mean) / s}
 * @param info         how it was learnt
 */
public record Dictionary(int patchSize, int atomCount, double[] codingAtoms, double[] rebuildAtoms, double scale,
        DictionaryInfo info) {

    /** Atom norms may exceed 1 by this much (rounding of stored values). */
    static final double NORM_TOLERANCE = 1e-6;

    public Dictionary {
        if (patchSize < 2) {
            throw new InvalidInputException("dictionary patch size must be at least 2, got " + patchSize);
        }
        if (atomCount < 1) {
            throw new InvalidInputException("the dictionary has no atoms");
        }
        if (info == null) {
            throw new InvalidInputException("the dictionary's metadata (mode, seed, ...) is missing");
        }
        int length = patchSize * patchSize;
        if (codingAtoms == null || codingAtoms.length != atomCount * length) {
            throw new InvalidInputException("the dictionary's atoms do not match its metadata: expected " + atomCount
                    + " atoms of " + patchSize + " x " + patchSize + " = " + atomCount * length + " values, got "
                    + (codingAtoms == null ? 0 : codingAtoms.length));
        }
        if (rebuildAtoms == null || rebuildAtoms.length != codingAtoms.length) {
            throw new InvalidInputException("the dictionary's rebuild (HR) atoms do not match its coding atoms");
        }
        if (info.mode() == DictionaryMode.PLAIN && rebuildAtoms != codingAtoms
                && !java.util.Arrays.equals(rebuildAtoms, codingAtoms)) {
            throw new InvalidInputException("a plain dictionary must rebuild with its coding atoms");
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new InvalidInputException("the dictionary's scale s must be a number > 0, got " + scale);
        }
        for (int a = 0; a < atomCount; a++) {
            double sq = 0;
            for (int i = 0; i < length; i++) {
                double v = codingAtoms[a * length + i];
                double w = rebuildAtoms[a * length + i];
                if (!Double.isFinite(v) || !Double.isFinite(w)) {
                    throw new InvalidInputException("atom " + a + " of the dictionary has NaN or infinite values");
                }
                sq += v * v;
            }
            if (Math.sqrt(sq) > 1 + NORM_TOLERANCE) {
                throw new InvalidInputException("atom " + a + " of the dictionary has norm " + Math.sqrt(sq)
                        + " (coding atoms must have norm <= 1)");
            }
        }
    }

    /** A plain dictionary: the same atoms code and rebuild. */
    public static Dictionary plain(int patchSize, int atomCount, double[] atoms, double scale, DictionaryInfo info) {
        return new Dictionary(patchSize, atomCount, atoms, atoms, scale, info);
    }

    public DictionaryMode mode() {
        return info.mode();
    }

    public int patchLength() {
        return patchSize * patchSize;
    }

    /** Gram matrix of the coding atoms. */
    public GramMatrix codingGram() {
        return GramMatrix.of(codingAtoms, atomCount, patchLength());
    }
}
