package org.fusionj.core.dictionary;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;

/**
 * How to enhance an image with a dictionary.
 *
 * @param coder     the sparse coder and its sparsity
 * @param stride    distance between patch corners, &gt;= 1 [{@code stride}]; 1 codes every patch, 2 to 4 are
 *                  about stride^2 times faster
 * @param weighting how overlapping patches are averaged [{@code weighting}]
 */
public record EnhanceParameters(CoderSettings coder, int stride, OverlapWeighting weighting) {

    public EnhanceParameters {
        if (coder == null) {
            throw new InvalidInputException("the coder is missing");
        }
        Require.atLeastOne("stride", stride);
        if (weighting == null) {
            throw new InvalidInputException("the overlap weighting is missing (uniform or windowed)");
        }
    }

    /** Every patch, uniform averaging. */
    public static EnhanceParameters of(CoderSettings coder) {
        return new EnhanceParameters(coder, 1, OverlapWeighting.UNIFORM);
    }
}
