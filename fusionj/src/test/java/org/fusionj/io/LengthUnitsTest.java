package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusionj.io.LengthUnits.PixelSize;
import org.junit.jupiter.api.Test;

/** Metre pixel sizes become nm, um or mm (the largest giving at least 0.1); every other unit stays as it is. */
class LengthUnitsTest {

    private static void assertReadable(double metres, double expected, String unit) {
        PixelSize p = LengthUnits.readable(metres, metres, "m");
        assertEquals(unit, p.unit(), metres + " m");
        assertEquals(expected, p.x(), 1e-12 * expected, metres + " m");
        assertEquals(expected, p.y(), 1e-12 * expected, metres + " m");
    }

    @Test
    void metresBecomeTheLargestUnitGivingAtLeastATenth() {
        assertReadable(5e-10, 0.5, "nm");
        assertReadable(1e-10, 0.1, "nm");
        assertReadable(3e-11, 0.03, "nm"); // below 0.1 nm it stays nm
        assertReadable(5e-8, 50, "nm");
        assertReadable(1e-7, 100, "nm"); // 0.1 um at the edge: 1e-7 x 1e6 rounds just below 0.1
        assertReadable(2e-7, 0.2, "um");
        assertReadable(2e-6, 2, "um");
        assertReadable(3e-4, 0.3, "mm");
        assertReadable(0.02, 20, "mm");
        assertEquals(0.5, LengthUnits.readable(5e-10, 5e-10, "m").x()); // exactly, as a user reads it
    }

    @Test
    void theSmallerSideDecidesAndBothSidesAreConverted() {
        PixelSize p = LengthUnits.readable(2e-6, 5e-8, "m");
        assertEquals("nm", p.unit());
        assertEquals(2000, p.x(), 1e-9);
        assertEquals(50, p.y(), 1e-12);
        PixelSize oneKnown = LengthUnits.readable(Double.NaN, 2e-6, "m");
        assertEquals("um", oneKnown.unit());
        assertTrue(Double.isNaN(oneKnown.x()));
    }

    @Test
    void everySpellingOfTheMetreIsConverted() {
        for (String unit : new String[] {"m", " m ", "meter", "Metre", "meters", "METRES"}) {
            assertEquals("nm", LengthUnits.readable(5e-10, 5e-10, unit).unit(), unit);
        }
    }

    @Test
    void otherUnitsAndUnknownSizesStayAsTheyAre() {
        for (String unit : new String[] {"nm", "um", "µm", "mm", "cm", "pixel", "", "M", "mm2", "eV"}) {
            PixelSize p = LengthUnits.readable(5e-10, 2e-10, unit);
            assertEquals(new PixelSize(5e-10, 2e-10, unit), p, unit);
        }
        assertEquals("m", LengthUnits.readable(Double.NaN, Double.NaN, "m").unit());
        assertEquals("m", LengthUnits.readable(0, 0, "m").unit());
        assertEquals(null, LengthUnits.readable(1, 1, null).unit());
        NamedImage nm = new NamedImage("HAADF", NdArray.of2D(1, 1, new float[1]), 0.5, 0.5, "nm");
        assertSame(nm, LengthUnits.readable(nm));
    }

    /** Records get ASCII units: ImageJ's micro sign and angstrom become "um" and "A"; others stay. */
    @Test
    void asciiSpellingForRecords() {
        assertEquals("um", LengthUnits.ascii("\u00B5m"));
        assertEquals("um", LengthUnits.ascii("\u03BCm"));
        assertEquals("A", LengthUnits.ascii("\u00C5"));
        assertEquals("A", LengthUnits.ascii("\u212B"));
        for (String unit : new String[] {"nm", "um", "mm", "pixel", "", "eV"}) {
            assertSame(unit, LengthUnits.ascii(unit), unit);
        }
        assertEquals(null, LengthUnits.ascii(null));
    }
}
