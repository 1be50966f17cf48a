package org.fusionj.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.OutputFolder;

/**
 * The small result files of a run (transforms.json, CSV tables, overview.h5, summary.json) in its output folder:
 * on a local path through {@link OutputFolder} as every FusionJ command writes them (no overwriting unless asked,
 * nothing half-written); under a Hadoop URI each file is made in a local temporary folder by the same writer,
 * then stored whole ({@link Location#write}).
 */
final class ResultFiles {

    private ResultFiles() {
    }

    /** Refuses before any work when the output folder holds any of these names (unless overwrite). */
    static void checkWritable(Location out, List<String> names, boolean overwrite) throws IOException {
        if (out.isLocal()) {
            OutputFolder.checkWritable(out.path(), names, overwrite);
            return;
        }
        if (out.isFile()) {
            throw new InvalidInputException("output " + out + " is a file, not a folder");
        }
        if (overwrite) {
            return;
        }
        List<String> clashes = new ArrayList<>();
        for (String n : names) {
            if (out.resolve(n).exists()) {
                clashes.add(n);
            }
        }
        if (!clashes.isEmpty()) {
            throw new InvalidInputException("output folder " + out + " already holds " + String.join(", ", clashes)
                    + "; choose another folder or allow overwrite");
        }
    }

    /** Writes the files (name -> writer, in order); returns where they went. */
    static List<String> write(Location out, boolean overwrite, Map<String, OutputFolder.Writer> files)
            throws IOException {
        List<String> names = new ArrayList<>(files.keySet());
        List<String> written = new ArrayList<>();
        if (out.isLocal()) {
            OutputFolder folder = OutputFolder.open(out.path(), names, overwrite);
            try {
                for (Map.Entry<String, OutputFolder.Writer> f : files.entrySet()) {
                    folder.stage(f.getKey(), f.getValue());
                }
                for (Path p : folder.commit()) {
                    written.add(p.toString());
                }
                return written;
            } finally {
                folder.discard();
            }
        }
        checkWritable(out, names, overwrite);
        out.mkdirs();
        Path tmp = Files.createTempDirectory("fusionj-results");
        try {
            Map<String, byte[]> made = new LinkedHashMap<>();
            for (Map.Entry<String, OutputFolder.Writer> f : files.entrySet()) {
                Path file = tmp.resolve(f.getKey());
                f.getValue().write(file);
                made.put(f.getKey(), Files.readAllBytes(file));
            }
            for (Map.Entry<String, byte[]> m : made.entrySet()) {
                Location target = out.resolve(m.getKey());
                target.write(m.getValue());
                written.add(target.toString());
            }
            return written;
        } finally {
            Location.of(tmp).deleteTree();
        }
    }

    /** One file. */
    static String write(Location out, boolean overwrite, String name, OutputFolder.Writer writer)
            throws IOException {
        Map<String, OutputFolder.Writer> m = new LinkedHashMap<>();
        m.put(name, writer);
        return write(out, overwrite, m).get(0);
    }
}
