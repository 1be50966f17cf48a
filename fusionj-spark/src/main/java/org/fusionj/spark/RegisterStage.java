package org.fusionj.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.LargeVolume;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.ParticleRegionGrid;
import org.fusionj.core.registration.PreparedVolume;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.RegistrationQuality;
import org.fusionj.core.registration.TwoStageRegistrar;
import org.fusionj.core.registration.Volume;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.registration.RegistrationTables;
import org.fusionj.workflow.registration.TransformsJson;

/**
 * Registration on Spark: one task makes the fixed volume's downsampled copy (read slab by slab), the driver
 * broadcasts it (and, in per-particle mode, the fixed volume's particle regions found on it), then one task per
 * energy runs {@link TwoStageRegistrar} (coarse on its own downsampled copy, then the full-resolution refinement on
 * crops, then each particle's own fit). Writes transforms.json and registration.csv as {@code bin/fusionj register}
 * does.
 *
 * <p>Reads: a volume that fits an eighth of the executor's heap is read once, whole, and the downsampled copy and
 * every crop are cut from memory ({@link ExecutorCache#wholeIfItFits}); the fixed volume, its prepared coarse copy
 * and its prepared refinement crops are made once per executor JVM and shared by its tasks
 * ({@link ExecutorCache}). Larger volumes are read box by box (a downsampling pass, then the crops).
 */
final class RegisterStage {

    /** One energy's answer, in plain numbers (what crosses the network). */
    static final class Outcome implements Serializable {
        private static final long serialVersionUID = 1L;
        int index;
        double[] transform;
        double[] coarse;
        double mseBefore;
        double diceBefore;
        double mseAfter;
        double diceAfter;
        int iterations;
        boolean keptCoarse;
        double seconds;
        /** Per-particle mode: per particle its label, voxels, centroid (3) and transform (12). */
        int[] particleLabels = new int[0];
        long[] particleVoxels = new long[0];
        double[][] particleCentroids = new double[0][];
        double[][] particleTransforms = new double[0][];

        List<PairResult.ParticleTransform> particles() {
            List<PairResult.ParticleTransform> out = new ArrayList<>();
            for (int k = 0; k < particleLabels.length; k++) {
                out.add(new PairResult.ParticleTransform(particleLabels[k], particleVoxels[k],
                        particleCentroids[k], AffineTransform3D.of(particleTransforms[k])));
            }
            return out;
        }
    }

    /** Serializable float volume. */
    static final class VolumeData implements Serializable {
        private static final long serialVersionUID = 1L;
        final int nx;
        final int ny;
        final int nz;
        final float[] data;

        VolumeData(Volume v) {
            nx = v.nx();
            ny = v.ny();
            nz = v.nz();
            data = v.data();
        }

        Volume volume() {
            return new Volume(nx, ny, nz, data);
        }
    }

    /** What the registration found: one outcome per energy, and the particle regions in per-particle mode. */
    record Registration(List<Outcome> outcomes, ParticleRegionGrid regions) {
    }

    private RegisterStage() {
    }

    /** Index of the fixed energy: "highest" or the energy nearest the given eV (within 0.5 eV). */
    static int fixedIndex(String choice, double[] energies) {
        if (choice == null || choice.equalsIgnoreCase("highest")) {
            return energies.length - 1;
        }
        double e = Double.parseDouble(choice.trim());
        for (int i = 0; i < energies.length; i++) {
            if (Math.abs(energies[i] - e) <= 0.5) {
                return i;
            }
        }
        throw new org.fusionj.core.InvalidInputException("the fixed energy " + choice + " eV is not one of the "
                + "series' energies (" + energies[0] + " to " + energies[energies.length - 1] + " eV)");
    }

    private static String fixedName(double[] energies, int fixed) {
        return "the fixed volume (" + energies[fixed] + " eV)";
    }

    /** The fixed volume as the tasks of this executor share it (read whole once when it fits). */
    static LargeVolume sharedFixed(String runId, ArrayStore store, int fixed, LongAccumulator bytesRead) {
        return (LargeVolume) ExecutorCache.of(runId).computeIfAbsent("fixed volume",
                k -> ExecutorCache.wholeIfItFits(new SeriesVolume(store, fixed, bytesRead)));
    }

