package org.fusionj.workflow.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.process.FloatProcessor;

import org.fusionj.core.fusion.AutoParameters;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.phantom.FusionPhantom;
import org.fusionj.core.fusion.phantom.PhantomSpec;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.io.Hdf5Reader;
import org.fusionj.workflow.RunContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Automatic parameters reach the HDF5 record as per-element attributes. */
class AutoRecordTest {

    @TempDir
    Path temp;

    @Test
    @Timeout(120)
    void perElementValuesAreRecorded() throws IOException {
        FusionPhantom p = FusionPhantom.generate(PhantomSpec.defaults(64, 48), 1);
        AutoParameters.Choice choice = new AutoParameters(2).choose(p.problem(), FusionParameters.defaults(),
                ProgressListener.NONE, CancellationToken.NEVER);
        ImagePlus haadf = new ImagePlus("HAADF", new FloatProcessor(64, 48, p.haadf().pixels().clone()));
        List<ImagePlus> maps = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            maps.add(new ImagePlus(p.symbols().get(e), new FloatProcessor(64, 48, p.noisyMaps().get(e).clone())));
        }
        new FusionJob(choice.parameters(), RunContext.threads(2).saveTo(temp, false)).run(haadf, maps, "Dy,Sc,O");
        try (Hdf5Reader h5 = Hdf5Reader.open(temp.resolve(FusionRecord.FILE_NAME))) {
            var attrs = h5.attributes("/");
            double[] iterations = (double[]) attrs.get("n_iter_per_element");
            double[] expected = new double[3];
            for (int e = 0; e < 3; e++) {
                expected[e] = choice.iterations()[e];
            }
            assertArrayEquals(expected, iterations);
            assertEquals(3, ((double[]) attrs.get("lambda_chem_per_element")).length);
        }
    }
}
