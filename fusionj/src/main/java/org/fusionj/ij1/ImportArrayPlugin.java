package org.fusionj.ij1;

import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.io.ImageFiles;

/**
 * {@code Plugins > FusionJ > Import Array...}: opens an NPY file, one array of an NPZ archive, or one dataset of
 * an HDF5/EMD file as an image, so that data prepared in Python reaches Fiji without conversion.
 */
public final class ImportArrayPlugin implements PlugIn {

    static final String TITLE = "Import Array";

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addFileField("open", "", 32);
        gd.addStringField("key", "", 16);
        gd.addMessage("key: the array name inside an NPZ file, or blank for an NPY file.");
        DialogHelp.add(gd, "import-array");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String path = gd.getNextString();
        String key = gd.getNextString().trim();
        PluginRun.reporting(TITLE, () -> {
            ImagePlus imp;
            try {
                imp = ImageFiles.open(key.isEmpty() ? path : path + ":" + key);
            } catch (RuntimeException e) {
                throw new org.fusionj.core.InvalidInputException(e.getMessage());
            }
            if (!key.isEmpty()) {
                imp.setTitle(key);
            }
            imp.show();
        });
    }
}
