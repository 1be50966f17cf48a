package org.fusionj.workflow.registration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ImageProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.registration.Interpolation;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.spectral.SpectralSeries;
import org.fusionj.workflow.ImagePlanes;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.SpectralImages;
import org.fusionj.workflow.schema.ParamValues;

/**
 * One Apply Transforms run, the sequence every front-end follows: a saved transforms file ({@link TransformsFile})
 * onto other data through {@link ApplyTransforms}: a series of the registered one's length (frame i, or slice i of a
 * 2-D stack, takes entry i), or one volume or image with the entry chosen by index. Nearest-neighbour results of
 * 8- and 16-bit images keep their type (label images stay label images). The output is one TIFF file, claimed
 * before the work.
 */
public final class ApplyTransformsJob {

    /**
     * @param result  the warped data, on the fixed grid, calibration kept
     * @param entries how many entries of the file were applied
     * @param written the saved file, or null without saving
     * @param millis  wall time
     */
    public record Outcome(ImagePlus result, int entries, Path written, double millis) {
    }

    private final Interpolation interpolation;
    private final int index;
    private final RunContext run;

    /** @param values read through {@link RegistrationKeys#APPLY_SCHEMA} */
    public ApplyTransformsJob(ParamValues values, RunContext run) {
        this.interpolation = Interpolation.parse(values.text(RegistrationKeys.INTERPOLATION));
        this.index = values.integer(RegistrationKeys.INDEX);
        this.run = run;
    }

    /**
     * @param transforms the file's contents and the file itself (protected from being overwritten; may be null)
     * @param regions    per-particle files: the registration's region map (0 = global, k = particle k), else null
     */
    public Outcome run(TransformsFile transforms, Path transformsPath, ImagePlus data, ImagePlus regions)
            throws IOException {
        ImagePlanes.requireGreyscale(data);
        boolean series = index < 0 && transforms.count() > 1;
        int entry = index < 0 ? 0 : index;
        if (!series && entry >= transforms.count()) {
            throw new InvalidInputException("index " + entry + " is not in the transforms file (it holds "
                    + transforms.count() + " entr" + (transforms.count() == 1 ? "y: index 0)" : "ies: 0 to "
                    + (transforms.count() - 1) + ")"));
        }
        int count = data.getNFrames() > 1 ? data.getNFrames() : data.getNSlices();
        if (series && count != transforms.count()) {
            throw new InvalidInputException(data.getTitle() + " has " + count + (data.getNFrames() > 1 ? " frames"
                    : " slices") + " but the transforms file holds " + transforms.count() + " entries; give a "
                    + "series of the registered length, or one volume with --index");
        }
        List<Path> inputs = new ArrayList<>(RunContext.filesOf(regions == null ? List.of(data)
                : List.of(data, regions)));
        if (transformsPath != null) {
            inputs.add(transformsPath);
        }
        OutputPlan plan = run.inputs(inputs).filePlan();
        long voxels = (long) data.getWidth() * data.getHeight() * data.getStackSize();
        if (plan != null) {
            plan = plan.estimatedBytes(4 * voxels + (1 << 20));
        }
        // the float copy of the data and the warped result
        MemoryEstimate memory = new MemoryEstimate(String.format(Locale.ROOT, "applying transforms to %d voxels",
                voxels), MemoryEstimate.floats(2.0 * voxels));
        int[] regionMap = regions == null ? null : regionMap(regions);
        try (OutputFolder out = run.begin(plan, memory)) {
            long start = System.nanoTime();
            ImagePlus result;
            if (series) {
                double[] energies = new double[count];
                for (int i = 0; i < count; i++) {
                    double e = transforms.volumes().get(i).energyEv();
                    energies[i] = Double.isFinite(e) ? e : i + 1;
                }
                SpectralSeries s = SpectralImages.of(data, energies);
                SpectralSeries warped = ApplyTransforms.series(transforms, s, interpolation, regionMap, run.threads(),
                        run.progress(), run.cancel());
                result = SpectralImages.toImage(data.getTitle() + " transformed", warped);
                if (data.getNFrames() == 1) {
                    // a 2-D stack stays a plain stack of slices
                    result.setDimensions(1, count, 1);
                    result.setOpenAsHyperStack(false);
                }
            } else {
                if (data.getNFrames() > 1 || data.getNChannels() > 1) {
                    throw new InvalidInputException(data.getTitle() + " has " + data.getNFrames() + " frames and "
                            + data.getNChannels() + " channel(s); with an index give one volume or image");
                }
                Volume v = Volumes.frame(data, 1);
                double ratio = ApplyTransforms.voxelRatio(transforms, SpectralImages.voxelSize(data.getCalibration()));
                run.progress().progress(0, "applying entry " + entry);
                Volume warped;
                try (RowBlocks blocks = new RowBlocks(run.threads())) {
                    warped = ApplyTransforms.volume(transforms, entry, v, interpolation, ratio, regionMap, blocks);
                }
                run.progress().progress(1, "transform applied");
                result = Volumes.toImage(data.getTitle() + " transformed", warped, null);
            }
            Calibration cal = data.getCalibration().copy();
            result.setCalibration(cal);
            result = keepType(result, data);
            double millis = (System.nanoTime() - start) / 1e6;
            Path written = null;
            if (out != null) {
                out.stageTiff(out.names().get(0), result);
                written = out.commit().get(0);
            }
            return new Outcome(result, series ? count : 1, written, millis);
        }
    }

    /** Nearest-neighbour results of 8- and 16-bit data back in their type: the values are the data's own. */
    private ImagePlus keepType(ImagePlus result, ImagePlus data) {
        int bits = data.getBitDepth();
        if (interpolation != Interpolation.NEAREST || bits != 8 && bits != 16) {
            return result;
        }
        ImageStack in = result.getStack();
        ImageStack st = new ImageStack(in.getWidth(), in.getHeight());
        for (int i = 1; i <= in.getSize(); i++) {
            ImageProcessor ip = in.getProcessor(i);
            st.addSlice(in.getSliceLabel(i), bits == 8 ? ip.convertToByteProcessor(false)
                    : ip.convertToShortProcessor(false));
        }
        ImagePlus typed = new ImagePlus(result.getTitle(), st);
        typed.setDimensions(1, result.getNSlices(), result.getNFrames());
        typed.setOpenAsHyperStack(result.isHyperStack());
        typed.setCalibration(result.getCalibration());
        for (String key : new String[] {SpectralImages.PROPERTY}) {
            if (result.getProp(key) != null) {
                typed.setProp(key, result.getProp(key));
            }
        }
        typed.resetDisplayRange();
        return typed;
    }

    /** The region map as whole numbers per voxel. */
    private static int[] regionMap(ImagePlus regions) {
        Volume v = Volumes.frame(regions, 1);
        float[] f = v.data();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            if (f[i] != Math.rint(f[i])) {
                throw new InvalidInputException("the region map " + regions.getTitle() + " holds " + f[i]
                        + ": give the registration's region labels (whole numbers)");
            }
            out[i] = (int) f[i];
        }
        return out;
    }
}
