package org.fusionj.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.ParticleRegionGrid;
import org.fusionj.core.xanes.EdgeHistogram;
import org.fusionj.core.xanes.MaskCounts;
import org.fusionj.core.xanes.RegionSpectrum;
import org.fusionj.core.xanes.XanesMapper;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.io.Hdf5Reader;
import org.fusionj.io.JsonReader;
import org.fusionj.io.JsonWriter;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.xanes.XanesOutputFolder;

/**
 * One job on a running SparkContext: the driver's side of register, xanes, enhance and pipeline. The driver reads
 * only metadata (and one slice for the enhancement's noise level); every voxel is read by tasks. Input and output
 * are local paths or Hadoop URIs ({@link Location}).
 */
public final class ClusterRun {

    public static final String MAPS = "maps.zarr";
    public static final String REGISTERED = "registered.zarr";
    public static final String SUMMARY = "summary.json";
    public static final String SPECTRA = "spectra.csv";
    static final String ENERGIES = "energies.txt";
    static final String PARTICLES = "particles.csv";
    static final String HISTOGRAMS = "histograms.csv";

    /** What a run did, for the summary and the benchmark. */
    public record Summary(String command, int energies, int nx, int ny, int nz, int blocks, long inputBytes,
            long bytesRead, MaskCounts counts, int particles, Map<String, Double> seconds, List<String> written) {

        /** Bytes read by all tasks / bytes of the input. */
        public double readAmplification() {
            return inputBytes == 0 ? Double.NaN : (double) bytesRead / inputBytes;
        }
    }

    private ClusterRun() {
    }

    /** Runs {@code command} (register, xanes, enhance, pipeline) of {@code job}; progress lines go to {@code log}. */
    public static Summary run(JavaSparkContext sc, ClusterJob job, String command, PrintStream log)
            throws IOException {
        String runId = UUID.randomUUID().toString();
        try {
            return run(sc, job, command, log, runId);
        } finally {
            // the driver's JVM is an executor too in local mode
            ExecutorCache.release(runId);
        }
    }

    private static Summary run(JavaSparkContext sc, ClusterJob job, String command, PrintStream log, String runId)
            throws IOException {
        if (!ClusterJob.COMMANDS.contains(command)) {
            throw new InvalidInputException("command must be one of " + String.join(", ", ClusterJob.COMMANDS)
                    + ", got '" + command + "'");
        }
        Location out = Location.of(job.output());
        ArrayStore store = ArrayStore.of(job.input());
        LongAccumulator bytesRead = sc.sc().longAccumulator("bytes read");
        long[] shape = store.shape();
        if (command.equals("enhance")) {
            if (shape.length != 3) {
                throw new InvalidInputException("the stack to enhance must be a 3-D (z, y, x) array; "
                        + store.describe() + " has " + shape.length + " dimensions");
            }
            try (ResultFiles files = claim(sc, job, command, out, List.of(SUMMARY), List.of(EnhanceStage.OUTPUT))) {
                Map<String, Double> seconds = new LinkedHashMap<>();
                long t0 = System.nanoTime();
                int threads = ClusterJob.integer(job.resources(), "threads_per_task", 1);
                EnhanceStage.Setup setup = EnhanceStage.run(sc, job, store, files.array(EnhanceStage.OUTPUT),
                        threads, bytesRead);
                seconds.put("enhance", (System.nanoTime() - t0) / 1e9);
                log.printf(Locale.ROOT, "enhanced %d slices (%s, noise %.4g) in %.1f s%n", shape[0],
                        setup.parameters().coder().describe(), setup.noise(), seconds.get("enhance"));
                Summary s = new Summary(command, 0, (int) shape[2], (int) shape[1], (int) shape[0],
                        (int) ((shape[0] + setup.slab() - 1) / setup.slab()), bytes(shape), bytesRead.value(), null,
                        0, seconds, List.of());
                return commit(files, s);
            }
        }
        if (shape.length != 4) {
            throw new InvalidInputException("the series must be a 4-D (energy, z, y, x) array; " + store.describe()
                    + " has " + shape.length + " dimensions");
        }
        double[] energies = energies(job, store, (int) shape[0]);
        boolean register = command.equals("register") || command.equals("pipeline");
        boolean xanes = command.equals("xanes") || command.equals("pipeline");
        XanesParameters xp = xanes ? job.xanesParameters() : null;
        boolean particles = xanes && job.particles();
        List<String> names = new ArrayList<>();
        List<String> arrays = new ArrayList<>();
        if (register) {
            names.addAll(List.of(RegistrationJob.TRANSFORMS, RegistrationJob.TABLE));
        }
        if (xanes) {
            names.addAll(List.of(ENERGIES, Overview.FILE));
            arrays.add(MAPS);
            if (particles) {
                names.addAll(List.of(PARTICLES, HISTOGRAMS, SPECTRA));
            }
            if (job.writeRegistered()) {
                arrays.add(REGISTERED);
            }
        }
        names.add(SUMMARY);
        if (xanes) {
            // the windows must fit the energies: refuse now, not in the first block task after the registration
            new XanesMapper(1).mapBlock(new org.fusionj.core.xanes.EnergySeries(1, 1, 1, energies,
                    new float[energies.length][1][1]), xp, null, org.fusionj.core.progress.ProgressListener.NONE,
                    org.fusionj.core.progress.CancellationToken.NEVER);
        }
        try (ResultFiles files = claim(sc, job, command, out, names, arrays)) {
            return commit(files, series(sc, job, command, log, runId, files, store, energies, bytesRead));
        }
    }

