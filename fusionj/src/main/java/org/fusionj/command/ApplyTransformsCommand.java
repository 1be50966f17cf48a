package org.fusionj.command;

import java.io.File;
import java.io.IOException;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.registration.ApplyTransformsJob;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.registration.TransformsFile;
import org.fusionj.workflow.schema.ParamValues;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** A saved transforms file onto an image or file, as a SciJava command (the result optionally saved as TIFF). */
@Plugin(type = Command.class, headless = true, label = "Apply Transforms (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>Apply Transforms (SciJava)")
public final class ApplyTransformsCommand extends FusionJCommand {

    @Parameter(required = false, persist = false)
    private ImagePlus input;

    @Parameter(required = false, persist = false)
    private File input_file;

    @Parameter(required = false, persist = false, description = "transforms.json of a saved registration")
    private File transforms;

    @Parameter(required = false, persist = false)
    private File regions;

    @Parameter(required = false, choices = {"linear", "cubic", "nearest"})
    private String interpolation = "linear";

    @Parameter(required = false, min = "-1", max = "1000000")
    private int index = -1;

    @Parameter(required = false, persist = false, style = "save")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, persist = false, min = "0", max = "1024", description = "0 = all cores")
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus transformed;

    public ApplyTransformsCommand() {
        super("Apply Transforms");
    }

    @Override
    void execute() throws IOException {
        ParamValues values = values(RegistrationKeys.APPLY_SCHEMA);
        if (transforms == null) {
            throw new InvalidInputException("give transforms (the transforms.json of a saved registration)");
        }
        ImagePlus data = imageOrFile(input, input_file, "input");
        ImagePlus regionMap = regions == null ? null : org.fusionj.io.ImageFiles.open(regions.getPath());
        transformed = new ApplyTransformsJob(values, run(values, output, overwrite)).run(
                TransformsFile.read(transforms.toPath()), transforms.toPath(), data, regionMap).result();
    }
}
