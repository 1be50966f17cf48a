package org.fusionj.workflow.xanes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ImageProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.LcfParameters;
import org.fusionj.core.xanes.ReferenceSpectrum;
import org.fusionj.workflow.ImagePlanes;

/**
 * Turns ImageJ data into the XANES kernels' inputs: a series over energy (a hyperstack with energies as frames,
 * or a plain stack of 2-D images, one per energy), masks, ROIs and reference spectra. 32-bit pixels are used in
 * place (a 256^3 x 60 series is 4 GB); other types are converted plane by plane.
 */
public final class XanesInputs {

    private XanesInputs() {
    }

    /** The series of {@code imp} over {@code energies}. */
    public static EnergySeries series(ImagePlus imp, double[] energies) {
        ImagePlanes.requireGreyscale(imp);
        if (imp.getNChannels() > 1) {
            throw new InvalidInputException(imp.getTitle() + " has " + imp.getNChannels() + " channels; a XANES "
                    + "series has one channel, the energies as frames");
        }
        int frames = imp.getNFrames();
        int slices = imp.getNSlices();
        boolean stackOverEnergy = frames == 1;
        int nEnergies = stackOverEnergy ? slices : frames;
        int depth = stackOverEnergy ? 1 : slices;
        if (nEnergies < 2) {
            throw new InvalidInputException(imp.getTitle() + " holds a single energy; a XANES series needs one "
                    + "image or volume per energy (a hyperstack with energies as frames, or a stack of images)");
        }
        if (energies == null) {
            throw new InvalidInputException("no energies for " + imp.getTitle() + ": give them typed, from a "
                    + "file, or in the image's metadata");
        }
        if (energies.length != nEnergies) {
            throw new InvalidInputException(imp.getTitle() + " has " + nEnergies + (stackOverEnergy ? " images"
                    : " frames") + " but " + energies.length + " energies were given");
        }
        ImageStack stack = imp.getStack();
        float[][][] planes = new float[nEnergies][depth][];
        for (int e = 0; e < nEnergies; e++) {
            for (int z = 0; z < depth; z++) {
                int index = stackOverEnergy ? e + 1 : imp.getStackIndex(1, z + 1, e + 1);
                Object px = stack.getPixels(index);
                planes[e][z] = px instanceof float[] f ? f
                        : (float[]) stack.getProcessor(index).convertToFloatProcessor().getPixels();
            }
        }
        return new EnergySeries(imp.getWidth(), imp.getHeight(), depth, energies.clone(), planes);
    }

    /**
     * The series as a hyperstack (energies as frames, pixels shared, not copied), its energies in the metadata
     * and in the frame labels ("6549.0 eV"), so that saving it as TIFF keeps them.
     */
    public static ImagePlus toImage(String title, EnergySeries s) {
        ImageStack stack = new ImageStack(s.width(), s.height());
        for (int e = 0; e < s.energyCount(); e++) {
            for (int z = 0; z < s.depth(); z++) {
                stack.addSlice(s.energiesEv()[e] + " eV", s.planes()[e][z]);
            }
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(1, s.depth(), s.energyCount());
        imp.setOpenAsHyperStack(true);
        EnergyLists.store(imp, s.energiesEv());
        return imp;
    }

    /** A mask volume from an image of the series' size: nonzero voxels are kept. */
    public static byte[][] mask(ImagePlus maskImage, EnergySeries series) {
        if (maskImage.getWidth() != series.width() || maskImage.getHeight() != series.height()
                || maskImage.getStackSize() != series.depth()) {
            throw new InvalidInputException("mask " + maskImage.getTitle() + " is " + maskImage.getWidth() + " x "
                    + maskImage.getHeight() + " x " + maskImage.getStackSize() + " but the series' volume is "
                    + series.width() + " x " + series.height() + " x " + series.depth());
        }
        byte[][] m = new byte[series.depth()][series.planeSize()];
        for (int z = 0; z < series.depth(); z++) {
            ImageProcessor ip = maskImage.getStack().getProcessor(z + 1);
            for (int i = 0; i < m[z].length; i++) {
                m[z][i] = ip.getf(i) != 0 ? (byte) 1 : 0;
            }
        }
        return m;
    }

    /**
     * The voxels of an ROI: on its own slice when it carries a z position (ROI Manager "associated with slice"),
     * else through every slice.
     */
    public static byte[][] roiMask(Roi roi, EnergySeries series) {
        byte[][] m = new byte[series.depth()][series.planeSize()];
        int w = series.width();
        int z = roi.getZPosition() > 0 && series.depth() > 1 ? roi.getZPosition() - 1 : -1;
        for (java.awt.Point p : roi.getContainedPoints()) {
            if (p.x < 0 || p.y < 0 || p.x >= w || p.y >= series.height()) {
                continue;
            }
            for (int s = 0; s < series.depth(); s++) {
                if (z < 0 || s == z) {
                    m[s][p.x + p.y * w] = 1;
                }
            }
        }
        return m;
    }

    /**
     * A reference spectrum from a text/CSV file: two columns, energy (eV) and mu; header and comment lines
     * before the data are skipped. Named after the file.
     */
    public static ReferenceSpectrum reference(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        int lineNo = 0;
        for (String line : EnergyLists.readText(file, "a reference spectrum (energy in eV, mu)").lines().toList()) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("[,;\\s]+");
            try {
                if (f.length < 2) {
                    throw new NumberFormatException();
                }
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
            } catch (NumberFormatException e) {
                if (!rows.isEmpty()) {
                    throw new InvalidInputException(file.getFileName() + ", line " + lineNo + ": expected two "
                            + "numbers (energy in eV, mu), found '" + l + "'");
                }
            }
        }
        double[] energies = new double[rows.size()];
        double[] mu = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            energies[i] = rows.get(i)[0];
            mu[i] = rows.get(i)[1];
        }
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return new ReferenceSpectrum(name, energies, mu);
    }

    /**
     * Linear-combination fitting against the reference spectra in {@code files} (2 to 4; blank entries skipped),
     * with the default fit window and reference normalisation; the fractions sum to one when {@code sumToOne}.
     */
    public static LcfParameters lcf(List<String> files, boolean sumToOne) throws IOException {
        List<ReferenceSpectrum> refs = new ArrayList<>();
        for (String f : files) {
            if (!f.isBlank()) {
                refs.add(reference(Path.of(f.trim())));
            }
        }
        LcfParameters base = LcfParameters.of(refs);
        return new LcfParameters(base.references(), sumToOne, base.fitWindow(), base.normaliseReferences());
    }
}