    /** Claims the output folder; a failed run's staging folder is discarded once none of the job's tasks runs. */
    private static ResultFiles claim(JavaSparkContext sc, ClusterJob job, String command, Location out,
            List<String> files, List<String> arrays) throws IOException {
        return ResultFiles.claim(out, files, arrays, job.overwrite(), "fusionj-spark " + command)
                .discardAfter(() -> RunningTasks.awaitNone(sc));
    }

    /** Stages summary.json, commits the run's arrays and result files and lists them in the summary. */
    private static Summary commit(ResultFiles files, Summary s) throws IOException {
        stageSummary(files, s);
        List<String> all = new ArrayList<>(s.written());
        all.addAll(files.commit());
        return new Summary(s.command(), s.energies(), s.nx(), s.ny(), s.nz(), s.blocks(), s.inputBytes(),
                s.bytesRead(), s.counts(), s.particles(), s.seconds(), all);
    }

    private static long bytes(long[] shape) {
        long b = Float.BYTES;
        for (long s : shape) {
            b *= s;
        }
        return b;
    }

    /**
     * The registration and XANES stages of a series run; the arrays are written by tasks and the result files
     * staged, all in {@code files} (committed by the caller).
     */
    private static Summary series(JavaSparkContext sc, ClusterJob job, String command, PrintStream log,
            String runId, ResultFiles files, ArrayStore store, double[] energies, LongAccumulator bytesRead)
            throws IOException {
        String jobJson = job.toJson(null);
        int threads = ClusterJob.integer(job.resources(), "threads_per_task", 1);
        Map<String, Double> seconds = new LinkedHashMap<>();
        long[] shape = store.shape();
        int nx = (int) shape[3];
        int ny = (int) shape[2];
        int nz = (int) shape[1];
        boolean register = command.equals("register") || command.equals("pipeline");
        boolean xanes = command.equals("xanes") || command.equals("pipeline");
        XanesParameters xp = xanes ? job.xanesParameters() : null;
        boolean particles = xanes && job.particles();
        double[][] transforms = null;
        double[][][] particleTransforms = null;
        ParticleRegionGrid regions = null;
        int fixed = RegisterStage.fixedIndex(job.fixedEnergy(), energies);
        if (register) {
            long t0 = System.nanoTime();
            RegisterStage.Registration reg = RegisterStage.run(sc, jobJson, runId, store, energies, threads,
                    bytesRead);
            seconds.put("register", (System.nanoTime() - t0) / 1e9);
            RegisterStage.write(files, job.registrationParameters(), job.input(), energies, fixed, reg.outcomes(),
                    nx, ny, nz);
            transforms = new double[energies.length][];
            regions = reg.regions();
            if (regions != null) {
                particleTransforms = new double[energies.length][][];
            }
            for (RegisterStage.Outcome o : reg.outcomes()) {
                transforms[o.index] = o.transform;
                if (particleTransforms != null && o.index != fixed) {
                    particleTransforms[o.index] = o.particleTransforms;
                }
            }
            log.printf(Locale.ROOT, "registered %d energies to %s eV (downsample %d, refinement crop <= %d%s) in "
                    + "%.1f s%n", energies.length, energies[fixed], job.twoStageSettings().downsample(),
                    job.twoStageSettings().refineBox(), regions == null ? "" : ", " + regions.count()
                    + " particles", seconds.get("register"));
        }
        MaskCounts counts = null;
        int particleCount = 0;
        BlockGrid grid = new BlockGrid(nx, ny, nz, job.blockSize());
        if (xanes) {
            long t0 = System.nanoTime();
            XanesStage.Plan plan = new XanesStage.Plan();
            plan.jobJson = jobJson;
            plan.store = store;
            plan.grid = grid;
            plan.energies = energies;
            plan.transforms = transforms;
            plan.particleTransforms = particleTransforms;
            plan.fixed = fixed;
            plan.threads = threads;
            // the tasks write into this run's staging folder; the commit moves the arrays into place
            plan.maps = files.array(MAPS);
            plan.registered = job.writeRegistered() ? files.array(REGISTERED) : null;
            plan.mapNames = XanesStage.mapNames(xp);
            plan.particles = particles;
            plan.connectivity = XanesStage.connectivity(job);
            plan.minVoxels = ClusterJob.integer(job.xanes(), "min_voxels", 10);
            plan.binWidth = ClusterJob.number(job.xanes(), "bin_width", 0.25);
            plan.overviewFactor = Overview.factor(nx, ny, nz);
            var method = XanesStage.histogramMethod(xp);
            plan.method = method == null ? null : method.name();
            XanesStage.createArrays(plan, job, plan.registered != null);
            JavaRDD<XanesStage.BlockOutcome> blocks = XanesStage.run(sc, plan, regions, bytesRead);
            long[] c = blocks.map(o -> o.counts).reduce((a, b) -> {
                long[] s = new long[a.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = a[i] + b[i];
                }
                return s;
            });
            counts = new MaskCounts(c[0], c[1], c[2], c[3], c[4], c[5]);
            seconds.put("xanes", (System.nanoTime() - t0) / 1e9);
            log.printf(Locale.ROOT, "XANES maps of %d blocks of %d x %d x %d: %s (%.1f s)%n", grid.count(), grid.bx,
                    grid.by, grid.bz, counts.summary(), seconds.get("xanes"));
            if (counts.included() == 0) {
                blocks.unpersist();
                XanesStage.deleteScratch(plan);
                throw new InvalidInputException(XanesMapper.allMaskedMessage(counts, xp));
            }
            Overview.write(files, nx, ny, nz, plan.overviewFactor, plan.mapNames,
                    blocks.map(o -> o.overview).collect(), job.input().voxelSize(), job.input().unit(), energies);
            if (particles) {
                long t1 = System.nanoTime();
                List<ParticleMerge.Particle> merged = ParticleMerge.merge(sc, plan, blocks);
                particleCount = merged.size();
                List<EdgeHistogram> histograms = new ArrayList<>();
                List<RegionSpectrum> spectra = new ArrayList<>();
                for (ParticleMerge.Particle p : merged) {
                    if (p.histogram() != null) {
                        histograms.add(p.histogram());
                    }
                    spectra.add(p.spectrum());
                }
                var table = ParticleMerge.table(merged);
                files.stage(PARTICLES, tmp -> table.saveAs(tmp.toString()));
                files.stage(HISTOGRAMS, tmp -> XanesOutputFolder.writeHistograms(tmp, histograms));
                files.stage(SPECTRA, tmp -> XanesOutputFolder.writeSpectra(tmp, spectra, Map.of()));
                seconds.put("particles", (System.nanoTime() - t1) / 1e9);
                log.printf(Locale.ROOT, "%d particles merged across blocks (%.1f s)%n", particleCount,
                        seconds.get("particles"));
            }
            blocks.unpersist();
            XanesStage.deleteScratch(plan);
            StringBuilder e = new StringBuilder();
            for (double v : energies) {
                e.append(JsonWriter.number(v)).append('\n');
            }
            files.stage(ENERGIES, tmp -> Files.writeString(tmp, e.toString(), StandardCharsets.UTF_8));
        }
        return new Summary(command, energies.length, nx, ny, nz, xanes ? grid.count() : 0, bytes(shape),
                bytesRead.value(), counts, particleCount, seconds, List.of());
    }

