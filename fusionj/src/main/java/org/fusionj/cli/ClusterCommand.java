package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.cluster.ClusterJobFiles;
import org.fusionj.workflow.cluster.ClusterKeys;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.SchemaText;

/**
 * {@code fusionj cluster}: writes a Spark job (job.json) and its submit script into a job folder; runs nothing
 * (the cluster runs it: docs/scale-out.md).
 */
final class ClusterCommand {

    static final String USAGE = """
            usage: fusionj cluster --input SERIES --out JOB_FOLDER [options]
              --input: the series (register, xanes, pipeline) or the stack (enhance): a Zarr array's folder, an
              HDF5 file (with --dataset), or a URI the cluster reads (hdfs://, s3a://, file:///);
              --dictionary FILE: stage enhance only, the dictionary TIFF;
              --out: the job folder (job.json and the scheduler's submit script are written there).
            options (defaults in brackets):
            """ + SchemaText.cliOptions(ClusterKeys.SCHEMA) + """
              --overwrite   --quiet
            """;

    private static final Set<String> OPTIONS = Set.of(ClusterKeys.INPUT, ClusterKeys.DICTIONARY, "out", "output");
    private static final Set<String> FLAGS = Set.of("overwrite", "quiet");

    private ClusterCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Arguments args = Arguments.parse(words, ClusterKeys.SCHEMA, OPTIONS, FLAGS);
        ParamValues values = ClusterKeys.SCHEMA.read(args.lookup(ClusterKeys.SCHEMA));
        String target = args.has("out") ? args.value("out") : args.value("output");
        if (target == null) {
            throw new InvalidInputException("missing option --out JOB_FOLDER (where job.json and the submit script "
                    + "go)");
        }
        Path dir = Path.of(target);
        ClusterJob job = ClusterKeys.job(values, args.required(ClusterKeys.INPUT), args.value(ClusterKeys.DICTIONARY),
                dir);
        String scheduler = ClusterKeys.scheduler(values);
        List<String> scripts = ClusterKeys.scripts(scheduler);
        List<Path> written = ClusterJobFiles.write(job, dir, args.has("overwrite"), scripts);
        for (Path p : written) {
            out.println("wrote " + p);
        }
        if (!args.has("quiet")) {
            out.println(ClusterKeys.next(scheduler, dir.resolve(scripts.get(0)), job.output()));
        }
        return 0;
    }
}
