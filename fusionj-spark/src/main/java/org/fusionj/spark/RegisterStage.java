package org.fusionj.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.measure.Calibration;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.PreparedVolume;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.RegistrationQuality;
import org.fusionj.core.registration.TwoStageRegistrar;
import org.fusionj.core.registration.Volume;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.registration.RegistrationTables;
import org.fusionj.workflow.registration.TransformsJson;

/**
 * Registration on Spark: one task makes the fixed volume's downsampled copy (read slab by slab), the driver
 * broadcasts it, then one task per energy runs {@link TwoStageRegistrar} (coarse on its own downsampled copy, then
 * the full-resolution refinement on crops it reads itself). Writes transforms.json and registration.csv as
 * {@code bin/fusionj register} does.
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

    /**
     * Runs the registration; returns one outcome per energy, in index order (the fixed one's is the identity).
     *
     * @param jobJson the job with absolute paths ({@code job.toJson(null)}): tasks parse it themselves, since the
     *                parameter records are not serializable
     */
    static List<Outcome> run(JavaSparkContext sc, String jobJson, ArrayStore store, double[] energies,
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
                return new VolumeData(r.downsampled(new SeriesVolume(store, f, bytesRead)));
            }
        }).collect().get(0);
        Broadcast<VolumeData> shared = sc.broadcast(fixedDown);
        List<Integer> moving = new ArrayList<>();
        for (int i = 0; i < energies.length; i++) {
            if (i != fixed) {
                moving.add(i);
            }
        }
        List<Outcome> done = sc.parallelize(moving, Math.max(1, moving.size())).map(i -> {
            long t0 = System.nanoTime();
            ClusterJob j = ClusterJob.parse(jobJson, null);
            try (RowBlocks blocks = new RowBlocks(threads)) {
                TwoStageRegistrar r = new TwoStageRegistrar(j.registrationParameters(), j.twoStageSettings(), blocks,
                        CancellationToken.NEVER);
                PreparedVolume coarseFixed = r.prepareCoarseFixed(shared.value().volume(), "the fixed volume ("
                        + energies[fixed] + " eV)");
                TwoStageRegistrar.Result res = r.register(coarseFixed, new SeriesVolume(store, fixed, bytesRead),
                        new SeriesVolume(store, i, bytesRead), energies[i] + " eV (index " + i + ")");
                return outcome(i, res, (System.nanoTime() - t0) / 1e9);
            }
        }).collect();
        shared.destroy();
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
        return List.of(all);
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
        return o;
    }

    /** transforms.json and registration.csv, as the single-machine command writes them. */
    static List<Path> write(Path out, boolean overwrite, RegistrationParameters params, ClusterJob.Input input,
            double[] energies, int fixed, List<Outcome> outcomes, int nx, int ny, int nz) throws IOException {
        List<PairResult> results = new ArrayList<>();
        for (Outcome o : outcomes) {
            results.add(new PairResult(AffineTransform3D.of(o.transform), List.of(), null,
                    new RegistrationQuality(o.mseBefore, o.diceBefore), new RegistrationQuality(o.mseAfter,
                            o.diceAfter), o.iterations, o.keptCoarse));
        }
        Calibration cal = new Calibration();
        cal.pixelWidth = input.voxelSize()[0];
        cal.pixelHeight = input.voxelSize()[1];
        cal.pixelDepth = input.voxelSize()[2];
        cal.setUnit(input.unit());
        String json = TransformsJson.write(params, cal, energies, fixed, results);
        var table = RegistrationTables.table(results, energies, new double[] {(nx - 1) / 2.0, (ny - 1) / 2.0,
            (nz - 1) / 2.0});
        List<String> names = List.of(RegistrationJob.TRANSFORMS, RegistrationJob.TABLE);
        try (OutputFolder folder = OutputPlan.folder(out, names, overwrite).claim("fusionj-spark register")) {
            folder.stage(RegistrationJob.TRANSFORMS, tmp -> Files.writeString(tmp, json, StandardCharsets.UTF_8));
            folder.stage(RegistrationJob.TABLE, tmp -> table.saveAs(tmp.toString()));
            return folder.commit();
        }
    }

    /** Reads the matrices of a transforms.json written by any FusionJ registration. */
    @SuppressWarnings("unchecked")
    static double[][] readTransforms(Path file, int energies) throws IOException {
        Object parsed = org.fusionj.io.JsonReader.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!(parsed instanceof java.util.Map<?, ?> m) || !(m.get("volumes") instanceof List<?> volumes)) {
            throw new org.fusionj.core.InvalidInputException(file + " is not a FusionJ transforms file");
        }
        if (volumes.size() != energies) {
            throw new org.fusionj.core.InvalidInputException(file + " has " + volumes.size() + " transforms, the "
                    + "series " + energies + " energies");
        }
        double[][] out = new double[energies][];
        for (Object v : volumes) {
            java.util.Map<String, Object> vm = (java.util.Map<String, Object>) v;
            int index = ((Double) vm.get("index")).intValue();
            List<List<Double>> rows = (List<List<Double>>) vm.get("matrix");
            double[] m16 = new double[16];
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    m16[4 * r + c] = rows.get(r).get(c);
                }
            }
            out[index] = AffineTransform3D.ofMatrix4x4(m16).rows3x4();
        }
        return out;
    }
}
