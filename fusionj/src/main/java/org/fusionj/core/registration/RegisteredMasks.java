package org.fusionj.core.registration;

import org.fusionj.core.parallel.RowBlocks;

/**
 * The Otsu masks of a series registration, for the XANES step: a {@link SeriesRegistrar.Sink} that passes every
 * registered volume on and keeps the mask of the fixed volume (the registration's own binarisation, after the
 * optional median) and the voxels inside the mask of every registered volume (material at every energy: where a
 * spectrum means something). Masks are {@code [z][x + y * nx]}, 1 inside. Holds two masks, whatever the number of
 * energies.
 */
public final class RegisteredMasks implements SeriesRegistrar.Sink {

    private final SeriesRegistrar.Sink next;
    private final RegistrationParameters params;
    private final RowBlocks blocks;
    private final int fixedIndex;
    private byte[][] fixed;
    private byte[][] everyEnergy;

    /**
     * @param next       receives every volume after the masks are taken (may be a no-op)
     * @param fixedIndex the series' fixed volume (its mask is the registration's)
     */
    public RegisteredMasks(SeriesRegistrar.Sink next, RegistrationParameters params, int fixedIndex,
            RowBlocks blocks) {
        this.next = next;
        this.params = params;
        this.fixedIndex = fixedIndex;
        this.blocks = blocks;
    }

    @Override
    public void accept(int index, PairResult result, Volume registered) {
        byte[][] mask = mask(registered, params, "the registered volume " + (index + 1), blocks);
        if (index == fixedIndex) {
            fixed = copy(mask);
        }
        if (everyEnergy == null) {
            everyEnergy = mask;
        } else {
            for (int z = 0; z < mask.length; z++) {
                for (int i = 0; i < mask[z].length; i++) {
                    everyEnergy[z][i] &= mask[z][i];
                }
            }
        }
        next.accept(index, result, registered);
    }

    /** The Otsu mask of a volume as the registration binarises it (median first when the parameters say so). */
    public static byte[][] mask(Volume v, RegistrationParameters params, String name, RowBlocks blocks) {
        Volume cleaned = params.median() ? new Volume(v.nx(), v.ny(), v.nz(),
                org.fusionj.core.segment.MedianFilter3D.filter(v.data(), v.nx(), v.ny(), v.nz(), blocks)) : v;
        Volume binary = PreparedVolume.binarise(cleaned, name, blocks, new int[6]);
        int plane = v.nx() * v.ny();
        byte[][] out = new byte[v.nz()][plane];
        float[] d = binary.data();
        for (int z = 0; z < v.nz(); z++) {
            for (int i = 0; i < plane; i++) {
                out[z][i] = (byte) (d[z * plane + i] > 0.5f ? 1 : 0);
            }
        }
        return out;
    }

    private static byte[][] copy(byte[][] m) {
        byte[][] c = new byte[m.length][];
        for (int z = 0; z < m.length; z++) {
            c[z] = m[z].clone();
        }
        return c;
    }

    /** The fixed volume's Otsu mask (null until it has passed). */
    public byte[][] fixedMask() {
        return fixed;
    }

    /** Voxels inside the Otsu mask of every registered volume so far. */
    public byte[][] everyEnergyMask() {
        return everyEnergy;
    }
}
