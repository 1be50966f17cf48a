package org.fusionj.core.dictionary;

import java.util.List;

/**
 * A learnt dictionary and what the user should know about it.
 *
 * @param dictionary the dictionary (its info holds the PSF and noise actually used, estimated or given)
 * @param warnings   allowed but questionable choices (e.g. fewer atoms than patch pixels), for the log
 * @param unusedAtomReplacements how many times an atom nobody used was replaced by a data patch
 */
public record LearnResult(Dictionary dictionary, List<String> warnings, int unusedAtomReplacements) {

    public LearnResult {
        warnings = List.copyOf(warnings);
    }
}
