package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.fusion.phantom.FusionPhantom;
import org.fusionj.core.fusion.phantom.PhantomSpec;
import org.fusionj.io.Hdf5Reader;
import org.fusionj.io.ImageFiles;
import org.fusionj.io.NpyWriter;
import org.fusionj.workflow.fusion.FusionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code fusionj fuse --lambda_chem auto --lambda_tv auto}: chosen per element, printed, recorded, deterministic. */
class AutoLambdaCliTest {

    private static final int W = 64;
    private static final int H = 48;

    @TempDir
    Path temp;

    /** The phantom's HAADF and Poisson count maps as NPY files; returns the --haadf and --maps arguments. */
    private List<String> inputs() throws Exception {
        FusionPhantom p = FusionPhantom.generate(PhantomSpec.defaults(W, H), 1);
        List<String> args = new ArrayList<>();
        Path haadf = temp.resolve("haadf.npy");
        NpyWriter.writeFloat32(haadf, new int[] {H, W}, p.haadf().pixels());
        args.add("--haadf");
        args.add(haadf.toString());
        args.add("--maps");
        for (int e = 0; e < p.symbols().size(); e++) {
            Path m = temp.resolve(p.symbols().get(e) + ".npy");
            NpyWriter.writeFloat32(m, new int[] {H, W}, p.noisyMaps().get(e));
            args.add(m.toString());
        }
        args.add("--elements");
        args.add(String.join(",", p.symbols()));
        return args;
    }

    private static CliRun fuse(List<String> inputs, String... more) {
        return CliRun.of("fuse", inputs, more);
    }

    @Test
    @Timeout(300)
    void autoChoosesPerElementPrintsAndRecordsTheValuesWhateverTheThreads() throws Exception {
        List<String> in = inputs();
        String[] symbols = in.get(in.indexOf("--elements") + 1).split(",");
        Path a = temp.resolve("a");
        Path b = temp.resolve("b");
        CliRun r1 = fuse(in, "--lambda_chem", "auto", "--lambda_tv", "auto", "--out", a.toString(), "--quiet",
                "--threads", "1");
        assertEquals(0, r1.status(), r1.err());
        CliRun r3 = fuse(in, "--lambda_chem", "AUTO", "--lambda_tv", "auto", "--out", b.toString(), "--quiet",
                "--threads", "3");
        assertEquals(0, r3.status(), r3.err());
        String line1 = autoLine(r1.out());
        assertTrue(line1.contains("Poisson thinning"), line1);
        for (String s : symbols) {
            assertTrue(line1.contains(s + " lambda_chem "), s + " missing from " + line1);
        }
        assertTrue(r1.out().contains("lambda_chem auto, lambda_tv auto"), r1.out());
        assertEquals(line1, autoLine(r3.out()), "the choice must not depend on the threads");
        for (String s : symbols) {
            assertArrayEquals(pixels(a.resolve("fused_" + s + ".tif")), pixels(b.resolve("fused_" + s + ".tif")),
                    s);
        }
        try (Hdf5Reader h5 = Hdf5Reader.open(a.resolve(FusionRecord.FILE_NAME))) {
            var attrs = h5.attributes("/");
            double[] chem = (double[]) attrs.get("lambda_chem_per_element");
            double[] iterations = (double[]) attrs.get("n_iter_per_element");
            assertEquals(symbols.length, chem.length);
            for (int e = 0; e < symbols.length; e++) {
                // the printed choice and the record agree
                String printed = String.format(java.util.Locale.ROOT, "%s lambda_chem %.3g", symbols[e], chem[e]);
                assertTrue(line1.contains(printed), printed + " not in " + line1);
                assertTrue(line1.contains(symbols[e] + " lambda_chem") && line1.contains(
                        String.format(java.util.Locale.ROOT, "n_iter %d", (int) iterations[e])), line1);
            }
        }
    }

    @Test
    @Timeout(120)
    void autoForOneLambdaOnlyIsRefusedInOneLine() throws Exception {
        List<String> in = inputs();
        CliRun r = fuse(in, "--lambda_chem", "auto", "--lambda_tv", "0.1", "--out", temp.resolve("c").toString());
        r.assertRefused("lambda_chem and lambda_tv are chosen together", "lambda_tv 0.1");
        CliRun bad = fuse(in, "--lambda_chem", "automatic", "--lambda_tv", "auto", "--out",
                temp.resolve("c").toString());
        bad.assertRefused("lambda_chem");
    }

    private static String autoLine(String out) {
        return out.lines().filter(l -> l.startsWith("automatic parameters (")).findFirst()
                .orElseThrow(() -> new AssertionError("no automatic parameters line in:\n" + out));
    }

    private static float[] pixels(Path tif) throws Exception {
        return (float[]) ImageFiles.open(tif.toString()).getProcessor().getPixels();
    }
}
