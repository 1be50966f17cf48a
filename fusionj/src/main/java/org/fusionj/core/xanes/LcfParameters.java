package org.fusionj.core.xanes;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.fusionj.core.InvalidInputException;

/**
 * Linear-combination fitting of each voxel's normalised spectrum with 2 to 4 reference spectra: non-negative
 * fractions, optionally summing to 1, fitted by least squares over a window of energies (see
 * {@link LinearCombinationFit}).
 *
 * @param references          2 to 4 references with distinct names, each covering the series' energy range
 * @param sumToOne            constrain the fractions to sum to 1
 * @param fitWindow           energies used in the fit, relative to E0 (Athena's usual choice is E0 - 20 to
 *                            E0 + 30 eV)
 * @param normaliseReferences normalise the references with the series' pre- and post-edge windows after
 *                            interpolating them onto the series energies (true: give raw mu; the step is nearly
 *                            idempotent, so already normalised references pass through almost unchanged); false:
 *                            use them as given (they must already be normalised)
 * @param shiftsEv            an energy shift per reference in eV, added to its energies before it is interpolated
 *                            onto the series (a calibration offset between the standards and the sample; Athena's
 *                            E0 shift of a standard). All 0 by default; {@link LcfShifts} fits them
 *                            [{@code lcf_shifts}]
 */
public record LcfParameters(List<ReferenceSpectrum> references, boolean sumToOne, EnergyWindow fitWindow,
                            boolean normaliseReferences, double[] shiftsEv) {

    /** No shifts. */
    public LcfParameters(List<ReferenceSpectrum> references, boolean sumToOne, EnergyWindow fitWindow,
                         boolean normaliseReferences) {
        this(references, sumToOne, fitWindow, normaliseReferences,
                new double[references == null ? 0 : references.size()]);
    }

    /** Fewest references. */
    public static final int MIN_REFERENCES = 2;
    /** Most references: the exact active-set enumeration visits 2^n - 1 subsets per voxel. */
    public static final int MAX_REFERENCES = 4;
    /** Default fit window relative to E0. */
    public static final EnergyWindow DEFAULT_FIT_WINDOW = new EnergyWindow(-20, 30);

    public LcfParameters {
        if (references == null) {
            throw new InvalidInputException("no reference spectra given for linear-combination fitting");
        }
        if (references.size() < MIN_REFERENCES || references.size() > MAX_REFERENCES) {
            throw new InvalidInputException("linear-combination fitting takes " + MIN_REFERENCES + " to "
                    + MAX_REFERENCES + " reference spectra, got " + references.size());
        }
        Set<String> names = new HashSet<>();
        for (ReferenceSpectrum r : references) {
            if (r == null) {
                throw new InvalidInputException("a reference spectrum is missing (null)");
            }
            if (!names.add(r.name())) {
                throw new InvalidInputException("two reference spectra are both named '" + r.name()
                        + "'; names must differ (they name the fraction maps)");
            }
        }
        references = List.copyOf(references);
        if (fitWindow == null) {
            throw new InvalidInputException("the LCF fit window is missing");
        }
        if (shiftsEv == null || shiftsEv.length != references.size()) {
            throw new InvalidInputException("lcf_shifts needs one shift per reference (" + references.size()
                    + "), got " + (shiftsEv == null ? 0 : shiftsEv.length));
        }
        for (double v : shiftsEv) {
            if (!Double.isFinite(v)) {
                throw new InvalidInputException("an LCF energy shift is not a finite number of eV: " + v);
            }
        }
        shiftsEv = shiftsEv.clone();
    }

    /** The same fit with these shifts (eV, one per reference). */
    public LcfParameters withShifts(double[] shifts) {
        return new LcfParameters(references, sumToOne, fitWindow, normaliseReferences, shifts);
    }

    /** Sum-to-one fit over the default window, references normalised like the series. */
    public static LcfParameters of(List<ReferenceSpectrum> references) {
        return new LcfParameters(references, true, DEFAULT_FIT_WINDOW, true);
    }

    /** The reference names, in order. */
    public List<String> names() {
        return references.stream().map(ReferenceSpectrum::name).toList();
    }
}
