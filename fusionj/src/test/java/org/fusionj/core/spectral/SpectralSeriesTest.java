package org.fusionj.core.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.SpectralVolumes;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.xanes.EnergySeries;
import org.junit.jupiter.api.Test;

/** The one series type: energies read and checked in one place, frames in memory or on demand, both views. */
class SpectralSeriesTest {

    static String message(Runnable r) {
        return assertThrows(InvalidInputException.class, r::run).getMessage();
    }

    @Test
    void energiesAreParsedFromTextAndCsv() {
        assertArrayEquals(new double[] {6500, 6510.5, 6520}, Energies.parse("6500, 6510.5 6520", "typed"));
        assertArrayEquals(new double[] {6500, 6510}, Energies.parse("energy,mu\n6500,0.1\n6510,0.2\n", "csv"));
        assertArrayEquals(new double[] {1, 2}, Energies.parse("# comment\n1\n2\n", "file"));
        assertTrue(message(() -> Energies.parse("", "e.txt")).contains("e.txt: no energies found"));
        assertTrue(message(() -> Energies.parse("1, x", "typed")).contains("'x' is not an energy (eV) after 1"));
        assertEquals("6500.0,6510.5", Energies.text(new double[] {6500, 6510.5}));
    }

    @Test
    void energyListsAreCheckedWithOneWording() {
        assertTrue(message(() -> Energies.check(new double[] {1, 3, 2}, 2, "series"))
                .contains("energies of the series must increase strictly: energy 3 (2 eV) is not above energy 2"));
        assertTrue(message(() -> Energies.check(new double[] {1, 2}, 3, 2, "img has 3 frames", "series"))
                .contains("img has 3 frames but 2 energies were given"));
        assertTrue(message(() -> Energies.check(new double[] {1, 2, 3}, 4, "series"))
                .contains("3 energies; at least 4 are needed"));
        assertTrue(message(() -> Energies.check(new double[] {1, Double.NaN}, 1, "series"))
                .contains("energy 2 of the series is NaN"));
    }

    @Test
    void aChosenEnergyIsFoundWithinHalfAnElectronVolt() {
        double[] e = {6530, 6540, 6550};
        assertEquals(2, Energies.index(e, "highest", "fixed_energy"));
        assertEquals(2, Energies.index(e, " ", "fixed_energy"));
        assertEquals(1, Energies.index(e, "6540.4", "fixed_energy"));
        assertTrue(message(() -> Energies.index(e, "6545", "fixed_energy"))
                .contains("the fixed energy 6545 eV is not one of the series' energies"));
        assertTrue(message(() -> Energies.index(e, "top", "fixed_energy"))
                .contains("fixed_energy must be 'highest' or an energy in eV"));
    }

    @Test
    void framesInMemoryAreSharedAndLazyFramesLoadedOnDemand() {
        float[][][] planes = new float[4][2][6];
        planes[3][1][5] = 7;
        SpectralSeries s = SpectralSeries.of("s", new double[] {1, 2, 3, 4}, 3, 2, 2, null, planes);
        assertSame(planes[3], s.frame(3));
        EnergySeries xanes = EnergySeries.of(s);
        assertSame(planes, xanes.planes());
        assertEquals(7f, xanes.value(3, 1, 5));
        assertEquals(VoxelSize.UNCALIBRATED, s.voxelSize());
        List<Integer> loaded = new ArrayList<>();
        SpectralSeries lazy = SpectralSeries.lazy("l", new double[] {1, 2, 3, 4}, 3, 2, 2,
                new VoxelSize(20, 20, 25, "nm"), i -> {
                    loaded.add(i);
                    return planes[i];
                });
        Volume v = new SpectralVolumes(lazy).volume(3);
        assertEquals(List.of(3), loaded);
        assertEquals(7f, v.get(2, 1, 1));
        assertEquals("energy 4.0 eV (frame 4)", lazy.name(3));
        assertTrue(message(() -> SpectralSeries.lazy("l", new double[] {1, 2}, 3, 2, 3, null, i -> planes[i])
                .frame(0)).contains("has 2 slices, expected 3"));
    }
}
