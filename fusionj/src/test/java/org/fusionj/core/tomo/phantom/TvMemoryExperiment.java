package org.fusionj.core.tomo.phantom;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoFusionSolver;

/**
 * Experiment harness (not a test; run by hand with the test class path) of the tomography memory work
 * (docs/fusion-tomography.md, "Speed and memory"): one fused solve of the mixed phantom, dose 1, printed as the
 * SHA-256 of its volumes' floats (to show that a change keeps the results bit for bit), the normalised RMSE per
 * element against the truth, the mean, and the process's CPU time of the solve.
 *
 * <pre>java -cp ... org.fusionj.core.tomo.phantom.TvMemoryExperiment SIZE SEED THREADS [CONFIG]</pre>
 * {@code CONFIG}: as {@link TomoPriorExperiment} ({@code joint=0.015,ctvf=0.3}, ...), empty or {@code default} for
 * the defaults; the word {@code warm} adds the joint TV with warm duals ({@code TomoFusionParameters.warmTv}), e.g.
 * {@code warm} alone for the defaults with it. Without the word the joint TV step is FGP ({@code tv_warm_start}
 * false), as when the experiment was written, although warm duals are the defaults' since 2026-12-07 (evening).
 */
public final class TvMemoryExperiment {

    private TvMemoryExperiment() {
    }

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        String config = args.length > 3 ? args[3] : "default";
        TomoFusionParameters params = config.equals("default") ? TomoFusionParameters.defaults()
                : configure(config);
        TomoPhantom phantom = CompositionTvExperiment.phantom(size, "mixed", seed, 1.0, threads);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        TomoFusionResult r = new TomoFusionSolver(threads).solve(phantom.problem(), params);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (float[] v : r.volumes()) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 4);
            b.asFloatBuffer().put(v);
            md.update(b.array());
        }
        double[] err = TomoScore.nrmse(phantom, r.volumes());
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d seed %d threads %d %s |", size, seed,
                threads, config));
        for (double e : err) {
            s.append(String.format(Locale.ROOT, " %.4f", e));
        }
        s.append(String.format(Locale.ROOT, " | mean %.4f | %.1f s wall %.1f s CPU | sha256 %s", TomoScore.mean(err),
                wall, cpu, HexFormat.of().formatHex(md.digest()).substring(0, 16)));
        System.out.println(s);
    }

    /** {@link TomoPriorExperiment#parse}, plus the word {@code warm}: the joint TV with warm duals. */
    private static TomoFusionParameters configure(String config) {
        boolean warm = false;
        StringBuilder rest = new StringBuilder();
        for (String part : config.split(",")) {
            if (part.equals("warm")) {
                warm = true;
            } else {
                rest.append(rest.length() > 0 ? "," : "").append(part);
            }
        }
        TomoFusionParameters.Builder b = rest.length() == 0 ? TomoFusionParameters.builder()
                : TomoPriorExperiment.parse(rest.toString()).toBuilder();
        return b.warmTv(warm).build();
    }
}
