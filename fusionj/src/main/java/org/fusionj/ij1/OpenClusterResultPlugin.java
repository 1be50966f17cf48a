package org.fusionj.ij1;

import java.nio.file.Path;

import ij.ImagePlus;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.workflow.cluster.ClusterResult;

/**
 * {@code Plugins > FusionJ > Open Cluster Result...}: opens one map of a finished fusionj-spark run (its output
 * folder's maps.zarr) as a calibrated virtual stack, read slice by slice from the Zarr chunks. Recordable:
 * {@code run("Open Cluster Result...", "results=[/data/run1/results] map=half_height");}. The Fiji JVM starts no
 * Spark: this only reads the files the run wrote.
 */
public final class OpenClusterResultPlugin implements PlugIn {

    static final String TITLE = "Open Cluster Result";
    private static final String PREF_RESULTS = "fusionj.cluster.results";
    private static final String PREF_MAP = "fusionj.cluster.map";

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addDirectoryField("results", Prefs.get(PREF_RESULTS, ""), 32);
        gd.addStringField("map", Prefs.get(PREF_MAP, ClusterResult.DEFAULT_MAP), 16);
        gd.addMessage("results: the output folder of a finished cluster run (or its maps.zarr).\n"
                + "map: half_height (default), another XANES map, mask or particles.\n"
                + "Opened as a virtual stack: slices are read when shown.");
        DialogHelp.add(gd, "scale-out");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String results = gd.getNextString().trim();
        String map = gd.getNextString().trim();
        PluginRun.reporting(TITLE, () -> {
            ImagePlus imp = ClusterResult.open(Path.of(results), map);
            Prefs.set(PREF_RESULTS, results);
            Prefs.set(PREF_MAP, map);
            imp.show();
        });
    }
}
