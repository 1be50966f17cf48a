package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fusionj simulate-series} and {@code fusionj register}: files in, files out, one-line errors. */
class RegisterCliTest {

    @TempDir
    Path temp;

    private Path simulate() {
        Path series = temp.resolve("series.tif");
        CliRun r = CliRun.of("simulate-series", "--out", series.toString(), "--size", "40", "--energies", "3",
                "--threads", "2");
        assertEquals(0, r.status(), r.err());
        return series;
    }

    @Test
    void registersASimulatedSeriesWithEnergiesFromItsMetadata() throws Exception {
        Path series = simulate();
        Path out = temp.resolve("reg");
        CliRun r = CliRun.of("register", "--series", series.toString(), "--levels", "2", "--out", out.toString(),
                "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("registered 2 volume(s) to energy 6580 eV (frame 3)"), r.out());
        for (String f : new String[] {"registered.tif", "transforms.json", "registration.csv"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        CliRun again = CliRun.of("register", "--series", series.toString(), "--levels", "2", "--out",
                out.toString(), "--quiet");
        assertEquals(2, again.status());
        assertTrue(again.err().contains("already holds"), again.err());
    }

    @Test
    void badInputIsOneLineAndStatus2() {
        Path series = simulate();
        CliRun r = CliRun.of("register", "--series", series.toString(), "--energies", "1,2", "--out",
                temp.resolve("x").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("3 frames but 2 energies"), r.err());
        r = CliRun.of("register", "--series", series.toString(), "--levels", "4", "--out",
                temp.resolve("y").toString(), "--quiet");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("level 4"), r.err());
        r = CliRun.of("register", "--out", temp.resolve("z").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("exactly one of"), r.err());
    }
}
