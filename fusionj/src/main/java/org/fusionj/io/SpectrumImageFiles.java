package org.fusionj.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.spectrum.EnergyAxis;
import org.fusionj.core.spectrum.SpectrumImage;

/**
 * Opens a spectrum image (x, y, energy) from a file:
 * <ul>
 *   <li><b>DM3/DM4</b> ({@link DmReader}): the first 3-D image; its energy axis is the dimension calibrated in eV
 *       or keV (else the last dimension), with DM's calibration.</li>
 *   <li><b>Velox EMD</b>: the EDX spectrum stream {@code /Data/SpectrumStream/<uuid>} (a stream of channel
 *       indices, 65535 starting the next pixel, frames summed), the scan size taken from an image in
 *       {@code /Data/Image}, the channel count from {@code AcquisitionSettings} ({@code bincount}) and the
 *       calibration from the stream's {@code Metadata} ({@code Detectors/<d>/Dispersion} and
 *       {@code OffsetEnergy}, in eV).</li>
 *   <li><b>Berkeley EMD</b>: a group with {@code emd_group_type = 1} whose {@code data} is 3-D (rows, cols,
 *       energy), with {@code dim3} giving the energies.</li>
 *   <li><b>HDF5</b>: the 3-D dataset named by the key ({@code file.h5:/path}), or the file's only 3-D dataset.</li>
 *   <li><b>NPY</b>: a 3-D array, energy last (HyperSpy's order) unless the options say first.</li>
 *   <li><b>TIFF</b> (and anything ImageJ opens): a stack with one slice per energy channel; the slice axis's
 *       calibration (origin and depth) is used when its unit is eV or keV.</li>
 * </ul>
 * Calibration given in the options overrides the file's; a format without one needs it from the options.
 */
public final class SpectrumImageFiles {

    /** Velox's stream marker that starts the next pixel. */
    static final int NEXT_PIXEL = 65535;

    /**
     * How to read a file.
     *
     * @param energyFirst  for NPY and HDF5 arrays: energy is the first axis (energy, rows, cols) instead of the last
     * @param offsetEv     energy of channel 0, overriding the file's (NaN: from the file)
     * @param dispersionEv eV per channel, overriding the file's (NaN: from the file)
     */
    public record Options(boolean energyFirst, double offsetEv, double dispersionEv) {

        public static Options fromFile() {
            return new Options(false, Double.NaN, Double.NaN);
        }

        public Options withCalibration(double offset, double dispersion) {
            return new Options(energyFirst, offset, dispersion);
        }
    }

    private SpectrumImageFiles() {
    }

