package org.fusionj.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.Calibration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionResult;

/**
 * Saves a fusion run into a folder: one TIFF per fused map ({@code fused_<El>.tif}), the composite stack
 * ({@code fused_maps.tif}), the model HAADF ({@code model_haadf.tif}), the convergence figure
 * ({@code convergence.png}) and the HDF5 record ({@link FusionRecord#FILE_NAME}).
 *
 * <p>Nothing is written over an existing file unless {@code overwrite} is set, and then only after the whole
 * run is saved: each file is written under a temporary name and renamed when complete, so an interrupted save
 * never leaves a half-written file under a real name.
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

    /** Refuses before any work when the folder already holds files of the same names. */
    public static void checkWritable(Path dir, List<String> names, boolean overwrite) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("output " + dir + " is a file, not a folder");
        }
        if (overwrite) {
            return;
        }
        List<String> clashes = new ArrayList<>();
        for (String n : names) {
            if (Files.exists(dir.resolve(n))) {
                clashes.add(n);
            }
        }
        if (!clashes.isEmpty()) {
            throw new InvalidInputException("output folder " + dir + " already holds " + String.join(", ", clashes)
                    + "; choose another folder or allow overwrite");
        }
    }

    /** Writes every output; returns the written files. */
    public static List<Path> write(Path dir, FusionResult result, FusionParameters params, FusionImages images,
                                   Calibration cal, boolean overwrite) throws IOException {
        List<String> names = fileNames(result.symbols().toArray(String[]::new));
        checkWritable(dir, names, overwrite);
        Files.createDirectories(dir);
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            for (int e = 0; e < result.symbols().size(); e++) {
                String el = result.symbols().get(e);
                ImagePlus map = ImagePlanes.toImagePlus(el, result.fusedMaps().get(e), result.width(),
                        result.height(), cal);
                stage(dir, "fused_" + el + ".tif", staged, tmp -> saveTiff(map, tmp));
            }
            stage(dir, "fused_maps.tif", staged, tmp -> saveTiff(images.fusedMaps(), tmp));
            stage(dir, "model_haadf.tif", staged, tmp -> saveTiff(images.modelHaadf(), tmp));
            ImagePlus figure = images.convergence().asFigure("convergence");
            stage(dir, "convergence.png", staged, tmp -> {
                if (!new FileSaver(figure).saveAsPng(tmp.toString())) {
                    throw new IOException("could not write " + tmp);
                }
            });
            Calibration c = cal == null ? new Calibration() : cal;
            stage(dir, FusionRecord.FILE_NAME, staged, tmp -> FusionRecord.write(tmp, result, params, c.getUnit(),
                    c.pixelWidth, c.pixelHeight));
            List<Path> written = new ArrayList<>();
            for (Map.Entry<Path, Path> s : staged.entrySet()) {
                Files.move(s.getKey(), s.getValue(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                written.add(s.getValue());
            }
            staged.clear();
            return written;
        } finally {
            for (Path tmp : staged.keySet()) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(Path tmp) throws IOException;
    }

    private static void stage(Path dir, String name, Map<Path, Path> staged, Writer writer) throws IOException {
        String suffix = name.substring(name.lastIndexOf('.'));
        Path tmp = dir.resolve(".fusionj-partial-" + name.substring(0, name.lastIndexOf('.')) + suffix);
        staged.put(tmp, dir.resolve(name));
        writer.write(tmp);
    }

    /** Saves without renaming the user's window (FileSaver retitles an image after the file it wrote). */
    private static void saveTiff(ImagePlus imp, Path file) throws IOException {
        String title = imp.getTitle();
        boolean ok = imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(file.toString())
                : new FileSaver(imp).saveAsTiff(file.toString());
        imp.setTitle(title);
        if (!ok) {
            throw new IOException("could not write " + file);
        }
    }
}
