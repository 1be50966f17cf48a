package org.fusionj.core.fusion.series;

/**
 * What a series fusion reports besides the frames it handed to the sink.
 *
 * @param frames     number of frames fused
 * @param costHaadf  per frame, the last HAADF cost
 * @param costChem   per frame, the last Poisson cost
 * @param costTv     per frame, the last TV cost
 * @param millis     per frame, the wall time of its solve in milliseconds (with frames in parallel they overlap)
 */
public record SeriesSummary(int frames, double[] costHaadf, double[] costChem, double[] costTv, double[] millis) {
}
