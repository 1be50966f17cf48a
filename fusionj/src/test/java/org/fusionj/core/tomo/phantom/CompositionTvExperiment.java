package org.fusionj.core.tomo.phantom;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.tomo.CompositionTv;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoFusionSolver;

/**
 * Experiment harness (not a test; run by hand with the test class path) for the edge-preserving composition
 * regulariser ({@link CompositionTv}) as a post-processing of a fused result (docs/fusion-tomography.md, "A
 * composition (phase) prior"): one solve saved to a raw file, then many regulariser settings scored in seconds.
 *
 * <pre>java -cp ... org.fusionj.core.tomo.phantom.CompositionTvExperiment solve SIZE SHAPE SEED DOSE FILE [CONFIG]
 * java -cp ... org.fusionj.core.tomo.phantom.CompositionTvExperiment post SIZE SHAPE SEED DOSE FILE VARIANT...</pre>
 * {@code solve} reconstructs with {@code CONFIG} (as {@link TomoPriorExperiment}, default {@code joint=0.015}) and
 * writes the volumes (scaled, as the solver returns them), the HAADF weights and gamma to {@code FILE}. {@code post}
 * rebuilds the phantom, reads {@code FILE} and scores the plain result and, per VARIANT {@code mu[:dense[:it]]}, the
 * result with its composition regularised (TV weight {@code mu}, density threshold {@code dense}, default 0.3,
 * {@code it} primal-dual iterations, default 200). Lines as {@link TomoPriorExperiment}'s.
 */
public final class CompositionTvExperiment {

    private CompositionTvExperiment() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        int size = Integer.parseInt(args[1]);
        String shape = args[2];
        long seed = Long.parseLong(args[3]);
        double dose = Double.parseDouble(args[4]);
        Path file = Path.of(args[5]);
        int threads = 2;
        TomoPhantom phantom = phantom(size, shape, seed, dose, threads);
        TomoPriorExperiment.Regions regions = TomoPriorExperiment.Regions.of(phantom, size);
        String head = String.format(Locale.ROOT, "%d %s seed %d dose %.2f", size, shape, seed, dose);
        if (mode.equals("solve")) {
            String config = args.length > 6 ? args[6] : "joint=0.015";
            long t0 = System.nanoTime();
            TomoFusionResult r = new TomoFusionSolver(threads).solve(phantom.problem(),
                    TomoPriorExperiment.parse(config));
            double sec = (System.nanoTime() - t0) / 1e9;
            write(file, r.volumes(), r.weights(), TomoPriorExperiment.parse(config).gamma());
            System.out.println(String.format(Locale.ROOT, "%s | %-20s | ", head, config)
                    + TomoPriorExperiment.score(phantom, regions, r.volumes())
                    + String.format(Locale.ROOT, " | %.0f s", sec));
            return;
        }
        Saved saved = read(file, phantom.truth().size());
        System.out.println(String.format(Locale.ROOT, "%s | %-20s | ", head, "plain")
                + TomoPriorExperiment.score(phantom, regions, saved.volumes));
        int w = size;
        int d = size;
        int h = saved.volumes.get(0).length / (w * d);
        try (RowBlocks blocks = new RowBlocks(threads)) {
            for (int i = 6; i < args.length; i++) {
                String[] p = args[i].split(":");
                double mu = Double.parseDouble(p[0]);
                float dense = p.length > 1 ? Float.parseFloat(p[1]) : CompositionTv.DENSE;
                int it = p.length > 2 ? Integer.parseInt(p[2]) : 200;
                float[][] x = new float[saved.volumes.size()][];
                for (int e = 0; e < x.length; e++) {
                    x[e] = saved.volumes.get(e).clone();
                }
                long t0 = System.nanoTime();
                new CompositionTv(saved.weights, saved.gamma).apply(x, w, d, h, mu, dense, it, blocks,
                        CancellationToken.NEVER);
                double sec = (System.nanoTime() - t0) / 1e9;
                System.out.println(String.format(Locale.ROOT, "%s | ctv mu %-6s dense %.2f it %3d | ", head, p[0],
                        dense, it) + TomoPriorExperiment.score(phantom, regions, List.of(x))
                        + String.format(Locale.ROOT, " | %.1f s", sec));
            }
        }
    }

    static TomoPhantom phantom(int size, String shape, long seed, double dose, int threads) {
        TomoPhantomSpec base = TomoPhantomSpec.defaults(size);
        TomoPhantomSpec.Builder b = base.toBuilder().seed(seed).chemDose(base.chemDose() * dose);
        if (shape.equals("gradient")) {
            return TomoPriorExperiment.gradient(b.shape(ParticleShape.MIXED).build(), threads);
        }
        return TomoPhantom.generate(b.shape(ParticleShape.valueOf(shape.toUpperCase(Locale.ROOT))).build(), threads);
    }

    record Saved(List<float[]> volumes, float[] weights, double gamma) {
    }

    static void write(Path file, List<float[]> volumes, double[] weights, double gamma) {
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                Files.newOutputStream(file)))) {
            out.writeInt(volumes.size());
            out.writeInt(volumes.get(0).length);
            out.writeDouble(gamma);
            for (double wt : weights) {
                out.writeDouble(wt);
            }
            ByteBuffer buf = ByteBuffer.allocate(volumes.get(0).length * 4).order(ByteOrder.BIG_ENDIAN);
            for (float[] v : volumes) {
                buf.clear();
                buf.asFloatBuffer().put(v);
                out.write(buf.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Saved read(Path file, int expectedElements) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int ne = in.readInt();
            int n = in.readInt();
            if (ne != expectedElements) {
                throw new IOException(file + ": " + ne + " volumes, expected " + expectedElements);
            }
            double gamma = in.readDouble();
            float[] w = new float[ne];
            for (int e = 0; e < ne; e++) {
                w[e] = (float) in.readDouble();
            }
            List<float[]> vols = new ArrayList<>();
            byte[] bytes = new byte[n * 4];
            for (int e = 0; e < ne; e++) {
                in.readFully(bytes);
                float[] v = new float[n];
                ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(v);
                vols.add(v);
            }
            return new Saved(vols, w, gamma);
        }
    }
}
