package org.fusionj.core.registration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Keyed;

/** What the registration minimises: the metrics by key; each is one {@link Metric} class. */
public enum RegistrationMetric implements Keyed {
    /**
     * Mean squared error between the Otsu-binarised volumes (the paper's): binarising each volume with its own
     * threshold removes the gain change between energies.
     */
    MSE("mse", new BinarisedMse()),
    /**
     * Normalised cross-correlation of the grey values (1 - NCC is minimised): invariant to gain and offset, needs
     * no threshold, and uses the texture inside the particles too.
     */
    NCC("ncc", new NormalisedCrossCorrelation());

    private final String key;
    private final Metric implementation;

    RegistrationMetric(String key, Metric implementation) {
        this.key = key;
        this.implementation = implementation;
    }

    /** The class that computes this metric (value, gradient, band, pyramid input). */
    public Metric implementation() {
        return implementation;
    }

    @Override
    public String key() {
        return key;
    }

    public static RegistrationMetric parse(String text) {
        RegistrationMetric m = Keyed.find(values(), text);
        if (m != null) {
            return m;
        }
        // not Keyed.parse: the message says what each metric measures
        throw new InvalidInputException("metric must be mse (binarised mean squared error) or ncc (normalised "
                + "cross-correlation), got '" + text + "'");
    }
}
