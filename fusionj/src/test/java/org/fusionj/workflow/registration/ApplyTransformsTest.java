package org.fusionj.workflow.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ij.ImagePlus;
import ij.measure.Calibration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.Interpolation;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.PreparedVolume;
import org.fusionj.core.registration.RegisteredMasks;
import org.fusionj.core.registration.RegistrationMetric;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.SeriesRegistrar;
import org.fusionj.core.registration.TransformType;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.Series2dPhantom;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.core.registration.phantom.TransformError;
import org.fusionj.core.spectral.SpectralSeries;
import org.fusionj.core.spectral.VoxelSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A saved transforms file applied to other data reproduces the registration, warps label images to labels, carries
 * over to data of a finer voxel, and refuses what it cannot do; the registration's masks and Fig. 3 outputs.
 */
class ApplyTransformsTest {

    static final RegistrationParameters PARAMS = RegistrationParameters.builder().levels(3).build();

    record Run(SeriesPhantom phantom, List<PairResult> results, List<Volume> registered, RegisteredMasks masks) {
    }

    static Run register() {
        SeriesPhantom p = new SeriesPhantom(48, 3, PhantomNoise.DEFAULT, 2);
        Volume[] out = new Volume[3];
        try (RowBlocks blocks = new RowBlocks(2)) {
            RegisteredMasks masks = new RegisteredMasks((i, r, v) -> out[i] = v, PARAMS, 2, blocks);
            List<PairResult> results = new SeriesRegistrar(PARAMS, blocks, ProgressListener.NONE,
                    CancellationToken.NEVER).register(source(p, blocks), 2, masks);
            return new Run(p, results, List.of(out), masks);
        }
    }

    static SeriesRegistrar.VolumeSource source(SeriesPhantom p, RowBlocks blocks) {
        return SeriesRegistrar.VolumeSource.of(p.count(), index -> p.volume(index, blocks));
    }

    static SpectralSeries series(SeriesPhantom p) {
        float[][][] frames = new float[p.count()][][];
        try (RowBlocks blocks = new RowBlocks(1)) {
            for (int i = 0; i < p.count(); i++) {
                frames[i] = p.volume(i, blocks).toSlices();
            }
        }
        return SpectralSeries.of("phantom", p.energies(), 48, 48, 48, new VoxelSize(20, 20, 20, "nm"), frames);
    }

