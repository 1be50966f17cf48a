package org.fusionj.workflow.fusion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.io.Hdf5GroupWriter;
import org.fusionj.io.Hdf5Writer;
import org.fusionj.io.LengthUnits;
import org.fusionj.workflow.Version;

/**
 * Writes a fusion run as HDF5 in the layout of the published code's {@code Fused_Reconstruction.h5} (datasets
 * {@code raw_haadf}, {@code fused_haadf}, {@code raw_<El>}, {@code fused_<El>}, {@code costHAADF},
 * {@code costChem}, {@code costTV}, scalars {@code lambdaHAADF}, {@code lambdaChem}, {@code lambdaTV},
 * {@code gamma}), plus every parameter as a root attribute under its FusionJ name.
 */
public final class FusionRecord {

    /** The file name the published code uses. */
    public static final String FILE_NAME = "Fused_Reconstruction.h5";

    private FusionRecord() {
    }

    public static void write(Path file, FusionResult result, FusionParameters params, String pixelUnit,
                             double pixelWidth, double pixelHeight) throws IOException {
        int w = result.width();
        int h = result.height();
        List<String> symbols = result.symbols();
        try (Hdf5Writer out = Hdf5Writer.create(file, true)) {
            out.writeDataset("raw_haadf", result.normalisedHaadf(), h, w);
            out.writeDataset("fused_haadf", result.modelHaadf(), h, w);
            for (int e = 0; e < symbols.size(); e++) {
                out.writeDataset("raw_" + symbols.get(e), result.normalisedMaps().get(e), h, w);
                out.writeDataset("fused_" + symbols.get(e), result.fusedMaps().get(e), h, w);
            }
            out.writeDataset("costHAADF", result.costs().haadf());
            out.writeDataset("costChem", result.costs().chem());
            out.writeDataset("costTV", result.costs().tv());
            out.writeScalar("lambdaHAADF", result.lambdaHaadf());
            out.writeScalar("lambdaChem", params.lambdaChem());
            out.writeScalar("lambdaTV", params.lambdaTv());
            out.writeScalar("gamma", params.gamma());
            writeParameters(out, result, params);
            out.attribute("pixel_width", pixelWidth)
                    .attribute("pixel_height", pixelHeight)
                    .attribute("pixel_unit", pixelUnit == null ? "pixel" : LengthUnits.ascii(pixelUnit))
                    .attribute("software", "FusionJ " + Version.get());
        }
    }

    private static void writeParameters(Hdf5GroupWriter out, FusionResult result, FusionParameters p) {
        out.attribute(FusionKeys.ELEMENTS, String.join(",", result.symbols()))
                .attribute("weights", result.weights())
                .attribute(FusionKeys.PRESET, p.preset().key())
                .attribute(FusionKeys.GAMMA, p.gamma())
                .attribute(FusionKeys.WEIGHT_METHOD, p.weightMethod().code())
                .attribute(FusionKeys.LAMBDA_HAADF, result.lambdaHaadf())
                .attribute(FusionKeys.LAMBDA_CHEM, p.lambdaChem())
                .attribute(FusionKeys.LAMBDA_TV, p.lambdaTv())
                .attribute(FusionKeys.N_ITER, p.iterations())
                .attribute(FusionKeys.N_ITER_TV, p.tvIterations())
                .attribute(FusionKeys.BKG, p.background())
                .attribute(FusionKeys.THRESHOLD, p.hasInitialThreshold() ? p.initialThreshold() : 0)
                .attribute(FusionKeys.REGULARIZE, p.regularize() ? 1 : 0);
        writeOverrides(out, p, result.symbols().size());
    }

    /**
     * Per-element values (automatic parameters) as attributes {@code <name>_per_element}, one value per element in
     * map order, beside the single values above.
     */
    static void writeOverrides(Hdf5GroupWriter out, FusionParameters p, int elements) {
        if (p.overrides().isEmpty()) {
            return;
        }
        double[] chem = new double[elements];
        double[] tv = new double[elements];
        double[] tvIt = new double[elements];
        double[] it = new double[elements];
        for (int e = 0; e < elements; e++) {
            chem[e] = p.lambdaChem(e);
            tv[e] = p.lambdaTv(e);
            tvIt[e] = p.tvIterations(e);
            it[e] = p.iterations(e);
        }
        out.attribute(FusionKeys.LAMBDA_CHEM + "_per_element", chem)
                .attribute(FusionKeys.LAMBDA_TV + "_per_element", tv)
                .attribute(FusionKeys.N_ITER_TV + "_per_element", tvIt)
                .attribute(FusionKeys.N_ITER + "_per_element", it);
    }
}