    /**
     * Runs the registration; returns one outcome per energy, in index order (the fixed one's is the identity).
     *
     * @param jobJson the job with absolute paths ({@code job.toJson(null)}): tasks parse it themselves, since the
     *                parameter records are not serializable
     * @param runId   names this run's shared values in the executors ({@link ExecutorCache})
     */
    static Registration run(JavaSparkContext sc, String jobJson, String runId, ArrayStore store, double[] energies,
            int threads, LongAccumulator bytesRead) {
        ClusterJob job = ClusterJob.parse(jobJson, null);
        int fixed = fixedIndex(job.fixedEnergy(), energies);
        // validate on the driver before any task starts
        new TwoStageRegistrar(job.registrationParameters(), job.twoStageSettings(), new RowBlocks(1),
                CancellationToken.NEVER);
        VolumeData fixedDown = sc.parallelize(List.of(fixed), 1).map(f -> {
            ClusterJob j = ClusterJob.parse(jobJson, null);
            try (RowBlocks blocks = new RowBlocks(threads)) {
                TwoStageRegistrar r = new TwoStageRegistrar(j.registrationParameters(), j.twoStageSettings(), blocks,
                        CancellationToken.NEVER);
                return new VolumeData(r.downsampled(sharedFixed(runId, store, f, bytesRead)));
            }
        }).collect().get(0);
        ParticleRegionGrid regions = null;
        if (job.registrationParameters().perParticle()) {
            // the same regions for every energy: found once, here, on the fixed volume's coarse copy
            try (RowBlocks blocks = new RowBlocks(threads)) {
                TwoStageRegistrar r = new TwoStageRegistrar(job.registrationParameters(), job.twoStageSettings(),
                        blocks, CancellationToken.NEVER);
                regions = r.particleRegions(r.prepareCoarseFixed(fixedDown.volume(), fixedName(energies, fixed)));
            }
        }
        Broadcast<VolumeData> shared = sc.broadcast(fixedDown);
        Broadcast<ParticleRegionGrid> sharedRegions = sc.broadcast(regions);
        List<Integer> moving = new ArrayList<>();
        for (int i = 0; i < energies.length; i++) {
            if (i != fixed) {
                moving.add(i);
            }
        }
        List<Outcome> done = sc.parallelize(moving, Math.max(1, moving.size())).map(i -> {
            long t0 = System.nanoTime();
            ClusterJob j = ClusterJob.parse(jobJson, null);
            ConcurrentMap<String, Object> cache = ExecutorCache.of(runId);
            @SuppressWarnings("unchecked")
            ConcurrentMap<String, PreparedVolume> crops = (ConcurrentMap<String, PreparedVolume>) cache
                    .computeIfAbsent("prepared fixed crops", k -> new ConcurrentHashMap<String, PreparedVolume>());
            try (RowBlocks blocks = new RowBlocks(threads)) {
                TwoStageRegistrar r = new TwoStageRegistrar(j.registrationParameters(), j.twoStageSettings(), blocks,
                        CancellationToken.NEVER).sharingFixedCrops(crops);
                PreparedVolume coarseFixed = (PreparedVolume) cache.computeIfAbsent("prepared coarse fixed",
                        k -> r.prepareCoarseFixed(shared.value().volume(), fixedName(energies, fixed)));
                LargeVolume fixedVolume = j.twoStageSettings().downsample() == 1 ? null
                        : sharedFixed(runId, store, fixed, bytesRead);
                LargeVolume movingVolume = ExecutorCache.wholeIfItFits(new SeriesVolume(store, i, bytesRead));
                TwoStageRegistrar.Result res = r.register(coarseFixed, fixedVolume, movingVolume, energies[i]
                        + " eV (index " + i + ")", sharedRegions.value());
                return outcome(i, res, (System.nanoTime() - t0) / 1e9);
            }
        }).collect();
        shared.destroy();
        sharedRegions.destroy();
        Outcome[] all = new Outcome[energies.length];
        for (Outcome o : done) {
            all[o.index] = o;
        }
        Outcome self = new Outcome();
        self.index = fixed;
        self.transform = AffineTransform3D.identity().rows3x4();
        self.coarse = self.transform;
        self.diceBefore = 1;
        self.diceAfter = 1;
        all[fixed] = self;
        return new Registration(List.of(all), regions);
    }

    static Outcome outcome(int index, TwoStageRegistrar.Result res, double seconds) {
        Outcome o = new Outcome();
        o.index = index;
        o.transform = res.transform().rows3x4();
        o.coarse = res.coarse().rows3x4();
        o.mseBefore = res.coarseResult().before().mse();
        o.diceBefore = res.coarseResult().before().dice();
        RegistrationQuality after = res.refineAfter() != null ? res.refineAfter() : res.coarseResult().after();
        o.mseAfter = after.mse();
        o.diceAfter = after.dice();
        o.iterations = res.iterations();
        o.keptCoarse = res.keptCoarse();
        o.seconds = seconds;
        int k = res.particles().size();
        o.particleLabels = new int[k];
        o.particleVoxels = new long[k];
        o.particleCentroids = new double[k][];
        o.particleTransforms = new double[k][];
        for (int p = 0; p < k; p++) {
            PairResult.ParticleTransform pt = res.particles().get(p);
            o.particleLabels[p] = pt.label();
            o.particleVoxels[p] = pt.voxels();
            o.particleCentroids[p] = pt.centroid().clone();
            o.particleTransforms[p] = pt.transform().rows3x4();
        }
        return o;
    }

    /** Stages transforms.json and registration.csv, as the single-machine command writes them. */
    static void write(ResultFiles files, RegistrationParameters params,
            ClusterJob.Input input, double[] energies, int fixed, List<Outcome> outcomes, int nx, int ny, int nz)
            throws IOException {
        List<PairResult> results = new ArrayList<>();
        for (Outcome o : outcomes) {
            results.add(new PairResult(AffineTransform3D.of(o.transform), List.copyOf(o.particles()), null,
                    new RegistrationQuality(o.mseBefore, o.diceBefore), new RegistrationQuality(o.mseAfter,
                            o.diceAfter), o.iterations, o.keptCoarse));
        }
        String json = TransformsJson.write(params, input.voxelSize(), input.unit(), energies, fixed, results);
        var table = RegistrationTables.table(results, energies, new double[] {(nx - 1) / 2.0, (ny - 1) / 2.0,
            (nz - 1) / 2.0});
        files.stage(RegistrationJob.TRANSFORMS, tmp -> java.nio.file.Files.writeString(tmp, json,
                java.nio.charset.StandardCharsets.UTF_8));
        files.stage(RegistrationJob.TABLE, tmp -> table.saveAs(tmp.toString()));
    }
}
