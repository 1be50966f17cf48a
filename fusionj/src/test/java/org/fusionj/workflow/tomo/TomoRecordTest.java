package org.fusionj.workflow.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.fusionj.core.fusion.CostLog;
import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.TiltSeries;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionProblem;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.io.Hdf5Reader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record names every input series, not only the HAADF one: a user reading {@code tomo_record.h5} later must
 * be able to tell which chemical files went into which element.
 */
@Timeout(30)
class TomoRecordTest {

    @TempDir
    Path temp;

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    @Test
    void recordNamesTheHaadfAndEveryChemicalSeries() throws Exception {
        int w = 4;
        int h = 2;
        double[] haadfAngles = {-30, 0, 30};
        double[] chemAngles = {-30, 30};
        TomoFusionProblem problem = new TomoFusionProblem(
                new TiltSeries("haadf.tif", w, h, haadfAngles, ramp(3 * w * h)),
                List.of(ElementTiltSeries.of("Au", new TiltSeries("chem_Au.npy", w, h, chemAngles, ramp(2 * w * h))),
                        ElementTiltSeries.of("Cu", new TiltSeries("cu.h5:/data", w, h, chemAngles,
                                ramp(2 * w * h)))));
        CostLog costs = new CostLog(new double[] {1}, new double[] {2}, new double[] {3});
        TomoFusionResult r = new TomoFusionResult(TomoMethod.FUSED, List.of("Au", "Cu"),
                List.of(new float[w * h * w], new float[w * h * w]), w, h, w, new double[] {1.2, 0.8},
                new double[] {1, 1}, 1, 0, costs);
        Path file = temp.resolve(TomoRecord.FILE_NAME);
        TomoRecord.write(file, problem, r, TomoFusionParameters.builder().build(), "haadf.tif", "nm", 0.5);
        try (Hdf5Reader h5 = Hdf5Reader.open(file)) {
            Map<String, Object> a = h5.attributes("/");
            assertEquals("haadf.tif", a.get("haadf_series"));
            assertEquals("chem_Au.npy", a.get("series_Au"), a.toString());
            assertEquals("cu.h5:/data", a.get("series_Cu"), a.toString());
            assertTrue(h5.exists("angles_Au") && h5.exists("angles_Cu"));
            assertEquals("joint", a.get(TomoKeys.TV_COUPLING), a.toString());
            assertEquals(1, ((Number) a.get(TomoKeys.TV_WARM_START)).intValue(), a.toString());
        }
        // tv_warm_start false (FGP, the TV step before 2026-12-07 evening) is recorded as 0
        Path fgp = Files.createDirectories(temp.resolve("fgp")).resolve(TomoRecord.FILE_NAME);
        TomoRecord.write(fgp, problem, r, TomoFusionParameters.builder().warmTv(false).build(), "haadf.tif", "nm",
                0.5);
        try (Hdf5Reader h5 = Hdf5Reader.open(fgp)) {
            assertEquals(0, ((Number) h5.attributes("/").get(TomoKeys.TV_WARM_START)).intValue());
        }
    }
}
