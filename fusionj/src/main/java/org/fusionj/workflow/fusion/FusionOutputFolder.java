package org.fusionj.workflow.fusion;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.Calibration;

import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.workflow.ImagePlanes;
import org.fusionj.workflow.OutputFolder;

/**
 * Saves a fusion run into a folder: one TIFF per fused map ({@code fused_<El>.tif}), the composite stack
 * ({@code fused_maps.tif}), the model HAADF ({@code model_haadf.tif}), the convergence figure
 * ({@code convergence.png}) and the HDF5 record ({@link FusionRecord#FILE_NAME}), through an {@link OutputFolder}
 * claimed by the run (no overwriting unless asked, whole sets only, no partial files).
 */
public final class FusionOutputFolder {

    private FusionOutputFolder() {
    }

    /** The names this run would write, in writing order. */
    public static List<String> fileNames(String[] symbols) {
        List<String> names = new ArrayList<>();
        for (String el : symbols) {
            names.add("fused_" + el + ".tif");
        }
        names.add("fused_maps.tif");
        names.add("model_haadf.tif");
        names.add("convergence.png");
        names.add(FusionRecord.FILE_NAME);
        return names;
    }

    /** Bytes on disk, about: the TIFFs, the HDF5 record (inputs and results) and the convergence figure. */
    public static long estimatedBytes(long pixels, int elements, int iterations) {
        long tiffs = 4L * pixels * (2L * elements + 1);
        long record = 4L * pixels * (2L * elements + 2) + 3L * 8 * iterations;
        return tiffs + record + (256 << 10);
    }

    /** Writes every planned file into the run's claimed folder (committed by the caller). */
    static void stage(OutputFolder out, FusionResult result, FusionParameters params, FusionImages images,
                      Calibration cal) throws IOException {
        for (int e = 0; e < result.symbols().size(); e++) {
            String el = result.symbols().get(e);
            out.stageTiff("fused_" + el + ".tif", ImagePlanes.toImagePlus(el, result.fusedMaps().get(e),
                    result.width(), result.height(), cal));
        }
        out.stageTiff("fused_maps.tif", images.fusedMaps());
        out.stageTiff("model_haadf.tif", images.modelHaadf());
        ImagePlus figure = images.convergence().asFigure("convergence");
        out.stage("convergence.png", tmp -> {
            if (!new FileSaver(figure).saveAsPng(tmp.toString())) {
                throw new IOException("could not write " + tmp);
            }
        });
        Calibration c = cal == null ? new Calibration() : cal;
        out.stage(FusionRecord.FILE_NAME, tmp -> FusionRecord.write(tmp, result, params, c.getUnit(),
                c.pixelWidth, c.pixelHeight));
    }
}
