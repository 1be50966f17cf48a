package org.fusionj.workflow.registration;

import java.util.List;
import java.util.Locale;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.Interpolation;
import org.fusionj.core.registration.Resampler;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.spectral.SpectralSeries;
import org.fusionj.core.spectral.VoxelSize;

/**
 * Applies a saved transforms file to other data: the raw volumes when a binned or filtered copy was registered,
 * another channel, a label image (nearest-neighbour, so labels stay labels). Series: frame i takes the file's volume
 * i; one volume: the chosen entry. 2-D and 3-D alike. When the data's voxel is smaller than the registered one
 * (a binned copy was registered), the transforms are carried over to the data's grid ({@link Resampler#forVoxelSize}).
 * Per-particle files need the region map of the registration (which particle's transform each fixed voxel takes),
 * at the registration's voxel size.
 */
public final class ApplyTransforms {

    private ApplyTransforms() {
    }

    /**
     * The registration's voxel size over the data's, from their calibrations: 1 when either is uncalibrated or
     * they agree; refused when the units differ or the axes disagree.
     */
    public static double voxelRatio(TransformsFile t, VoxelSize data) {
        if (data == null || "pixel".equals(data.unit()) || "pixel".equals(t.unit())) {
            return 1;
        }
        if (!data.unit().equals(t.unit())) {
            throw new InvalidInputException("the transforms were found on data in " + t.unit() + ", this data is in "
                    + data.unit() + "; calibrate both in the same unit");
        }
        double rx = t.voxelSize()[0] / data.x();
        double ry = t.voxelSize()[1] / data.y();
        if (Math.abs(rx - ry) > 1e-6 * rx) {
            throw new InvalidInputException(String.format(Locale.ROOT, "the registration's voxel is %.4g x %.4g %s, "
                    + "this data's %.4g x %.4g: the ratio differs between x and y", t.voxelSize()[0],
                    t.voxelSize()[1], t.unit(), data.x(), data.y()));
        }
        return rx;
    }

    /**
     * Every frame of {@code series} through its entry of the file, onto the fixed grid (the frame's own size).
     *
     * @param regions per fixed voxel, 0 = the global transform, k = particle k's (the registration's region map);
     *                needed for per-particle files, else null
     */
    public static SpectralSeries series(TransformsFile t, SpectralSeries series, Interpolation interp, int[] regions,
            int threads, ProgressListener progress, CancellationToken cancel) {
        if (series.count() != t.count()) {
            throw new InvalidInputException(series.title() + " has " + series.count() + " energies but the "
                    + "transforms file holds " + t.count() + " volumes; apply it to a series of the registered one's "
                    + "length, or to one volume with its index");
        }
        double ratio = voxelRatio(t, series.voxelSize());
        float[][][] out = new float[series.count()][][];
        try (RowBlocks blocks = new RowBlocks(threads)) {
            for (int i = 0; i < series.count(); i++) {
                cancel.throwIfCancelled();
                progress.progress((double) i / series.count(), "applying the transforms to " + series.name(i));
                Volume v = Volume.ofSlices(series.width(), series.height(), series.frame(i));
                out[i] = volume(t, i, v, interp, ratio, regions, blocks).toSlices();
            }
        }
        progress.progress(1, "transforms applied to " + series.count() + " volumes");
        return SpectralSeries.of(series.title() + " registered", series.energies(), series.width(), series.height(),
                series.depth(), series.voxelSize(), out);
    }

    /**
     * One volume (or 2-D image) through entry {@code index} of the file, onto a grid of its own size.
     *
     * @param ratio the registration's voxel size over this volume's ({@link #voxelRatio})
     */
    public static Volume volume(TransformsFile t, int index, Volume v, Interpolation interp, double ratio,
            int[] regions, RowBlocks blocks) {
        if (index < 0 || index >= t.count()) {
            throw new InvalidInputException("volume index " + index + " is not in the transforms file (0 to "
                    + (t.count() - 1) + ")");
        }
        TransformsFile.Entry e = t.volumes().get(index);
        AffineTransform3D global = Resampler.forVoxelSize(e.matrix(), ratio);
        if (e.particles().isEmpty()) {
            return Resampler.resample(v, v.nx(), v.ny(), v.nz(), global, interp, blocks);
        }
        if (regions == null) {
            throw new InvalidInputException("the transforms file holds per-particle transforms; give the "
                    + "registration's particle regions (which transform each voxel takes) to apply them");
        }
        if (ratio != 1) {
            throw new InvalidInputException("per-particle transforms apply at the registration's voxel size only "
                    + "(this data's voxel differs by a factor " + ratio + ")");
        }
        if (regions.length != v.voxels()) {
            throw new InvalidInputException("the particle regions have " + regions.length + " voxels, the volume "
                    + v.voxels());
        }
        List<TransformsFile.Particle> ps = e.particles();
        for (int r : regions) {
            if (r < 0 || r > ps.size()) {
                throw new InvalidInputException("the particle regions hold region " + r + ", but volume " + index
                        + " has " + ps.size() + " particle transforms");
            }
        }
        AffineTransform3D[] byRegion = new AffineTransform3D[ps.size() + 1];
        byRegion[0] = global;
        for (int k = 0; k < ps.size(); k++) {
            byRegion[k + 1] = ps.get(k).matrix();
        }
        return Resampler.resample(v, v.nx(), v.ny(), v.nz(), i -> byRegion[regions[i]], interp, blocks);
    }
}
