package org.fusionj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.Opener;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.Resampler;
import org.fusionj.core.registration.SeriesRegistrar;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.registration.phantom.TransformError;
import org.fusionj.core.segment.Components;
import org.fusionj.core.segment.ConnectedComponents;
import org.fusionj.core.segment.Connectivity;
import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.core.xanes.EdgeHistogram;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.XanesMapper;
import org.fusionj.core.xanes.XanesMaps;
import org.fusionj.core.xanes.XanesStatistics;
import org.fusionj.io.ZarrArray;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.dictionary.DictionaryImages;
import org.fusionj.workflow.dictionary.EnhanceJob;
import org.fusionj.workflow.dictionary.EnhanceSettings;
import org.fusionj.workflow.dictionary.LearnJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed pipeline in local[2] on the loopback interface, against the single-machine kernels: transforms,
 * resampled blocks, XANES maps, particle labels and statistics, enhanced slices. One SparkContext for the class
 * (starting one costs several CPU-seconds).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkPipelineTest {

    private JavaSparkContext sc;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        sc = new JavaSparkContext(FusionJSpark.configureLocal(new SparkConf().setAppName("FusionJ tests"), 2));
        sc.setLogLevel("WARN");
    }

    @AfterAll
    void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    private ClusterRun.Summary run(ClusterJob job, String command) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ClusterRun.Summary s = ClusterRun.run(sc, job, command, new PrintStream(log, true));
        System.out.print(log);
        return s;
    }

    private static ClusterJob withRegistration(ClusterJob j, int downsample, boolean writeRegistered) {
        Map<String, Object> reg = new LinkedHashMap<>(j.registration());
        reg.put("downsample", (double) downsample);
        return new ClusterJob(j.command(), j.input(), j.output(), true, j.compression(), writeRegistered,
                j.blockSize(), reg, j.xanes(), j.enhance(), j.resources());
    }

    private static float[] readAll(Path array) throws Exception {
        ZarrArray a = ZarrArray.open(array);
        long[] s = a.shape();
        int[] size = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            size[i] = (int) s[i];
        }
        return a.read(new long[s.length], size);
    }

    private static float[] flat(float[][] planes) {
        return XanesStage.flatten(planes);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void atFullResolutionTheTransformsAreTheSingleMachineSeriesRegistrationsBitForBit() throws Exception {
        SpectroPhantom p = new SpectroPhantom(40, 6, 3);
        ClusterJob job = withRegistration(FusionJSpark.pipelineJob(p.writeZarr(tmp.resolve("s.zarr"), 20, 2),
                tmp.resolve("reg"), p.energies(), 20, 1), 1, false);
        run(job, "register");
        double[][] spark = RegisterStage.readTransforms(tmp.resolve("reg/transforms.json"), p.count());
        RegistrationParameters params = job.registrationParameters().toBuilder().initFromNeighbour(false).build();
        List<PairResult> local;
        try (RowBlocks blocks = new RowBlocks(2)) {
            local = new SeriesRegistrar(params, blocks, ProgressListener.NONE, CancellationToken.NEVER).register(
                    new SeriesRegistrar.VolumeSource() {
                        @Override
                        public int count() {
                            return p.count();
                        }

                        @Override
                        public Volume volume(int index) {
                            return p.volume(index, blocks);
                        }

                        @Override
                        public String name(int index) {
                            return "energy " + index;
                        }
                    }, p.count() - 1, (i, r, v) -> { });
        }
        for (int i = 0; i < p.count(); i++) {
            assertArrayEquals(local.get(i).global().rows3x4(), spark[i], 0, "energy " + i);
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void thePipelineRegistersUnderATenthOfAVoxelAndItsBlocksEqualTheSingleMachineMaps() throws Exception {
        SpectroPhantom p = new SpectroPhantom(64, 12, 7);
        Path series = p.writeZarr(tmp.resolve("series.zarr"), 32, 2);
        ClusterJob job = withRegistration(FusionJSpark.pipelineJob(series, tmp.resolve("out"), p.energies(), 24, 4),
                4, true);
        ClusterRun.Summary s = run(job, "pipeline");
        int n = p.size();
        double[][] t = RegisterStage.readTransforms(tmp.resolve("out/transforms.json"), p.count());
        int[] labels = p.labels();
        // transform error through the distributed path (downsampled 4x, then refined at full resolution)
        for (int i = 0; i < p.count() - 1; i++) {
            AffineTransform3D truth = p.motion(i);
            AffineTransform3D found = AffineTransform3D.of(t[i]);
            TransformError e = TransformError.of(k -> found, new AffineTransform3D[] {truth, truth, truth}, labels,
                    n, n);
            System.out.printf("energy %d: transform error %.4f voxel (max %.4f)%n", i, e.mean(), e.max());
            assertTrue(e.mean() <= 0.1, "energy " + i + ": mean error " + e.mean());
        }
        // the single-machine run with the same transforms: whole volumes resampled, then XanesMapper.map
        float[][][] planes = new float[p.count()][][];
        float[] registered = readAll(tmp.resolve("out/" + ClusterRun.REGISTERED));
        int voxels = n * n * n;
        try (RowBlocks blocks = new RowBlocks(2)) {
            for (int e = 0; e < p.count(); e++) {
                Volume v = p.volume(e, blocks);
                Volume r = e == p.count() - 1 ? v : Resampler.resample(v, n, n, n, AffineTransform3D.of(t[e]),
                        job.registrationParameters().interpolation(), blocks);
                float[] fromSpark = new float[voxels];
                System.arraycopy(registered, e * voxels, fromSpark, 0, voxels);
                assertArrayEquals(r.data(), fromSpark, "registered energy " + e + " (resampled blocks)");
                planes[e] = r.toSlices();
            }
        }
        XanesMaps maps = new XanesMapper(2).map(new EnergySeries(n, n, n, p.energies(), planes),
                job.xanesParameters());
        assertArrayEquals(flat(maps.halfHeight()), readAll(tmp.resolve("out/maps.zarr/half_height")), "half_height");
        float[] mask = readAll(tmp.resolve("out/maps.zarr/mask"));
        for (int z = 0; z < n; z++) {
            for (int i = 0; i < n * n; i++) {
                assertEquals(maps.mask()[z][i], (byte) mask[z * n * n + i]);
            }
        }
        assertEquals(maps.counts().included(), s.counts().included());
        // particles: labels, sizes, bins, peaks, FWHM exactly; mean and SD to rounding
        Components c = ConnectedComponents.label(maps.mask(), n, n, Connectivity.TWENTY_SIX).keepAtLeast(10);
        float[] sparkLabels = readAll(tmp.resolve("out/maps.zarr/particles"));
        for (int z = 0; z < n; z++) {
            for (int i = 0; i < n * n; i++) {
                assertEquals(c.labels()[z][i], (int) sparkLabels[z * n * n + i], "label at z " + z + " i " + i);
            }
        }
        assertEquals(c.count(), s.particles());
        assertTrue(c.count() >= 3, "particles found: " + c.count());
        List<EdgeHistogram> whole = XanesStatistics.histograms(maps.halfHeight(), c.labels(), c.count(), 0.25);
        List<String> rows = Files.readAllLines(tmp.resolve("out/histograms.csv"));
        List<String> expected = new ArrayList<>();
        Path local = tmp.resolve("local-histograms.csv");
        org.fusionj.workflow.xanes.XanesOutputFolder.writeHistograms(local, whole);
        expected.addAll(Files.readAllLines(local));
        assertEquals(expected, rows, "histograms.csv equals the single-machine file");
        List<String> table = Files.readAllLines(tmp.resolve("out/particles.csv"));
        for (int k = 0; k < whole.size(); k++) {
            String[] f = table.get(k + 1).split(",");
            EdgeHistogram h = whole.get(k);
            assertEquals(c.size(k + 1), Long.parseLong(f[f.length - 6]), "voxels of particle " + (k + 1));
            assertEquals(h.meanEv(), Double.parseDouble(f[f.length - 3]), 1e-3);
        }
        assertTrue(s.readAmplification() > 1 && s.readAmplification() < 10, "read amplification "
                + s.readAmplification());
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void enhancementBySlabsEqualsEnhanceWithDictionary() throws Exception {
        Path repo = Path.of(System.getProperty("fusionj.repo", ".."));
        ImagePlus stem = new Opener().openImage(repo.resolve("test-data/dictionary/stem_crop128.tif").toString());
        ImagePlus txm = new Opener().openImage(repo.resolve("test-data/dictionary/txm_crop128.tif").toString());
        stem.setProcessor(stem.getProcessor().convertToFloat());
        Path dict = tmp.resolve("dictionary.tif");
        new LearnJob(LearnParameters.builder().atoms(24).steps(15).batchSize(64).trainingPatches(1000).build(),
                RunContext.threads(1).saveTo(dict, true)).run(stem, true);
        // a stack of 5 slices: the TXM crop turned and flipped
        ImageProcessor base = txm.getProcessor().convertToFloat();
        ImageStack stack = new ImageStack(base.getWidth(), base.getHeight());
        float[] all = new float[5 * base.getWidth() * base.getHeight()];
        for (int k = 0; k < 5; k++) {
            ImageProcessor ip = base.duplicate();
            if (k % 2 == 1) {
                ip.flipHorizontal();
            }
            for (int r = 0; r < k / 2; r++) {
                ip = ip.rotateRight();
            }
            stack.addSlice("slice " + (k + 1), ip);
            System.arraycopy((float[]) ip.getPixels(), 0, all, k * base.getWidth() * base.getHeight(),
                    base.getWidth() * base.getHeight());
        }
        ImagePlus txmStack = new ImagePlus("txm", stack);
        ZarrArray.create(tmp.resolve("txm.zarr"), new long[] {5, base.getHeight(), base.getWidth()},
                new int[] {1, base.getHeight(), base.getWidth()}, ZarrArray.Compression.ZLIB, 0, Map.of(), false)
                .writeAligned(new long[3], new int[] {5, base.getHeight(), base.getWidth()}, all);
        Map<String, Object> enhance = new LinkedHashMap<>();
        enhance.put("dictionary", dict.toString());
        enhance.put("coder", "omp");
        enhance.put("error_target", "auto");
        enhance.put("slab", 2.0);
        ClusterJob job = new ClusterJob("enhance", new ClusterJob.Input("zarr", tmp.resolve("txm.zarr"), "", null,
                null, null), tmp.resolve("enh"), false, "raw", false, null, Map.of(), Map.of(), enhance, Map.of());
        run(job, "enhance");
        EnhanceJob.Outcome single = new EnhanceJob(DictionaryImages.open(dict), EnhanceSettings.parse("omp", null,
                null, "auto", null, null), RunContext.threads(2)).run(txmStack);
        float[] spark = readAll(tmp.resolve("enh/" + EnhanceStage.OUTPUT));
        int plane = base.getWidth() * base.getHeight();
        for (int k = 0; k < 5; k++) {
            float[] slice = new float[plane];
            System.arraycopy(spark, k * plane, slice, 0, plane);
            assertArrayEquals((float[]) single.enhanced().getStack().getPixels(k + 1), slice, "slice " + (k + 1));
        }
        assertTrue(!java.util.Arrays.equals(all, spark), "the slices were enhanced");
    }
}
