package org.fusionj.ij1;

import java.io.IOException;

import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.io.ImageFiles;

/**
 * {@code Plugins > FusionJ > Import Array...}: opens an NPY file, one array of an NPZ archive, or one dataset of
 * an HDF5/EMD file as an image, so that data prepared in Python reaches Fiji without conversion.
 */
public final class ImportArrayPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog("Import Array");
        gd.addFileField("open", "", 32);
        gd.addStringField("key", "", 16);
        gd.addMessage("key: the array name inside an NPZ file, or blank for an NPY file.");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String path = gd.getNextString();
        String key = gd.getNextString().trim();
        try {
            ImagePlus imp = ImageFiles.open(key.isEmpty() ? path : path + ":" + key);
            if (!key.isEmpty()) {
                imp.setTitle(key);
            }
            imp.show();
        } catch (IOException | RuntimeException e) {
            PluginErrors.report("Import Array", e.getMessage());
        }
    }
}
