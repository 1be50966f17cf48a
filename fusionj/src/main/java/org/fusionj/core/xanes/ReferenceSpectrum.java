package org.fusionj.core.xanes;

import org.fusionj.core.InvalidInputException;

/**
 * A reference (standard) spectrum for linear-combination fitting, e.g. MnO or Mn2O3 measured in bulk. It is
 * interpolated linearly onto the series energies, so it must cover the whole energy range of the series.
 *
 * @param name       shown in messages and used to name the fraction map ("fraction_MnO")
 * @param energiesEv finite, strictly increasing, at least two
 * @param mu         absorption, one finite value per energy (raw or already normalised; see
 *                   {@link LcfParameters#normaliseReferences()})
 */
public record ReferenceSpectrum(String name, double[] energiesEv, double[] mu) {

    public ReferenceSpectrum {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("every reference spectrum needs a name");
        }
        name = name.trim();
        if (energiesEv == null || mu == null) {
            throw new InvalidInputException("reference '" + name + "' has no energies or no values");
        }
        if (energiesEv.length != mu.length) {
            throw new InvalidInputException("reference '" + name + "' has " + energiesEv.length + " energies but "
                    + mu.length + " values");
        }
        if (energiesEv.length < 2) {
            throw new InvalidInputException("reference '" + name + "' has " + energiesEv.length
                    + " points; at least 2 are needed");
        }
        for (int i = 0; i < energiesEv.length; i++) {
            if (!Double.isFinite(energiesEv[i])) {
                throw new InvalidInputException("reference '" + name + "': energy " + (i + 1) + " is "
                        + energiesEv[i]);
            }
            if (i > 0 && !(energiesEv[i] > energiesEv[i - 1])) {
                throw new InvalidInputException("reference '" + name + "': energies must increase strictly, but "
                        + "energy " + (i + 1) + " (" + EnergySeries.fmt(energiesEv[i]) + " eV) is not above energy "
                        + i + " (" + EnergySeries.fmt(energiesEv[i - 1]) + " eV)");
            }
            if (!Double.isFinite(mu[i])) {
                throw new InvalidInputException("reference '" + name + "': value " + (i + 1) + " (at "
                        + EnergySeries.fmt(energiesEv[i]) + " eV) is " + mu[i]);
            }
        }
    }

    /** The reference moved by {@code shiftEv} eV along the energy axis (the same values at energies + shift). */
    public ReferenceSpectrum shifted(double shiftEv) {
        if (shiftEv == 0) {
            return this;
        }
        double[] e = energiesEv.clone();
        for (int i = 0; i < e.length; i++) {
            e[i] += shiftEv;
        }
        return new ReferenceSpectrum(name, e, mu);
    }

    /** Lowest energy. */
    public double firstEv() {
        return energiesEv[0];
    }

    /** Highest energy. */
    public double lastEv() {
        return energiesEv[energiesEv.length - 1];
    }

    /**
     * The reference linearly interpolated at {@code targets} (strictly increasing).
     *
     * @throws InvalidInputException when the reference does not cover the targets' range; the message names the
     *                               reference and both ranges
     */
    public double[] interpolate(double[] targets) {
        double lo = targets[0];
        double hi = targets[targets.length - 1];
        double tol = 1e-9 * Math.max(1, Math.abs(hi));
        if (firstEv() > lo + tol || lastEv() < hi - tol) {
            throw new InvalidInputException("reference '" + name + "' covers " + EnergySeries.fmt(firstEv())
                    + " to " + EnergySeries.fmt(lastEv()) + " eV, but the series spans " + EnergySeries.fmt(lo)
                    + " to " + EnergySeries.fmt(hi) + " eV; a reference must cover every energy of the series "
                    + "(measure it over a wider range or crop the series)");
        }
        double[] out = new double[targets.length];
        int k = 0;
        int last = energiesEv.length - 1;
        for (int i = 0; i < targets.length; i++) {
            double e = Math.min(Math.max(targets[i], firstEv()), lastEv());
            while (k < last - 1 && energiesEv[k + 1] < e) {
                k++;
            }
            double e0 = energiesEv[k];
            double e1 = energiesEv[k + 1];
            double t = (e - e0) / (e1 - e0);
            out[i] = mu[k] + t * (mu[k + 1] - mu[k]);
        }
        return out;
    }
}
