package org.fusionj.workflow.tomo;

import java.io.IOException;
import java.nio.file.Path;

import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionProblem;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.io.Hdf5GroupWriter;
import org.fusionj.io.Hdf5Writer;
import org.fusionj.io.LengthUnits;
import org.fusionj.workflow.Version;

/**
 * The HDF5 record of a tomography run: every parameter as a root attribute under its {@link TomoKeys} name, the
 * tilt angles and the name of each series ({@code haadf_series}, {@code series_<El>}), the fitted scales and the
 * cost curves ({@code costHAADF}, {@code costChem}, {@code costTV}, as the 2-D fusion's record names them). The
 * volumes themselves are in the TIFF hyperstack.
 */
public final class TomoRecord {

    public static final String FILE_NAME = "tomo_record.h5";

    private TomoRecord() {
    }

    public static void write(Path file, TomoFusionProblem problem, TomoFusionResult r, TomoFusionParameters p,
                             String haadfSource, String pixelUnit, double pixelWidth) throws IOException {
        try (Hdf5Writer out = Hdf5Writer.create(file, true)) {
            out.writeDataset("costHAADF", r.costs().haadf());
            out.writeDataset("costChem", r.costs().chem());
            out.writeDataset("costTV", r.costs().tv());
            out.writeDataset("haadf_angles", problem.haadf().angles());
            for (ElementTiltSeries e : problem.elements()) {
                out.writeDataset("angles_" + e.symbol(), e.series().angles());
            }
            writeParameters(out, r, p);
            for (ElementTiltSeries e : problem.elements()) {
                // the chemical series each element came from (the image title: a file's name on the CLI)
                out.attribute("series_" + e.symbol(), e.series().name());
            }
            out.attribute("haadf_series", haadfSource)
                    .attribute("width", r.width())
                    .attribute("height", r.height())
                    .attribute("voxel_size", pixelWidth)
                    .attribute("voxel_unit", pixelUnit == null ? "pixel" : LengthUnits.ascii(pixelUnit))
                    .attribute("software", "FusionJ " + Version.get());
        }
    }

    private static void writeParameters(Hdf5GroupWriter out, TomoFusionResult r, TomoFusionParameters p) {
        out.attribute(TomoKeys.ELEMENTS, String.join(",", r.symbols()))
                .attribute("weights", r.weights())
                .attribute("scales", r.scales())
                .attribute("haadf_scale", r.haadfScale())
                .attribute("haadf_offset", r.haadfOffset())
                .attribute(TomoKeys.METHOD, p.method().key())
                .attribute(TomoKeys.GAMMA, p.gamma())
                .attribute(TomoKeys.WEIGHT_METHOD, p.weightMethod().code())
                .attribute(TomoKeys.LAMBDA_HAADF, p.lambdaHaadf())
                .attribute(TomoKeys.LAMBDA_CHEM, p.lambdaChem())
                .attribute(TomoKeys.LAMBDA_TV, p.lambdaTv())
                .attribute(TomoKeys.N_ITER, p.iterations())
                .attribute(TomoKeys.N_ITER_TV, p.tvIterations())
                .attribute(TomoKeys.BKG, p.background())
                .attribute(TomoKeys.REGULARIZE, p.regularize() ? 1 : 0)
                .attribute(TomoKeys.PROJECTOR, p.projector().key())
                .attribute(TomoKeys.DEPTH, r.depth())
                .attribute(TomoKeys.N_ITER_INIT, p.initIterations())
                .attribute(TomoKeys.TV_COUPLING, p.tvCoupling().key())
                .attribute(TomoKeys.TV_WARM_START, p.warmTv() ? 1 : 0)
                .attribute(TomoKeys.COMPOSITION_TV, p.compositionTvFinal())
                .attribute(TomoKeys.TILT + TomoKeys.LAMBDA_CHEM, p.tiltFusion().lambdaChem())
                .attribute(TomoKeys.TILT + TomoKeys.LAMBDA_TV, p.tiltFusion().lambdaTv())
                .attribute(TomoKeys.TILT + TomoKeys.N_ITER, p.tiltFusion().iterations())
                .attribute(TomoKeys.TILT + TomoKeys.N_ITER_TV, p.tiltFusion().tvIterations())
                .attribute(TomoKeys.TILT + TomoKeys.BKG, p.tiltFusion().background());
    }
}
