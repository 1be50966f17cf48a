package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.fusionj.workflow.dictionary.DictionaryKeys;
import org.fusionj.workflow.cluster.ClusterKeys;
import org.fusionj.workflow.fusion.FusionKeys;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.Param.Route;
import org.fusionj.workflow.schema.Schema;
import org.fusionj.workflow.tomo.TomoKeys;
import org.fusionj.workflow.spectrum.SpectrumKeys;
import org.fusionj.workflow.xanes.XanesKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's options come from the schemas: every subcommand's usage lists every CLI parameter, and out-of-range
 * values are refused before any file is read (issue 9: uncapped --n_iter_tv, --steps, --threads, --size,
 * --min_voxels -1), exit 2 with one line naming the option, its range and the value.
 */
@Timeout(120)
class SchemaCliTest {

    private static final Map<String, Schema> COMMANDS = Map.ofEntries(Map.entry("fuse", FusionKeys.SCHEMA),
            Map.entry("xanes", XanesKeys.SCHEMA), Map.entry("register", RegistrationKeys.SERIES_SCHEMA),
            Map.entry("learn", DictionaryKeys.LEARN_SCHEMA), Map.entry("enhance", DictionaryKeys.ENHANCE_SCHEMA),
            Map.entry("simulate-series", RegistrationKeys.SIMULATE_SCHEMA),
            Map.entry("simulate-xanes", XanesKeys.SIMULATE_SCHEMA), Map.entry("fuse-tomo", TomoKeys.SCHEMA),
            Map.entry("simulate-tomo", TomoKeys.SIMULATE_SCHEMA), Map.entry("maps", SpectrumKeys.SCHEMA),
            Map.entry("cluster", ClusterKeys.SCHEMA));

    @TempDir
    Path temp;

    @Test
    void everyUsageListsEveryOption() {
        for (Map.Entry<String, Schema> e : COMMANDS.entrySet()) {
            CliRun r = CliRun.of(e.getKey(), "--help");
            assertEquals(0, r.status(), e.getKey());
            for (Param p : e.getValue().params(Route.CLI)) {
                assertTrue(r.out().contains("--" + p.name()), e.getKey() + " --help lacks --" + p.name() + ":\n"
                        + r.out());
            }
        }
    }

    private void refused(String expected, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.status(), String.join(" ", args) + "\n" + r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void outOfRangeValuesAreRefusedBeforeAnyWork() {
        String missing = temp.resolve("missing.tif").toString();
        String out = temp.resolve("out").toString();
        refused("n_iter_tv must be at most 1000 (range 1 to 1000), got 2000000000", "fuse", "--haadf", missing,
                "--maps", missing, "--elements", "O", "--out", out, "--n_iter_tv", "2000000000");
        refused("threads must be at most 1024 (range 0 to 1024), got 100000", "fuse", "--haadf", missing,
                "--maps", missing, "--elements", "O", "--out", out, "--threads", "100000");
        refused("steps must be at most 1000000", "learn", "--stem", missing, "--out", out, "--steps", "2e9");
        refused("training_patches must be at most 10000000", "learn", "--stem", missing, "--out", out,
                "--training_patches", "2000000000");
        refused("min_voxels must be at least 1 (range 1 to 1000000000 voxels), got -1", "xanes", "--series",
                missing, "--out", out, "--particles", "--min_voxels", "-1");
        refused("edge_fit_window must reach below and above the edge (e.g. -15,25), got 5,25", "xanes", "--series",
                missing, "--out", out, "--edge_fit_window", "5,25");
        refused("min_voxels must be at least 1", "register", "--series", missing, "--out", out, "--min_voxels",
                "-1");
        refused("size must be at most 512 (range 16 to 512 voxels), got 5000", "simulate-series", "--out",
                temp.resolve("s.tif").toString(), "--size", "5000");
        refused("stride must be at most 32", "enhance", "--txm", missing, "--dictionary", missing, "--out", out,
                "--stride", "1000");
        refused("gamma must be a number <= 10 (range 1 to 10), got 1.0E308", "fuse", "--haadf", missing, "--maps",
                missing, "--elements", "O", "--out", out, "--gamma", "1e308");
        refused("block_size must be at least 8 (range 8 to 4096 voxels), got 4", "cluster", "--input", missing,
                "--out", out, "--block_size", "4");
        refused("radius_min 12 is above radius_max 9 (auto at size 64): give radius_min at most 9 or a larger "
                + "radius_max", "simulate-tomo", "--out", out, "--radius_min", "12");
        refused("gamma must be a number >= 1 (range 1 to 10), got 0.5", "simulate-tomo", "--out", out, "--gamma",
                "0.5");
        refused("chem_background must be a number >= 0 (range 0 to 1000000 counts), got -1", "simulate-tomo",
                "--out", out, "--chem_background", "-1");
        assertFalse(Files.exists(temp.resolve("out")), "a refused simulate-tomo wrote its folder");
    }

    /**
     * A typo in a choice declared as a list of words (not a Keyed enum) is refused by the schema's reader, before
     * any file is read (the inputs here do not exist), with the line every route prints.
     */
    @Test
    void aTypoInAWordChoiceIsRefusedBeforeAnyWork() {
        String missing = temp.resolve("missing.tif").toString();
        String out = temp.resolve("out").toString();
        refused("edge must be Ti K, V K, Cr K, Mn K, Fe K, Co K, Ni K, Cu K, Zn K or custom, got 'Mn L'", "xanes",
                "--series", missing, "--out", out, "--edge", "Mn L");
        refused("connectivity must be 6 or 26, got '8'", "xanes", "--series", missing, "--out", out, "--particles",
                "--connectivity", "8");
        refused("phases must be none, pca, kmeans or nmf, got 'ica'", "xanes", "--series", missing, "--out", out,
                "--phases", "ica");
        refused("metric must be mse or ncc, got 'mi'", "register", "--series", missing, "--out", out, "--metric",
                "mi");
        refused("metric must be mse or ncc, got 'mi'", "xanes", "--series", missing, "--out", out, "--register",
                "--metric", "mi");
        refused("frame_axis must be first or last, got 'middle'", "fuse", "--haadf_series", missing, "--map_series",
                missing, "--elements", "O", "--out", out, "--frame_axis", "middle");
        refused("compression must be raw or zlib, got 'gzip'", "cluster", "--input", missing, "--out", out,
                "--compression", "gzip");
        refused("scheduler must be slurm, lsf, yarn, kubernetes or local, got 'pbs'", "cluster", "--input", missing,
                "--out", out, "--scheduler", "pbs");
        refused("stage must be register, xanes, enhance or pipeline, got 'fuse'", "cluster", "--input", missing,
                "--out", out, "--stage", "fuse");
    }
}
