package org.fusionj.ij1;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.cluster.ClusterJobFiles;
import org.fusionj.workflow.cluster.ClusterKeys;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.xanes.XanesKeys;

/**
 * {@code Plugins > FusionJ > Prepare Cluster Job...}: writes job.json and the chosen scheduler's submit script into
 * a job folder, for the Spark pipeline on a cluster (docs/scale-out.md). The Fiji JVM starts no Spark: the files
 * are submitted on the cluster, and {@code Open Cluster Result...} opens what the run wrote. Recordable; the
 * parameters are {@link ClusterKeys#SCHEMA}'s, as in {@code fusionj cluster}.
 */
public final class PrepareClusterJobPlugin implements PlugIn {

    static final String TITLE = "Prepare Cluster Job";
    static final String OUTPUT = "output";
    static final String OVERWRITE = "overwrite";

    @Override
    public void run(String arg) {
        DialogForm form = new DialogForm(TITLE + "...", ClusterKeys.SCHEMA);
        GenericDialog gd = form.dialog();
        // two or three parameters a row, so that the dialog fits a laptop screen (the order, and so the recording,
        // is the schema's)
        form.besidePrevious(ClusterKeys.SCHEDULER, ClusterKeys.ENERGIES, ClusterKeys.UNIT, ClusterKeys.BLOCK_SIZE,
                ClusterKeys.WRITE_REGISTERED, RegistrationKeys.TRANSFORM, RegistrationKeys.METRIC,
                RegistrationKeys.ITERATIONS, RegistrationKeys.PER_PARTICLE, XanesKeys.EDGE, XanesKeys.E0,
                XanesKeys.EDGE_ESTIMATOR, XanesKeys.EDGE_FIT_WINDOW, XanesKeys.BIN_WIDTH, ClusterKeys.EXECUTOR_CORES,
                ClusterKeys.EXECUTOR_MEMORY, ClusterKeys.NODES, ClusterKeys.CORES_PER_NODE, ClusterKeys.TIME,
                ClusterKeys.QUEUE);
        form.string(ClusterKeys.INPUT, "", 40, true);
        form.file(ClusterKeys.DICTIONARY, 30);
        form.directory(OUTPUT, 30);
        form.allParams();
        form.message("input: a Zarr array's folder or an HDF5 file (+ dataset), or a URI the cluster reads;\n"
                + "dictionary: stage enhance only; output: the job folder. Nothing runs here: submit the script\n"
                + "on the cluster, then open the results with Open Cluster Result...");
        form.checkbox(OVERWRITE, false, false);
        DialogHelp.add(gd, "scale-out");
        form.showAndRun(TITLE, PrepareClusterJobPlugin::run);
    }

    private static void run(Map<String, String> v) throws IOException {
        String output = v.get(OUTPUT).trim();
        if (output.isEmpty()) {
            throw new InvalidInputException("give output, the job folder (job.json and the submit script go there)");
        }
        ParamValues values = ClusterKeys.SCHEMA.read(v::get);
        Path dir = Path.of(output);
        String dictionary = v.get(ClusterKeys.DICTIONARY).trim();
        ClusterJob job = ClusterKeys.job(values, v.get(ClusterKeys.INPUT).trim(),
                dictionary.isEmpty() ? null : dictionary, dir);
        String scheduler = ClusterKeys.scheduler(values);
        List<String> scripts = ClusterKeys.scripts(scheduler);
        List<Path> written = ClusterJobFiles.write(job, dir, Boolean.parseBoolean(v.get(OVERWRITE)), scripts);
        for (Path p : written) {
            IJ.log(TITLE + ": wrote " + p);
        }
        IJ.log(TITLE + ": " + ClusterKeys.next(scheduler, dir.resolve(scripts.get(0)), job.output()));
        IJ.showStatus(TITLE + ": " + written.size() + " files in " + dir);
    }
}
