package org.fusionj.core.fusion;

/**
 * The three cost curves, one value per completed outer iteration. Their definitions depend on the preset
 * (see {@link FusionPreset}).
 *
 * @param haadf the HAADF data term {@code 1/2 ||A x^gamma - b||^2}
 * @param chem  the Poisson term on the elemental maps
 * @param tv    the TV term summed over elements
 */
public record CostLog(double[] haadf, double[] chem, double[] tv) {

    public int length() {
        return haadf.length;
    }
}
