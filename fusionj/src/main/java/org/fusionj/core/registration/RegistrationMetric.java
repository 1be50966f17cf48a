package org.fusionj.core.registration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Keyed;

/** What the registration minimises. */
public enum RegistrationMetric implements Keyed {
    /**
     * Mean squared error between the Otsu-binarised volumes (the paper's): binarising each volume with its own
     * threshold removes the gain change between energies.
     */
    MSE("mse"),
    /**
     * Normalised cross-correlation of the grey values (1 - NCC is minimised): invariant to gain and offset, needs
     * no threshold, and uses the texture inside the particles too.
     */
    NCC("ncc");

    private final String key;

    RegistrationMetric(String key) {
        this.key = key;
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
