package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;

import org.fusionj.core.tomo.phantom.TomoScore;
import org.fusionj.workflow.tomo.TomoImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fusionj simulate-tomo} then {@code fusionj fuse-tomo} at 32^3 with few iterations: the files one writes
 * are the files the other reads, the fused volumes are closer to the truth than the chemistry-only baseline, and
 * bad input is refused with one line and status 2 before any work.
 */
@Timeout(300)
class TomoCliTest {

    @TempDir
    static Path temp;

    static Path data;

    @BeforeAll
    static void simulate() {
        data = temp.resolve("sim");
        CliRun r = CliRun.of("simulate-tomo", "--out", data.toString(), "--size", "32", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("32^3 voxels"), r.out());
    }

    private static String f(String name) {
        return data.resolve(name).toString();
    }

    private static List<String> fuse(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("fuse-tomo", "--haadf", f("haadf.tif"), "--maps",
                f("chem_Au.tif"), f("chem_Ag.tif"), f("chem_Cu.tif"), "--elements", "Au,Ag,Cu", "--out",
                out.toString(), "--quiet", "--threads", "2"));
        args.addAll(List.of(more));
        return args;
    }

    /** Mean normalised RMSE over the elements of a volumes.tif against truth.tif. */
    private static double error(Path volumes) {
        ImagePlus est = IJ.openImage(volumes.toString());
        ImagePlus truth = IJ.openImage(f("truth.tif"));
        assertEquals(3, est.getNChannels());
        assertEquals(32, est.getNSlices());
        assertEquals(est.getStackSize(), truth.getStackSize());
        double sum = 0;
        for (int c = 1; c <= 3; c++) {
            sum += TomoScore.nrmse(TomoImages.volume(est, c), TomoImages.volume(truth, c));
        }
        return sum / 3;
    }

    @Test
    void simulatedDataRoundTripAndFusionBeatsChemistryAlone() throws Exception {
        Path fused = temp.resolve("fused");
        CliRun r = CliRun.of(fuse(fused, "--n_iter", "15").toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("with method fused"), r.out());
        for (String name : new String[] {"volumes.tif", "costs.csv", "convergence.png", "tomo_record.h5"}) {
            assertTrue(Files.size(fused.resolve(name)) > 0, name);
        }
        List<String> costs = Files.readAllLines(fused.resolve("costs.csv"), StandardCharsets.UTF_8);
        assertEquals("iteration,haadf,chem,tv", costs.get(0));
        assertEquals(16, costs.size());
        ImagePlus vol = IJ.openImage(fused.resolve("volumes.tif").toString());
        ImagePlus haadf = IJ.openImage(f("haadf.tif"));
        assertEquals(haadf.getCalibration().pixelWidth, vol.getCalibration().pixelDepth, 1e-12);

        // the angles given as files give the same result as the slice labels
        Path withFiles = temp.resolve("withFiles");
        r = CliRun.of(fuse(withFiles, "--n_iter", "15", "--haadf_angles", f("haadf_angles.txt"), "--chem_angles",
                f("chem_angles.txt")).toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        assertEquals(Files.readString(fused.resolve("costs.csv")), Files.readString(withFiles.resolve("costs.csv")));

        Path kl = temp.resolve("kl");
        r = CliRun.of(fuse(kl, "--n_iter", "15", "--method", "kl").toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("with method chemical_kl"), r.out()); // the short name is read as the baseline
        double fusedError = error(fused.resolve("volumes.tif"));
        double klError = error(kl.resolve("volumes.tif"));
        // At 32^3 with 15 iterations, measured (2026-12-07, defaults: joint TV, lambda_tv 0.015): fused 0.275,
        // chemical_kl 0.497 (mean normalised RMSE, 2 threads); with the separate TV before: 0.275 and 0.525.
        assertTrue(fusedError < 0.7 * klError, "fused " + fusedError + " vs chemical_kl " + klError);
    }

    /**
     * The HAADF tilt series from a Velox EMD file (one image of 32 frames, pixel size 5e-10 m as Velox writes it):
     * the reconstructed hyperstack and the record are calibrated in nm (0.5 nm voxels), not in metres.
     */
    @Test
    void haadfFromVeloxEmdGivesVolumesInNm() throws Exception {
        assertEmdVolumesCalibrated(5e-10, "nm", "nm", 0.5);
    }

    /** At 2e-6 m: ImageJ's "\u00B5m" in the hyperstack (read back by ImageJ and by FusionJ), "um" in the record. */
    @Test
    void micrometreVolumesSayUmInTheRecordAndMicronInImageJ() throws Exception {
        assertEmdVolumesCalibrated(2e-6, "\u00B5m", "um", 2);
    }

    private void assertEmdVolumesCalibrated(double metres, String imageUnit, String recordUnit, double size)
            throws Exception {
        ImagePlus tif = IJ.openImage(f("haadf.tif"));
        int w = tif.getWidth();
        int h = tif.getHeight();
        int n = tif.getStackSize();
        float[] planes = new float[w * h * n];
        for (int k = 0; k < n; k++) {
            float[] px = (float[]) tif.getStack().getProcessor(k + 1).convertToFloatProcessor().getPixels();
            System.arraycopy(px, 0, planes, k * w * h, w * h);
        }
        Path emd = temp.resolve("haadf_" + recordUnit + ".emd");
        try (org.fusionj.testing.VeloxEmd file = org.fusionj.testing.VeloxEmd.create(emd)) {
            file.image("HAADF", planes, h, w, n, metres);
        }
        Path out = temp.resolve("fromEmd_" + recordUnit);
        List<String> args = fuse(out, "--n_iter", "3", "--haadf_angles", f("haadf_angles.txt"));
        args.set(args.indexOf(f("haadf.tif")), emd.toString());
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        String volumes = out.resolve("volumes.tif").toString();
        for (ImagePlus imp : List.of(IJ.openImage(volumes), org.fusionj.io.ImageFiles.open(volumes))) {
            ij.measure.Calibration cal = imp.getCalibration();
            assertEquals(imageUnit, cal.getUnit());
            assertEquals(size, cal.pixelWidth, 1e-9);
            assertEquals(size, cal.pixelHeight, 1e-9);
            assertEquals(size, cal.pixelDepth, 1e-9);
        }
        try (org.fusionj.io.Hdf5Reader record = org.fusionj.io.Hdf5Reader.open(out.resolve("tomo_record.h5"))) {
            java.util.Map<String, Object> attributes = record.attributes("/");
            assertEquals(recordUnit, attributes.get("voxel_unit"));
            assertEquals(size, ((Number) attributes.get("voxel_size")).doubleValue(), 1e-9);
        }
    }

    private static void refused(String expected, List<String> args) {
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, r.status(), String.join(" ", args) + "\n" + r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void badInputIsOneLineAndStatus2BeforeAnyWork() throws Exception {
        Path out = temp.resolve("refused");
        refused("70 tilt angles but the stack holds 71 images",
                fuse(out, "--haadf_angles", "-70:68:2"));
        refused("15 tilt angles but the stack holds 71 images", List.of("fuse-tomo", "--haadf", f("haadf.tif"),
                "--maps", f("haadf.tif"), "--elements", "Au", "--chem_angles", f("chem_angles.txt"), "--out",
                out.toString()));
        refused("3 element(s) (Au,Ag,Cu) but 2 --maps file(s)", List.of("fuse-tomo", "--haadf", f("haadf.tif"),
                "--maps", f("chem_Au.tif"), f("chem_Ag.tif"), "--elements", "Au,Ag,Cu", "--out", out.toString()));
        Path bad = temp.resolve("bad_angles.txt");
        Files.writeString(bad, "-70\n-60\nminus fifty\n");
        refused("bad_angles.txt, line 3: 'minus' is not a number", fuse(out, "--chem_angles", bad.toString()));
        Path radians = temp.resolve("radians.txt");
        Files.writeString(radians, "-1.2 -1.0 -0.9 -0.7 -0.5 -0.3 -0.2 0 0.2 0.3 0.5 0.7 0.9 1.0 200\n");
        refused("outside [-90, 90]", fuse(out, "--chem_angles", radians.toString()));
        refused("no such angle file", fuse(out, "--haadf_angles", temp.resolve("nothing.txt").toString()));
        // the truth's labels ("Au z=1") hold no angle
        refused("image 1 has no tilt angle in its slice label", List.of("fuse-tomo", "--haadf", f("truth.tif"),
                "--maps", f("chem_Au.tif"), "--elements", "Au", "--out", out.toString()));
        // a chemical series of another image size than the HAADF's
        ImagePlus small = IJ.openImage(f("chem_Au.tif"));
        small.setStack(small.getStack().crop(0, 0, 0, 30, 32, small.getStackSize()));
        Path smallFile = temp.resolve("small_Au.tif");
        IJ.saveAsTiff(small, smallFile.toString());
        refused("has images of 30 x 32 but the HAADF series", List.of("fuse-tomo", "--haadf", f("haadf.tif"),
                "--maps", smallFile.toString(), "--elements", "Au", "--out", out.toString()));
        refused("lambda_tv must be a number >= 0", fuse(out, "--lambda_tv", "-0.1"));
        refused("method", fuse(out, "--method", "magic"));
        assertTrue(!Files.exists(out), "nothing written on refusal");
    }
}
