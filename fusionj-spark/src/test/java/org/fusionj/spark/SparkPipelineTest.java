package org.fusionj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

import org.fusionj.core.InvalidInputException;
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
import org.fusionj.core.xanes.EdgeEstimator;
import org.fusionj.core.xanes.EdgeHistogram;
import org.fusionj.core.xanes.EdgeMethod;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.XanesMapper;
import org.fusionj.core.xanes.XanesPhantom;
import org.fusionj.core.xanes.XanesPhantomSpec;
import org.fusionj.core.xanes.XanesMaps;
import org.fusionj.core.xanes.RegionSpectra;
import org.fusionj.core.xanes.RegionSpectrum;
import org.fusionj.core.xanes.XanesStatistics;
import org.fusionj.io.Hdf5Reader;
import org.fusionj.io.ZarrArray;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.dictionary.DictionaryImages;
import org.fusionj.workflow.dictionary.EnhanceJob;
import org.fusionj.workflow.dictionary.EnhanceSettings;
import org.fusionj.workflow.dictionary.LearnJob;
import org.fusionj.workflow.registration.TransformsJson;
import org.fusionj.workflow.xanes.XanesOutputFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed pipeline in local[2] on the loopback interface, against the single-machine kernels: transforms,
 * resampled blocks, XANES maps, particle labels and statistics, enhanced slices. One SparkContext for the class
 * (starting one costs several CPU-seconds).
 */
class SparkPipelineTest extends LocalSparkTest {

    @TempDir
    Path tmp;

    private static ClusterJob withRegistration(ClusterJob j, int downsample, boolean writeRegistered) {
        return withRegistration(j, writeRegistered, Map.of("downsample", (double) downsample));
    }

    private static float[] flat(float[][] planes) {
        return XanesStage.flatten(planes);
    }