    /** Opens "path" or "path:key" (an HDF5 dataset path). */
    public static SpectrumImage read(String spec, Options options) throws IOException {
        ImageFiles.Source source = ImageFiles.Source.parse(spec);
        Path file = source.file();
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".dm3") || lower.endsWith(".dm4")) {
            return fromDm(file, options);
        }
        if (lower.endsWith(".npy")) {
            return fromArray(name, NpyReader.read(file), options, Double.NaN, Double.NaN, "npy");
        }
        if (lower.endsWith(".emd")) {
            return fromEmd(file, options);
        }
        if (ImageFiles.isHdf5Name(lower)) {
            return fromHdf5(file, source.key(), options);
        }
        return fromImageJ(file, options);
    }

    private static SpectrumImage fromDm(Path file, Options options) throws IOException {
        String name = file.getFileName().toString();
        DmReader.DmImage image = null;
        for (DmReader.DmImage im : DmReader.readImages(file)) {
            if (im.dims().length == 3) {
                image = im;
                break;
            }
        }
        if (image == null) {
            throw new FileFormatException(name, "holds no 3-D image (a spectrum image has x, y and energy)");
        }
        int[] dims = image.dims();
        int energy = 2;
        double scaleToEv = 1;
        for (int d = 0; d < 3; d++) {
            String u = image.units()[d].trim();
            if (u.equals("eV") || u.equals("keV")) {
                energy = d;
                scaleToEv = u.equals("keV") ? 1000 : 1;
                break;
            }
        }
        int xDim = energy == 0 ? 1 : 0;
        int yDim = energy == 2 ? 1 : 2;
        int nx = dims[xDim];
        int ny = dims[yDim];
        int nc = dims[energy];
        // DM order: dimension 0 fastest; stride of each dimension.
        long[] stride = {1, dims[0], (long) dims[0] * dims[1]};
        float[] src = image.data();
        float[] out = new float[src.length];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                long base = x * stride[xDim] + y * stride[yDim];
                int o = (y * nx + x) * nc;
                for (int c = 0; c < nc; c++) {
                    out[o + c] = src[(int) (base + c * stride[energy])];
                }
            }
        }
        double offset = image.offset(energy) * scaleToEv;
        double dispersion = image.scales()[energy] * scaleToEv;
        return new SpectrumImage(name, nx, ny, axis(name, options, offset, dispersion, nc), out);
    }

    /** A 3-D array (rows, cols, energy), or (energy, rows, cols) when the options say so. */
    static SpectrumImage fromArray(String name, NdArray array, Options options, double offset, double dispersion,
                                   String what) throws FileFormatException {
        if (array.rank() != 3) {
            throw new FileFormatException(name, "the " + what + " array has shape "
                    + Shapes.format(array.shape()) + "; a spectrum image needs 3 axes (rows, cols, energy)");
        }
        int[] s = array.shape();
        boolean first = options.energyFirst();
        int ny = first ? s[1] : s[0];
        int nx = first ? s[2] : s[1];
        int nc = first ? s[0] : s[2];
        double[] data = array.data();
        float[] out = new float[data.length];
        if (!first) {
            for (int i = 0; i < data.length; i++) {
                out[i] = (float) data[i];
            }
        } else {
            int plane = nx * ny;
            for (int c = 0; c < nc; c++) {
                for (int p = 0; p < plane; p++) {
                    out[p * nc + c] = (float) data[c * plane + p];
                }
            }
        }
        return new SpectrumImage(name, nx, ny, axis(name, options, offset, dispersion, nc), out);
    }

    private static EnergyAxis axis(String name, Options options, double offset, double dispersion, int channels) {
        double o = Double.isNaN(options.offsetEv()) ? offset : options.offsetEv();
        double d = Double.isNaN(options.dispersionEv()) ? dispersion : options.dispersionEv();
        if (Double.isNaN(o) || Double.isNaN(d)) {
            // The names are the parameters' (SpectrumKeys: the CLI's --energy_offset/--dispersion, the dialog's and
            // SciJava's fields): the message must name what the user types.
            throw new InvalidInputException(name + " records no energy calibration; give energy_offset (the energy "
                    + "of channel 0, eV) and dispersion (eV per channel)");
        }
        try {
            return new EnergyAxis(o, d, channels);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(name + ": " + e.getMessage() + (Double.isNaN(options.offsetEv())
                    || Double.isNaN(options.dispersionEv()) ? " (from the file's calibration; give energy_offset and "
                    + "dispersion instead)" : ""));
        }
    }

    private static SpectrumImage fromHdf5(Path file, String key, Options options) throws IOException {
        String name = file.getFileName().toString();
        try (Hdf5Reader h5 = Hdf5Reader.open(file)) {
            String path = key;
            if (path == null) {
                List<String> cubes = new ArrayList<>();
                for (String p : h5.datasetPaths()) {
                    if (h5.readDataset(p).rank() == 3) {
                        cubes.add(p);
                    }
                }
                if (cubes.size() != 1) {
                    throw new FileFormatException(name, "holds " + cubes.size() + " 3-D datasets " + cubes
                            + "; name one as " + name + ":/PATH");
                }
                path = cubes.get(0);
            }
            return fromArray(name, h5.readDataset(path.startsWith("/") ? path : "/" + path), options, Double.NaN,
                    Double.NaN, "HDF5 dataset");
        }
    }

    private static SpectrumImage fromEmd(Path file, Options options) throws IOException {
        String name = file.getFileName().toString();
        try (Hdf5Reader h5 = Hdf5Reader.open(file)) {
            if (h5.exists("/Data/SpectrumStream")) {
                return veloxStream(h5, name, options);
            }
            for (String group : h5.groupPaths()) {
                Object type = h5.attributes(group).get("emd_group_type");
                double[] t = JhdfArrays.toDoubles(type instanceof Number n ? new double[] {n.doubleValue()} : type);
                if (t == null || t.length != 1 || t[0] != 1 || !h5.exists(group + "/data")) {
                    continue;
                }
                NdArray data = h5.readDataset(group + "/data");
                if (data.rank() != 3) {
                    continue;
                }
                double offset = Double.NaN;
                double dispersion = Double.NaN;
                if (h5.exists(group + "/dim3")) {
                    double[] e = h5.readDataset(group + "/dim3").data();
                    Object units = h5.attributes(group + "/dim3").get("units");
                    double toEv = units instanceof String u && u.replaceAll("[\\[\\]_]", "").strip().equals("keV")
                            ? 1000 : 1;
                    if (e.length >= 2) {
                        offset = e[0] * toEv;
                        dispersion = (e[1] - e[0]) * toEv;
                    }
                }
                return fromArray(name, data, options, offset, dispersion, "EMD data");
            }
            throw new FileFormatException(name, "no spectrum image found; looked for a Velox spectrum stream "
                    + "(/Data/SpectrumStream) and a Berkeley EMD group with 3-D data");
        }
    }

    /** Decodes a Velox EDX spectrum stream, summing its frames (and its detectors' streams). */
    private static SpectrumImage veloxStream(Hdf5Reader h5, String name, Options options) throws IOException {
        List<String> streams = h5.childNames("/Data/SpectrumStream");
        if (streams.isEmpty()) {
            throw new FileFormatException(name, "the spectrum stream group is empty (a 'pruned' Velox file); "
                    + "export the spectrum image from Velox without pruning");
        }
        int rows = -1;
        int cols = -1;
        if (h5.exists(VeloxLayout.IMAGE_ROOT)) {
            for (String uuid : h5.childNames(VeloxLayout.IMAGE_ROOT)) {
                String p = VeloxLayout.IMAGE_ROOT + "/" + uuid + "/Data";
                if (h5.exists(p)) {
                    int[] shape = h5.readDataset(p).shape();
                    if (shape.length >= 2) {
                        rows = shape[0];
                        cols = shape[1];
                        break;
                    }
                }
            }
        }
        if (rows < 1 || cols < 1) {
            throw new FileFormatException(name, "the spectrum stream needs the scan size, but no image under "
                    + VeloxLayout.IMAGE_ROOT + " gives it");
        }
        String base = "/Data/SpectrumStream/" + streams.get(0);
        Object settings = json(h5, base + "/AcquisitionSettings");
        int channels = (int) number(MiniJson.path(settings, "bincount"));
        if (channels < 1 || channels > 1 << 16) {
            throw new FileFormatException(name, base + "/AcquisitionSettings gives " + channels
                    + " channels (bincount)");
        }
        long pixels = (long) rows * cols;
        if (pixels * channels > Integer.MAX_VALUE - 8) {
            throw new FileFormatException(name, "a " + cols + " x " + rows + " x " + channels + " spectrum image "
                    + "exceeds what one Java array holds; bin it in Velox first");
        }
        float[] counts = new float[(int) (pixels * channels)];
        for (String stream : streams) {
            double[] values = h5.readDataset("/Data/SpectrumStream/" + stream + "/Data").data();
            long pixel = 0;
            for (double v : values) {
                int value = (int) v;
                if (value == NEXT_PIXEL) {
                    pixel++;
                    continue;
                }
                if (value < 0 || value >= channels || v != value) {
                    throw new FileFormatException(name, "the spectrum stream holds channel " + v + " but the "
                            + "spectrum has " + channels + " channels");
                }
                counts[(int) ((pixel % pixels) * channels + value)]++;
            }
        }
        Object metadata = json(h5, base + "/Metadata");
        double offset = Double.NaN;
        double dispersion = Double.NaN;
        if (MiniJson.path(metadata, "Detectors") instanceof java.util.Map<?, ?> detectors) {
            Object wanted = MiniJson.path(metadata, "BinaryResult", "Detector");
            for (Object d : detectors.values()) {
                Object disp = MiniJson.path(d, "Dispersion");
                Object off = MiniJson.path(d, "OffsetEnergy");
                if (disp == null || off == null) {
                    continue;
                }
                Object detectorName = MiniJson.path(d, "DetectorName");
                if (Double.isNaN(dispersion) || (wanted != null && wanted.equals(detectorName))) {
                    dispersion = number(disp);
                    offset = number(off);
                }
            }
        }
        return new SpectrumImage(name, cols, rows, axis(name, options, offset, dispersion, channels), counts);
    }

    /** A Velox JSON dataset, parsed. */
    private static Object json(Hdf5Reader h5, String path) throws IOException {
        if (!h5.exists(path)) {
            throw new FileFormatException(h5.sourceName(), "no " + path);
        }
        try {
            return MiniJson.parse(VeloxJsonDataset.decode(h5.readDataset(path)));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(h5.sourceName(), path + " is not valid JSON: " + e.getMessage());
        }
    }

    private static double number(Object v) {
        return VeloxMetadata.toDouble(v);
    }

    private static SpectrumImage fromImageJ(Path file, Options options) throws IOException {
        String name = file.getFileName().toString();
        ImagePlus imp = ImageFiles.open(file.toString()); // FusionJ's TIFF reader: bounded, time-limited
        if (imp == null) {
            throw new FileFormatException(name, "not a spectrum image FusionJ can open (DM3, DM4, EMD, HDF5, NPY or "
                    + "a TIFF stack with one slice per energy channel)");
        }
        ImageStack stack = imp.getStack();
        int nc = stack.getSize();
        if (nc < 2) {
            throw new FileFormatException(name, "has a single slice; a spectrum image needs one slice per energy "
                    + "channel");
        }
        int nx = imp.getWidth();
        int ny = imp.getHeight();
        float[] out = new float[nx * ny * nc];
        for (int c = 0; c < nc; c++) {
            float[] plane = (float[]) stack.getProcessor(c + 1).convertToFloat().getPixels();
            for (int p = 0; p < plane.length; p++) {
                out[p * nc + c] = plane[p];
            }
        }
        Calibration cal = imp.getCalibration();
        String unit = cal.getZUnit() == null ? "" : cal.getZUnit().trim();
        double offset = Double.NaN;
        double dispersion = Double.NaN;
        if (unit.equals("eV") || unit.equals("keV")) {
            double toEv = unit.equals("keV") ? 1000 : 1;
            dispersion = cal.pixelDepth * toEv;
            offset = -cal.zOrigin * cal.pixelDepth * toEv;
        }
        return new SpectrumImage(name, nx, ny, axis(name, options, offset, dispersion, nc), out);
    }
}
