package org.fusionj.core.registration;

import java.util.Arrays;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;

/**
 * Registers every volume of a series to one fixed volume, one volume at a time: only the fixed volume (prepared),
 * the current moving volume and its registered copy are held, so the heap stays bounded by a few volumes whatever
 * the number of energies. Energies are visited outward from the fixed one, so each can start from its
 * neighbour's result (the sample drifts gradually). With {@code chain}, each energy is registered to its neighbour
 * towards the fixed one instead, and the transform to the fixed grid is the composition along the chain (its quality
 * figures are still measured against the fixed volume). Works the same on 2-D images (depth 1).
 */
public final class SeriesRegistrar {

    /** Supplies the volumes of the series, one at a time (e.g. converted from one frame of a hyperstack). */
    public interface VolumeSource {
        int count();

        Volume volume(int index);

        /** How the user knows volume {@code index}, e.g. "energy 6552.0 eV (frame 4)". */
        String name(int index);

        /** A source of {@code count} volumes from {@code loader}, named "volume 1", "volume 2", ... */
        static VolumeSource of(int count, java.util.function.IntFunction<Volume> loader) {
            return new VolumeSource() {
                @Override
                public int count() {
                    return count;
                }

                @Override
                public Volume volume(int index) {
                    return loader.apply(index);
                }

                @Override
                public String name(int index) {
                    return "volume " + (index + 1);
                }
            };
        }
    }

    /** Receives each registered volume as soon as it is done (in processing order, not index order). */
    @FunctionalInterface
    public interface Sink {
        void accept(int index, PairResult result, Volume registered);
    }

    private final RegistrationParameters params;
    private final RowBlocks blocks;
    private final ProgressListener progress;
    private final CancellationToken cancel;

    public SeriesRegistrar(RegistrationParameters params, RowBlocks blocks, ProgressListener progress,
            CancellationToken cancel) {
        this.params = params;
        this.blocks = blocks;
        this.progress = progress;
        this.cancel = cancel;
    }

    /** Refuses a series that cannot be registered, before any work. */
    public static void check(int count, int fixedIndex) {
        if (count < 2) {
            throw new InvalidInputException("the series has " + count + " energy (frame): there is nothing to register "
                    + "it to; a series needs at least 2 (for one pair of volumes use Register Two Volumes)");
        }
        if (fixedIndex < 0 || fixedIndex >= count) {
            throw new InvalidInputException("the fixed energy must be one of the " + count + " energies (frame 1 to "
                    + count + "), got frame " + (fixedIndex + 1));
        }
    }

    /** @return the result per index (the fixed volume's is the identity) */
    public List<PairResult> register(VolumeSource source, int fixedIndex, Sink sink) {
        int n = source.count();
        check(n, fixedIndex);
        PairRegistrar pair = new PairRegistrar(params, blocks, cancel);
        progress.progress(0, "preparing the fixed volume (" + source.name(fixedIndex) + ")");
        Volume fixedVolume = source.volume(fixedIndex);
        PreparedVolume fixed = pair.prepare(fixedVolume, "the fixed volume (" + source.name(fixedIndex) + ")");
        PairResult[] results = new PairResult[n];
        RegistrationQuality self = RegistrationQuality.of(fixed, fixed,
                AffineTransform3D.identity(), blocks);
        results[fixedIndex] = new PairResult(AffineTransform3D.identity(), List.of(), null, self, self, 0, false);
        sink.accept(fixedIndex, results[fixedIndex], fixedVolume);
        // chain mode: the prepared neighbour towards the fixed volume, and the last relative transform (for the start)
        PreparedVolume neighbourPrepared = fixed;
        AffineTransform3D lastRelative = null;
        int done = 1;
        int[] order = new int[n - 1];
        int k = 0;
        for (int i = fixedIndex - 1; i >= 0; i--) {
            order[k++] = i;
        }
        for (int i = fixedIndex + 1; i < n; i++) {
            order[k++] = i;
        }
        for (int i : order) {
            cancel.throwIfCancelled();
            progress.progress((double) done / n, "registering " + source.name(i) + " (" + (done + 1) + " of " + n
                    + ")");
            Volume movingVolume = source.volume(i);
            PreparedVolume moving = pair.prepare(movingVolume, "the moving volume (" + source.name(i) + ")");
            int neighbour = i < fixedIndex ? i + 1 : i - 1;
            if (params.chain()) {
                if (neighbour == fixedIndex) {
                    neighbourPrepared = fixed;
                    lastRelative = null;
                }
                PairResult relative = pair.register(neighbourPrepared, moving,
                        params.initFromNeighbour() ? lastRelative : null);
                AffineTransform3D global = relative.global().after(results[neighbour].global());
                RegistrationQuality before = RegistrationQuality.of(fixed, moving,
                        PairRegistrar.centresAligned(fixed.original(), moving.original()), blocks);
                RegistrationQuality after = RegistrationQuality.of(fixed, moving, global, blocks);
                results[i] = new PairResult(global, List.of(), null, before, after, relative.iterations(),
                        relative.keptStart());
                neighbourPrepared = moving;
                lastRelative = relative.global();
            } else {
                AffineTransform3D init = params.initFromNeighbour() && neighbour != fixedIndex
                        ? results[neighbour].global() : null;
                results[i] = pair.register(fixed, moving, init);
            }
            sink.accept(i, results[i], pair.resample(movingVolume, fixedVolume, results[i]));
            done++;
        }
        progress.progress(1, "registered " + n + " volumes");
        return Arrays.asList(results);
    }
}
