package org.fusionj.core.dictionary;

import org.fusionj.core.Keyed;

/** How a dictionary was learnt, which decides what enhancing with it does. */
public enum DictionaryMode implements Keyed {
    /** One dictionary on STEM patches (the paper's): codes and rebuilds with the same atoms; denoises. */
    PLAIN("plain"),
    /**
     * Atoms learnt on stacked [HR; LR] pairs simulated from the STEM image: codes on the LR half, rebuilds with
     * the HR half; restores resolution.
     */
    COUPLED("coupled");

    private final String key;

    DictionaryMode(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static DictionaryMode parse(String text) {
        return Keyed.parse(values(), text, "mode");
    }
}
