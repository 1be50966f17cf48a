package org.fusionj.core.fusion;

import java.util.List;

/**
 * What the fusion solver returns.
 *
 * @param symbols         element symbols, in map order
 * @param fusedMaps       the fused maps, in map order, on the normalised [0, 1] scale of the inputs
 * @param modelHaadf      the model HAADF {@code A x^gamma}
 * @param normalisedHaadf the HAADF after min-max normalisation (what the model is compared to)
 * @param normalisedMaps  the maps after min-max normalisation
 * @param weights         the forward-model weights actually used
 * @param lambdaHaadf     the HAADF weight actually used
 * @param costs           cost curves, one value per iteration
 * @param width           image width
 * @param height          image height
 */
public record FusionResult(List<String> symbols, List<float[]> fusedMaps, float[] modelHaadf,
                           float[] normalisedHaadf, List<float[]> normalisedMaps, double[] weights,
                           double lambdaHaadf, CostLog costs, int width, int height) {
}
