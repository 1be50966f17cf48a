package org.fusionj.core.registration;

import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/** What the registration minimises. */
public enum RegistrationMetric {
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

    public String key() {
        return key;
    }

    public static RegistrationMetric parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (RegistrationMetric m : values()) {
            if (m.key.equals(t)) {
                return m;
            }
        }
        throw new InvalidInputException("metric must be mse (binarised mean squared error) or ncc (normalised "
                + "cross-correlation), got '" + text + "'");
    }
}