    /** The energies of the job, else the input's {@code energies_eV} attribute. */
    static double[] energies(ClusterJob job, ArrayStore store, int count) throws IOException {
        double[] e = job.input().energiesEv();
        if (e.length == 0) {
            Object attr = null;
            if (job.input().format().equals("zarr")) {
                byte[] attrs = store.location().resolve(".zattrs").read();
                if (attrs != null) {
                    Object parsed = JsonReader.parse(new String(attrs, StandardCharsets.UTF_8));
                    attr = parsed instanceof Map<?, ?> m ? m.get("energies_eV") : null;
                }
            } else {
                try (Hdf5Reader r = Hdf5Reader.open(store.hdf5File())) {
                    attr = r.attributes(job.input().dataset()).get("energies_eV");
                }
            }
            if (attr instanceof List<?> l) {
                e = l.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            } else if (attr instanceof double[] d) {
                e = d;
            }
        }
        if (e.length != count) {
            throw new InvalidInputException(e.length == 0 ? "no energies: give input.energies_eV in the job file "
                    + "(or an energies_eV attribute on the input)" : "the job gives " + e.length + " energies but "
                    + "the series has " + count + " volumes");
        }
        return e;
    }

    private static void stageSummary(ResultFiles files, Summary s) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", s.command());
        m.put("energies", s.energies());
        m.put("size", List.of(s.nx(), s.ny(), s.nz()));
        m.put("blocks", s.blocks());
        m.put("input_bytes", (double) s.inputBytes());
        m.put("bytes_read", (double) s.bytesRead());
        m.put("read_amplification", s.readAmplification());
        if (s.counts() != null) {
            m.put("voxels_mapped", (double) s.counts().included());
            m.put("mask", s.counts().summary());
        }
        m.put("particles", s.particles());
        m.put("seconds", s.seconds());
        files.stage(SUMMARY, tmp -> Files.writeString(tmp, JsonWriter.write(m), StandardCharsets.UTF_8));
    }
}
