package org.fusionj.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.core.tomo.phantom.TomoScore;
import org.fusionj.workflow.tomo.SimulatedTomo;
import org.fusionj.workflow.tomo.TomoFusionJob;
import org.fusionj.workflow.tomo.TomoImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.scijava.Context;

/**
 * The tomography service as a script meets it: found in a real SciJava Context, parameters by the schema's names
 * (ranges and unknown names refused), a reconstruction from stacks whose slice labels hold the angles, the same
 * volumes as the kernel call, and the section views.
 */
@Timeout(180)
class TomographyServiceTest {

    private static Context context;
    private static TomographyService tomo;
    private static TomoPhantom phantom;
    private static ImagePlus haadf;
    private static List<ImagePlus> maps;

    @BeforeAll
    static void start() {
        context = new Context();
        tomo = context.service(TomographyService.class);
        phantom = TomoPhantom.generate(TomoPhantomSpec.defaults(24).toBuilder().symbols("Au", "Cu").build(), 2);
        haadf = SimulatedTomo.series("HAADF", phantom.problem().haadf());
        maps = new ArrayList<>();
        for (ElementTiltSeries e : phantom.problem().elements()) {
            maps.add(SimulatedTomo.series(e.symbol(), e.series()));
        }
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    @Test
    void parametersAreReadByTheSchemasNames() {
        TomoFusionParameters p = tomo.parameters(Map.of("method", "chemical_kl", "lambda_tv", "0.02", "n_iter", "7"));
        assertEquals(TomoMethod.CHEMICAL_KL, p.method());
        assertEquals(0.02, p.lambdaTv());
        assertEquals(7, p.iterations());
        assertEquals(TomoFusionParameters.defaults().gamma(), p.gamma());
        InvalidInputException range = assertThrows(InvalidInputException.class,
                () -> tomo.parameters(Map.of("n_iter", "0")));
        assertTrue(range.getMessage().contains("n_iter"), range.getMessage());
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> tomo.parameters(Map.of("lambda_tvv", "0.1")));
        assertTrue(unknown.getMessage().contains("lambda_tvv"), unknown.getMessage());
    }

    @Test
    void reconstructsStacksWithTheirLabelledAnglesLikeTheKernel() throws Exception {
        TomoFusionParameters p = tomo.parameters(Map.of("n_iter", "8", "n_iter_init", "8"));
        TomoFusionJob.Outcome o = tomo.reconstruct(haadf, maps, "Au,Cu", p);
        assertEquals(2, o.volumes().getNChannels());
        assertEquals(24, o.volumes().getNSlices());
        TomoFusionResult kernel = tomo.reconstruct(phantom.problem(), p, ProgressListener.NONE,
                CancellationToken.NEVER);
        for (int e = 0; e < 2; e++) {
            float[] v = o.result().volumes().get(e);
            org.junit.jupiter.api.Assertions.assertArrayEquals(kernel.volumes().get(e), v,
                    "the stacks' route and the kernel's differ for " + kernel.symbols().get(e));
            double err = TomoScore.nrmse(TomoImages.volume(o.volumes(), e + 1), phantom.truth().get(e));
            assertTrue(err < 0.6, kernel.symbols().get(e) + " nrmse " + err);
        }
        ImagePlus xz = tomo.xzSections(o, haadf);
        ImagePlus yz = tomo.yzSections(o, haadf);
        assertEquals("24x24 z24", xz.getWidth() + "x" + xz.getHeight() + " z" + xz.getNSlices());
        assertEquals(2, yz.getNChannels());
        assertEquals(-70.0, tomo.angles(null, haadf)[0]);
        assertEquals(3, tomo.angles("-10:10:10", haadf).length);
    }
}