    /** The global matrices (12 entries each) of a transforms.json. */
    static double[][] transforms(Path file) throws Exception {
        AffineTransform3D[] g = TransformsJson.read(Files.readString(file), file.toString()).global();
        double[][] out = new double[g.length][];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i].rows3x4();
        }
        return out;
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void atFullResolutionTheTransformsAreTheSingleMachineSeriesRegistrationsBitForBit() throws Exception {
        SpectroPhantom p = new SpectroPhantom(40, 6, 3);
        ClusterJob job = withRegistration(FusionJSpark.pipelineJob(p.writeZarr(tmp.resolve("s.zarr"), 20, 2),
                tmp.resolve("reg"), p.energies(), 20, 1), 1, false);
        run(job, "register");
        double[][] spark = transforms(tmp.resolve("reg/transforms.json"));
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
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void maxDerivativesLocalWhiteLineWidthsTileTheSingleMachineMapBitForBit() throws Exception {
        // white lines (unlike SpectroPhantom's spectra), three particles in noise-only background, SNR 50: every
        // block reads a halo of its neighbours' first-pass widths from the first stage's array
        XanesPhantom ph = XanesPhantom.generate(XanesPhantomSpec.defaults(24, 22, 20).withParticles(3).withSeed(5),
                2);
        EnergySeries series = ph.series();
        int n = series.planeSize() * series.depth();
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("energies_eV", series.energiesEv());
        attrs.put("axes", List.of("energy", "z", "y", "x"));
        ZarrArray a = ZarrArray.create(tmp.resolve("xanes.zarr"), new long[] {series.energyCount(), series.depth(),
            series.height(), series.width()}, new int[] {1, 8, 8, 8}, ZarrArray.Compression.RAW, 0, attrs, true);
        for (int e = 0; e < series.energyCount(); e++) {
            a.writeAligned(new long[] {e, 0, 0, 0}, new int[] {1, series.depth(), series.height(), series.width()},
                    flat(series.planes()[e]));
        }
        ClusterJob job = withXanes(FusionJSpark.pipelineJob(tmp.resolve("xanes.zarr"), tmp.resolve("xout"),
                series.energiesEv(), 8, 1), Map.of("e0", ph.spec().e0Ev(), "methods", "half_height,max_derivative",
                "particles", false));
        run(job, "xanes");
        XanesMapper mapper = new XanesMapper(2);
        assertTrue(mapper.widthRadius(job.xanesParameters()) > 0, "local widths");
        XanesMaps maps = mapper.map(series, job.xanesParameters());
        float[] md = readAll(tmp.resolve("xout/maps.zarr/max_derivative"));
        assertEquals(n, md.length);
        assertArrayEquals(flat(maps.edgeEnergy(EdgeMethod.MAX_DERIVATIVE)), md, "max_derivative");
        assertArrayEquals(flat(maps.halfHeight()), readAll(tmp.resolve("xout/maps.zarr/half_height")));
        assertTrue(maps.counts().included() > 500 && maps.counts().included() < n, "particles and background");
        assertTrue(!Files.exists(tmp.resolve("xout/maps.zarr/" + XanesStage.WIDTHS)), "the first stage's widths "
                + "are deleted");
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void thePipelineRegistersUnderATenthOfAVoxelAndItsBlocksEqualTheSingleMachineMaps() throws Exception {
        SpectroPhantom p = new SpectroPhantom(64, thinnedPaperScan(), 7);
        Path series = p.writeZarr(tmp.resolve("series.zarr"), 32, 2);
        // max_derivative too: its fit shares the white line's width over the whole volume, which the blocks get
        // from a first stage that merges their votes
        ClusterJob job = withXanes(withRegistration(FusionJSpark.pipelineJob(series, tmp.resolve("out"), p.energies(),
                24, 4), 4, true), Map.of("methods", "half_height,max_derivative"));
        // the maps below are the default fitted edge model's (it reads every voxel's samples around its own edge)
        assertEquals(EdgeEstimator.FIT, job.xanesParameters().edgeEstimator());
        ClusterRun.Summary s = run(job, "pipeline");
        int n = p.size();
        double[][] t = transforms(tmp.resolve("out/transforms.json"));
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
        // (this phantom's spectra carry no white line, so no voxel votes and nothing is shared: XanesBlocksTest
        // checks the merged votes on a phantom with white lines; here the first stage must not change the maps)
        assertArrayEquals(flat(maps.edgeEnergy(EdgeMethod.MAX_DERIVATIVE)),
                readAll(tmp.resolve("out/maps.zarr/max_derivative")), "max_derivative");
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
        // spectra.csv: the single-machine file (XANES Edge Map's RegionSpectra on the whole registered series)
        EnergySeries registeredSeries = new EnergySeries(n, n, n, p.energies(), planes);
        List<RegionSpectrum> spectra = new RegionSpectra(2).ofLabels(registeredSeries, job.xanesParameters(), c.labels(),
                c.count(), ProgressListener.NONE, CancellationToken.NEVER);
        Path localSpectra = tmp.resolve("local-spectra.csv");
        XanesOutputFolder.writeSpectra(localSpectra, spectra, Map.of());
        assertSpectraAgree(Files.readAllLines(localSpectra), Files.readAllLines(tmp.resolve("out/spectra.csv")));
        // overview.h5: at this size one cell per voxel, so the overview is the map itself
        try (Hdf5Reader h5 = Hdf5Reader.open(tmp.resolve("out/overview.h5"))) {
            assertArrayEquals(new int[] {n, n, n}, h5.datasetShape("half_height"));
            assertArrayEquals(flat(maps.halfHeight()), h5.readDataset("half_height").toFloats(), "overview");
            float[] fraction = h5.readDataset("mask_fraction").toFloats();
            for (int z = 0; z < n; z++) {
                for (int i = 0; i < n * n; i++) {
                    assertEquals(maps.mask()[z][i], fraction[z * n * n + i], 0);
                }
            }
        }
        assertTrue(s.readAmplification() > 1 && s.readAmplification() < 10, "read amplification "
                + s.readAmplification());
    }

    /**
     * 17 energies sampled as the paper samples, thinned far from the edge: two pre-edge (the normalisation accepts
     * two), 3 eV steps from E0 - 9 to E0 + 24 eV (the edge model needs 9 samples in its window), three post-edge (the
     * jump test's noise then comes from the post-edge line's residual).
     */
    static double[] thinnedPaperScan() {
        double e0 = SpectroPhantom.E0;
        double[] e = new double[17];
        e[0] = e0 - 80;
        e[1] = e0 - 40;
        for (int i = 0; i < 12; i++) {
            e[2 + i] = e0 - 9 + 3 * i;
        }
        e[14] = e0 + 60;
        e[15] = e0 + 120;
        e[16] = e0 + 180;
        return e;
    }

    /**
     * Two spectra.csv files agree: same regions, voxel counts and energies; means and SDs within 2e-8 relative
     * (their sums are added in another order: the doubles differ by about 1e-15 relative, and the %.8g printing
     * can round such a pair to neighbouring last digits).
     */
    static void assertSpectraAgree(List<String> expected, List<String> actual) {
        assertEquals(expected.size(), actual.size(), "rows of spectra.csv");
        assertEquals(expected.get(0), actual.get(0));
        int same = 0;
        double worst = 0;
        for (int r = 1; r < expected.size(); r++) {
            String[] a = expected.get(r).split(",");
            String[] b = actual.get(r).split(",");
            assertEquals(a[0] + "," + a[1] + "," + a[2], b[0] + "," + b[1] + "," + b[2], "row " + r);
            for (int col = 3; col < 5; col++) {
                double x = Double.parseDouble(a[col]);
                double y = Double.parseDouble(b[col]);
                double rel = Math.abs(x - y) / Math.max(1e-300, Math.max(Math.abs(x), Math.abs(y)));
                assertTrue(Double.isNaN(x) ? Double.isNaN(y) : rel <= 2e-8, "row " + r + ": " + expected.get(r)
                        + " vs " + actual.get(r));
                worst = Double.isNaN(rel) ? worst : Math.max(worst, rel);
            }
            same += expected.get(r).equals(actual.get(r)) ? 1 : 0;
        }
        System.out.printf("spectra.csv: %d of %d rows identical as text, largest relative difference %.2g%n", same,
                expected.size() - 1, worst);
        assertTrue(expected.size() > 1, "spectra were written");
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void fileUrisGoThroughHadoopAndGiveTheFilesOfLocalPaths() throws Exception {
        SpectroPhantom p = new SpectroPhantom(32, 10, 11);
        Path series = p.writeZarr(tmp.resolve("uri/series.zarr"), 16, 2);
        ClusterJob local = FusionJSpark.pipelineJob(series, tmp.resolve("uri/local"), p.energies(), 16, 2);
        run(local, "pipeline");
        ClusterJob viaHadoop = new ClusterJob("pipeline", new ClusterJob.Input("zarr", series.toUri().toString(), "",
                p.energies(), null, null), tmp.resolve("uri/hadoop").toUri().toString(), true, "zlib", false,
                local.blockSize(), local.registration(), local.xanes(), local.enhance(), local.resources());
        assertTrue(viaHadoop.output().startsWith("file:/"), viaHadoop.output());
        ClusterRun.Summary s = run(viaHadoop, "pipeline");
        assertTrue(s.written().stream().allMatch(w -> w.startsWith("file:/")), s.written().toString());
        Path a = tmp.resolve("uri/local");
        Path b = tmp.resolve("uri/hadoop");
        List<Path> files;
        try (var walk = Files.walk(a)) {
            files = walk.filter(Files::isRegularFile).map(a::relativize).sorted().toList();
        }
        List<Path> other;
        try (var walk = Files.walk(b)) {
            other = walk.filter(Files::isRegularFile).map(b::relativize).sorted().toList();
        }
        assertEquals(files, other, "the same files (no .crc, no temporary files)");
        for (Path f : files) {
            String name = f.toString();
            if (name.equals("summary.json") || name.equals("overview.h5")) {
                continue;
            }
            if (name.startsWith("maps.zarr/") && !name.endsWith(".zattrs") && !name.endsWith(".zgroup")) {
                continue;
            }
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), name);
        }
        // chunks: zlib through Hadoop, raw locally; the values are the same
        for (String m : List.of("half_height", "mask", "particles")) {
            assertArrayEquals(readAll(a.resolve("maps.zarr/" + m)), readAll(b.resolve("maps.zarr/" + m)), m);
        }
        assertEquals("zlib", ZarrArray.open(b.resolve("maps.zarr/half_height")).compression().name().toLowerCase());
        // an existing result is refused through Hadoop too
        ClusterJob again = new ClusterJob("pipeline", viaHadoop.input(), viaHadoop.output(), false, "raw", false,
                local.blockSize(), local.registration(), local.xanes(), local.enhance(), local.resources());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(again, "pipeline"));
        assertTrue(e.getMessage().contains("already holds"), e.getMessage());
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