    @Test
    @Timeout(120)
    void theSavedFileReproducesTheRegistrationAndWarpsLabelsToLabels() {
        Run run = register();
        Calibration cal = new Calibration();
        cal.pixelWidth = 20;
        cal.pixelHeight = 20;
        cal.pixelDepth = 20;
        cal.setUnit("nm");
        String json = RegistrationJob.transformsJson(PARAMS, cal, run.phantom().energies(), 2, run.results());
        TransformsFile file = TransformsFile.parse(json, "transforms.json");
        assertEquals(3, file.count());
        assertEquals(2, file.fixedIndex());
        assertArrayEquals(run.results().get(0).global().rows3x4(), file.volumes().get(0).matrix().rows3x4(), 0);
        SpectralSeries applied = ApplyTransforms.series(file, series(run.phantom()), Interpolation.TRILINEAR, null,
                2, ProgressListener.NONE, CancellationToken.NEVER);
        for (int i = 0; i < 3; i++) {
            // the same resampling (the fixed volume, passed on as it is, differs by rounding of the positions)
            assertArrayEquals(run.registered().get(i).data(), Volume.ofSlices(48, 48, applied.frame(i)).data(),
                    i == 2 ? 1e-6f : 0, "volume " + i);
        }
        // labels: nearest neighbour keeps the label values
        int[] labels = run.phantom().labels();
        float[] lf = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            lf[i] = labels[i];
        }
        Volume warped;
        try (RowBlocks blocks = new RowBlocks(1)) {
            warped = ApplyTransforms.volume(file, 0, new Volume(48, 48, 48, lf), Interpolation.NEAREST, 1, null,
                    blocks);
        }
        Set<Float> values = new HashSet<>();
        for (float v : warped.data()) {
            values.add(v);
        }
        assertTrue(Set.of(0f, 1f, 2f, 3f).containsAll(values), values.toString());
        assertTrue(values.size() >= 3);
        // the masks: the fixed one is the registration's Otsu mask
        try (RowBlocks blocks = new RowBlocks(1)) {
            Volume fixedBinary = PreparedVolume.of(run.phantom().volume(2, blocks), "f", PARAMS, blocks).binary();
            byte[][] m = run.masks().fixedMask();
            long inside = 0;
            long every = 0;
            for (int z = 0; z < 48; z++) {
                for (int i = 0; i < 48 * 48; i++) {
                    assertEquals(fixedBinary.data()[z * 2304 + i] > 0.5f ? 1 : 0, m[z][i]);
                    inside += m[z][i];
                    every += run.masks().everyEnergyMask()[z][i];
                }
            }
            assertTrue(every > 0.8 * inside && every <= inside + 2000, every + " of " + inside);
        }
    }

    @Test
    @Timeout(120)
    void transformsFoundOnABinnedCopyCarryOverToTheFullImages() {
        Series2dPhantom p = new Series2dPhantom(128, 4, 1.5, 0.01, 0.02, 3);
        RegistrationParameters params = RegistrationParameters.builder().metric(RegistrationMetric.NCC)
                .transform(TransformType.SIMILARITY).levels(3).build();
        List<PairResult> results;
        try (RowBlocks blocks = new RowBlocks(2)) {
            results = new SeriesRegistrar(params, blocks, ProgressListener.NONE, CancellationToken.NEVER).register(
                    SeriesRegistrar.VolumeSource.of(4, index -> bin2(p.image(index))), 3, (i, r, v) -> { });
        }
        Calibration cal = new Calibration();
        cal.pixelWidth = 40;
        cal.pixelHeight = 40;
        cal.setUnit("nm");
        TransformsFile file = TransformsFile.parse(RegistrationJob.transformsJson(params, cal, p.energies(), 3, results), "t");
        double ratio = ApplyTransforms.voxelRatio(file, new VoxelSize(20, 20, 1, "nm"));
        assertEquals(2, ratio, 1e-12);
        int[] labels = p.labels();
        for (int i = 0; i < 3; i++) {
            AffineTransform3D full = org.fusionj.core.registration.Resampler.forVoxelSize(
                    file.volumes().get(i).matrix(), ratio);
            AffineTransform3D truth = p.motion(i);
            double e = TransformError.of(k -> full, new AffineTransform3D[] {truth, truth, truth}, labels, 128, 128)
                    .mean();
            assertTrue(e < 0.1, "image " + i + ": " + e + " px at full size");
        }
    }

    static Volume bin2(Volume v) {
        int nx = v.nx() / 2;
        int ny = v.ny() / 2;
        float[] out = new float[nx * ny];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                out[x + nx * y] = 0.25f * (v.get(2 * x, 2 * y, 0) + v.get(2 * x + 1, 2 * y, 0)
                        + v.get(2 * x, 2 * y + 1, 0) + v.get(2 * x + 1, 2 * y + 1, 0));
            }
        }
        return new Volume(nx, ny, 1, out);
    }

    @Test
    void badFilesAndMismatchedDataAreRefused() {
        String m = assertThrows(InvalidInputException.class, () -> TransformsFile.parse("{\"format\": \"x\"}",
                "t.json")).getMessage();
        assertTrue(m.contains("not a FusionJ transforms file"), m);
        m = assertThrows(InvalidInputException.class, () -> TransformsFile.parse("{not json", "t.json"))
                .getMessage();
        assertTrue(m.contains("not valid JSON"), m);
        PairResult identity = new PairResult(AffineTransform3D.identity(), List.of(), null,
                new org.fusionj.core.registration.RegistrationQuality(0, 1),
                new org.fusionj.core.registration.RegistrationQuality(0, 1), 0, false);
        TransformsFile two = TransformsFile.parse(RegistrationJob.transformsJson(PARAMS, new Calibration(),
                new double[] {1, 2}, 1, List.of(identity, identity)), "t");
        SpectralSeries three = SpectralSeries.of("s", new double[] {1, 2, 3}, 4, 4, 1, null,
                new float[][][] {{new float[16]}, {new float[16]}, {new float[16]}});
        m = assertThrows(InvalidInputException.class, () -> ApplyTransforms.series(two, three,
                Interpolation.TRILINEAR, null, 1, ProgressListener.NONE, CancellationToken.NEVER)).getMessage();
        assertTrue(m.contains("3 energies but the transforms file holds 2"), m);
        List<PairResult> pp = new ArrayList<>(List.of(identity, new PairResult(AffineTransform3D.identity(),
                List.of(new PairResult.ParticleTransform(1, 10, new double[] {1, 1, 0}, AffineTransform3D.identity())),
                new int[16], identity.before(), identity.after(), 0, false)));
        TransformsFile perParticle = TransformsFile.parse(RegistrationJob.transformsJson(PARAMS.toBuilder().perParticle(true)
                .build(), new Calibration(), new double[] {1, 2}, 0, pp), "t");
        try (RowBlocks blocks = new RowBlocks(1)) {
            m = assertThrows(InvalidInputException.class, () -> ApplyTransforms.volume(perParticle, 1,
                    new Volume(4, 4, 1, new float[16]), Interpolation.TRILINEAR, 1, null, blocks)).getMessage();
            assertTrue(m.contains("particle regions"), m);
        }
    }

    @Test
    @Timeout(120)
    void figureThreeIsBuiltWithoutAWindow() {
        Run run = register();
        RegistrationFigures.MseData d = RegistrationFigures.mse(run.results(), run.phantom().energies());
        String csv = d.csv();
        assertTrue(csv.startsWith("energy_eV,mse_before,mse_after\n"), csv);
        assertEquals(4, csv.lines().count());
        ImagePlus plot = RegistrationFigures.msePlot(d, "phantom");
        assertTrue(plot.getTitle().contains("phantom"));
        int[] rgb = (int[]) plot.getProcessor().convertToRGB().getPixels();
        boolean red = false;
        boolean blue = false;
        for (int c : rgb) {
            int r = (c >> 16) & 0xff;
            int g = (c >> 8) & 0xff;
            int b = c & 0xff;
            red |= r > 200 && g < 60 && b < 60;
            blue |= b > 200 && r < 60 && g < 60;
        }
        assertTrue(red && blue, "the before line is red and the after line blue");
        try (RowBlocks blocks = new RowBlocks(1)) {
            ImagePlus sq = RegistrationFigures.squaredDifference(run.phantom().volume(2, blocks),
                    run.phantom().volume(0, blocks), run.results().get(0), PARAMS, null, "sq", 2);
            assertEquals(2, sq.getNFrames());
            double before = mean(sq, 1);
            double after = mean(sq, 2);
            assertEquals(run.results().get(0).before().mse(), before, 1e-6);
            assertEquals(run.results().get(0).after().mse(), after, 1e-6);
            assertTrue(after < before, after + " vs " + before);
        }
    }

    static double mean(ImagePlus imp, int frame) {
        double s = 0;
        long n = 0;
        for (int z = 1; z <= imp.getNSlices(); z++) {
            float[] px = (float[]) imp.getStack().getPixels(imp.getStackIndex(1, z, frame));
            for (float v : px) {
                s += v;
                n++;
            }
        }
        return s / n;
    }
}
