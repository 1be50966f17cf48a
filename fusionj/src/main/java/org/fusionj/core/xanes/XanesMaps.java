package org.fusionj.core.xanes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link XanesMapper} returns: float volumes as {@code [z][x + y * width]} planes, NaN where a voxel is masked
 * or the estimator found nothing; a map that was not requested is null.
 *
 * @param width           voxels per row
 * @param height          rows per slice
 * @param depth           slices
 * @param mask            1 where the voxel was mapped, 0 where it was masked ({@code [z][i]}); always present
 * @param edgeJump        edge jump (post(E0) - pre(E0)) of included voxels, if requested
 * @param halfHeight      {@link EdgeMethod#HALF_HEIGHT} energy in eV
 * @param halfHeightCubic {@link EdgeMethod#HALF_HEIGHT_CUBIC} energy in eV
 * @param maxDerivative   {@link EdgeMethod#MAX_DERIVATIVE} energy in eV
 * @param whiteLineEnergy {@link EdgeMethod#WHITE_LINE} peak energy in eV
 * @param whiteLineHeight {@link EdgeMethod#WHITE_LINE} peak height on the normalised scale
 * @param referenceNames  LCF reference names, in fraction order (empty without LCF)
 * @param fractions       LCF fractions, {@code [reference][z][i]}, or null
 * @param lcfResidual     LCF root-mean-square residual over the fit window (normalised units), or null
 * @param counts          how many voxels were mapped and why the others were not
 * @param windowLimit     1 where an edge-energy estimate of a mapped voxel landed on the limit of its window (the
 *                        edge or white-line window cut it off): that estimate is NaN in its map ({@code [z][i]})
 * @param sharedWidth     the map's white-line width, which the fitted max_derivative's voxels take where their
 *                        local window has too few votes or they are outliers in it (see
 *                        {@link XanesMapper.SharedWidth}), or null when no width was shared
 */
public record XanesMaps(int width, int height, int depth, byte[][] mask, float[][] edgeJump, float[][] halfHeight,
                        float[][] halfHeightCubic, float[][] maxDerivative, float[][] whiteLineEnergy,
                        float[][] whiteLineHeight, List<String> referenceNames, float[][][] fractions,
                        float[][] lcfResidual, MaskCounts counts, byte[][] windowLimit,
                        XanesMapper.SharedWidth sharedWidth) {

    /** The map of an edge-energy method (for WHITE_LINE, the peak energy), or null when not requested. */
    public float[][] edgeEnergy(EdgeMethod method) {
        return switch (method) {
            case HALF_HEIGHT -> halfHeight;
            case HALF_HEIGHT_CUBIC -> halfHeightCubic;
            case MAX_DERIVATIVE -> maxDerivative;
            case WHITE_LINE -> whiteLineEnergy;
        };
    }

    /**
     * The computed maps by their snake_case names, in a fixed order: edge_jump, half_height, half_height_cubic,
     * max_derivative, white_line_energy, white_line_height, fraction_NAME (one per reference), lcf_residual. The
     * mask is not included. Units: eV for energies, normalised absorption for heights, fractions and residual,
     * raw absorption units for the edge jump.
     */
    public Map<String, float[][]> namedMaps() {
        Map<String, float[][]> m = new LinkedHashMap<>();
        put(m, "edge_jump", edgeJump);
        put(m, "half_height", halfHeight);
        put(m, "half_height_cubic", halfHeightCubic);
        put(m, "max_derivative", maxDerivative);
        put(m, "white_line_energy", whiteLineEnergy);
        put(m, "white_line_height", whiteLineHeight);
        if (fractions != null) {
            for (int r = 0; r < fractions.length; r++) {
                m.put("fraction_" + referenceNames.get(r), fractions[r]);
            }
        }
        put(m, "lcf_residual", lcfResidual);
        return m;
    }

    private static void put(Map<String, float[][]> m, String key, float[][] v) {
        if (v != null) {
            m.put(key, v);
        }
    }
}
