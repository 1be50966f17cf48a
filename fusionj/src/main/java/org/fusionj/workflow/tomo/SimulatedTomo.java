package org.fusionj.workflow.tomo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.WeightMethod;
import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.TiltSeries;
import org.fusionj.core.tomo.phantom.ParticleShape;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.ParamValues;

/**
 * The files of a simulated tomography data set, the ones {@code fuse-tomo} reads: {@value #HAADF} (the HAADF tilt
 * series, angles in the slice labels), {@value #HAADF_ANGLES}, {@code chem_<El>.tif} per element,
 * {@value #CHEM_ANGLES}, and the truth: {@value #TRUTH} (the true concentrations, a hyperstack laid out as
 * {@code fuse-tomo}'s volumes).
 */
public final class SimulatedTomo {

    public static final String HAADF = "haadf.tif";
    public static final String HAADF_ANGLES = "haadf_angles.txt";
    public static final String CHEM_ANGLES = "chem_angles.txt";
    public static final String TRUTH = "truth.tif";

    private SimulatedTomo() {
    }

    /**
     * The phantom spec of {@code simulate-tomo}'s values: the defaults at the size, with the given particles, HAADF
     * model, doses, backgrounds and angles ({@code auto} radii: the defaults', scaled with the size). Refuses
     * radius_min above radius_max in one line.
     */
    public static TomoPhantomSpec spec(ParamValues v) {
        int size = v.integer("size");
        TomoPhantomSpec d = TomoPhantomSpec.defaults(size);
        double rMin = v.isAuto(TomoKeys.RADIUS_MIN) ? d.radiusMin() : v.number(TomoKeys.RADIUS_MIN);
        double rMax = v.isAuto(TomoKeys.RADIUS_MAX) ? d.radiusMax() : v.number(TomoKeys.RADIUS_MAX);
        if (rMin > rMax) {
            String auto = " (auto at size " + size + ")";
            throw new InvalidInputException(String.format(Locale.ROOT, "%s %s%s is above %s %s%s: give %s at most "
                            + "%s or a larger %s", TomoKeys.RADIUS_MIN, Param.format(rMin),
                    v.isAuto(TomoKeys.RADIUS_MIN) ? auto : "", TomoKeys.RADIUS_MAX, Param.format(rMax),
                    v.isAuto(TomoKeys.RADIUS_MAX) ? auto : "", TomoKeys.RADIUS_MIN, Param.format(rMax),
                    TomoKeys.RADIUS_MAX));
        }
        return d.toBuilder()
                .symbols(Elements.parseList(v.text(TomoKeys.ELEMENTS)))
                .particles(v.integer("particles"))
                .radii(rMin, rMax)
                .shape(ParticleShape.fromKey(v.text("shape")))
                .coreShellFraction(v.number(TomoKeys.CORE_SHELL))
                .gamma(v.number(TomoKeys.GAMMA))
                .weightMethod(WeightMethod.fromCode(v.integer(TomoKeys.WEIGHT_METHOD)))
                .haadfBackground(v.number(TomoKeys.HAADF_BACKGROUND))
                .chemBackground(v.number(TomoKeys.CHEM_BACKGROUND))
                .haadfAngles(TiltAngleText.text(v.text(TomoKeys.HAADF_ANGLES), TomoKeys.HAADF_ANGLES))
                .chemAngles(TiltAngleText.text(v.text(TomoKeys.CHEM_ANGLES), TomoKeys.CHEM_ANGLES))
                .haadfDose(d.haadfDose() * v.number("haadf_dose"))
                .chemDose(d.chemDose() * v.number("chem_dose"))
                .seed(v.longValue("seed"))
                .build();
    }

    /** The chemical series file of an element. */
    public static String chemFile(String symbol) {
        return "chem_" + symbol + ".tif";
    }

    /** Every file written, in writing order. */
    public static List<String> fileNames(List<String> symbols) {
        List<String> names = new ArrayList<>(List.of(HAADF, HAADF_ANGLES));
        symbols.forEach(s -> names.add(chemFile(s)));
        names.add(CHEM_ANGLES);
        names.add(TRUTH);
        return names;
    }

    /** Bytes on disk, about. */
    public static long estimatedBytes(TomoPhantomSpec s) {
        long image = 4L * s.width() * s.height();
        return image * (s.haadfAngles().length + (long) s.elementCount() * s.chemAngles().length)
                + 4L * s.width() * s.height() * s.depth() * s.elementCount() + (64 << 10);
    }

    /** Writes the phantom's files into the claimed folder (committed by the caller). */
    public static void stage(OutputFolder out, TomoPhantom ph) throws IOException {
        TomoPhantomSpec s = ph.spec();
        out.stageTiff(HAADF, series("HAADF", ph.problem().haadf()));
        out.stage(HAADF_ANGLES, tmp -> Files.writeString(tmp, TiltAngleText.fileText(s.haadfAngles()),
                StandardCharsets.UTF_8));
        for (ElementTiltSeries e : ph.problem().elements()) {
            out.stageTiff(chemFile(e.symbol()), series(e.symbol() + " map", e.series()));
        }
        out.stage(CHEM_ANGLES, tmp -> Files.writeString(tmp, TiltAngleText.fileText(s.chemAngles()),
                StandardCharsets.UTF_8));
        out.stageTiff(TRUTH, TomoImages.volumes("truth", ph.symbols(), ph.truth(), s.width(), s.height(), s.depth(),
                null));
    }

    /** A tilt series as an ImageJ stack, each slice labelled with its angle ({@link TiltAngleText#label}). */
    public static ImagePlus series(String title, TiltSeries t) {
        ImageStack stack = new ImageStack(t.width(), t.height());
        int plane = t.width() * t.height();
        double[] angles = t.angles();
        for (int a = 0; a < angles.length; a++) {
            float[] px = new float[plane];
            System.arraycopy(t.pixels(), a * plane, px, 0, plane);
            stack.addSlice(TiltAngleText.label(angles[a]), new FloatProcessor(t.width(), t.height(), px));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.resetDisplayRange();
        return imp;
    }
}
