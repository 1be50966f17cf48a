package org.fusionj.workflow.spectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.spectrum.EnergyAxis;
import org.fusionj.core.spectrum.LineTable;
import org.fusionj.core.spectrum.SpectrumKind;
import org.fusionj.core.spectrum.SpectrumMapper;
import org.fusionj.core.spectrum.SpectrumMaps;
import org.fusionj.core.spectrum.SpectrumPhantom;
import org.fusionj.core.spectrum.WindowPlanner;
import org.fusionj.core.spectrum.WindowSettings;
import org.fusionj.io.NpyWriter;
import org.fusionj.io.SpectrumImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The spectrum-image-to-maps run: file in, maps and plot data out, saved safely. */
class SpectrumMapsJobTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void npyFileToSavedMapsWithBinning() throws IOException {
        EnergyAxis axis = new EnergyAxis(0, 10, 1000);
        LineTable t = LineTable.bundled(SpectrumKind.EDX);
        SpectrumPhantom ph = SpectrumPhantom.generate(SpectrumKind.EDX, List.of(t.find("Fe:Ka").get(0),
                t.find("O:Ka").get(0)), 24, 20, axis, 100, 1, WindowSettings.defaults(), 3);
        Path npy = tmp.resolve("si.npy");
        NpyWriter.writeFloat32(npy, new int[] {20, 24, 1000}, ph.image().counts());
        Path out = tmp.resolve("maps");
        SpectrumMapsJob.Outcome o = new SpectrumMapsJob(SpectrumKind.EDX, List.of("Fe", "O")).binning(2, 1)
                .threads(2).saveTo(out, false).run(npy.toString(), SpectrumImageFiles.Options.fromFile()
                        .withCalibration(0, 10));
        assertEquals(12, o.stack().getWidth());
        assertEquals(2, o.stack().getStackSize());
        assertEquals("Fe", o.stack().getStack().getSliceLabel(1));
        // Same maps as the core on the binned cube.
        SpectrumMaps direct = new SpectrumMapper(1).map(ph.image().binned(2, 1), WindowPlanner.plan(t, axis,
                List.of("Fe", "O"), WindowSettings.defaults()).windows());
        assertArrayEquals(direct.maps().get(0).pixels(), o.maps().maps().get(0).pixels());
        assertEquals(5, o.written().size());
        List<String> csv = Files.readAllLines(out.resolve("spectrum.csv"));
        assertEquals("energy_ev,summed_counts,background_Fe,background_O", csv.get(0));
        assertEquals(1001, csv.size());
        assertTrue(Files.readAllLines(out.resolve("windows.csv")).get(1).startsWith("Fe,Ka,6404.0,edx,"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SpectrumMapsJob(
                SpectrumKind.EDX, List.of("Fe")).saveTo(out, false).run(ph.image()));
        assertTrue(e.getMessage().contains("already holds"), e.getMessage());
    }
}
