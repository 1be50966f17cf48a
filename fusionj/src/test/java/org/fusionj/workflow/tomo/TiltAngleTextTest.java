package org.fusionj.workflow.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tilt angles as users give them: files, lists, ranges, slice labels; and the one-line refusals. */
class TiltAngleTextTest {

    @TempDir
    Path temp;

    private static ImagePlus labelled(String... labels) {
        ImageStack s = new ImageStack(4, 4);
        for (String l : labels) {
            s.addSlice(l, new FloatProcessor(4, 4));
        }
        return new ImagePlus("series", s);
    }

    @Test
    void listsRangesAndFiles() throws Exception {
        assertArrayEquals(new double[] {-60, -30, 0, 30, 60}, TiltAngleText.parse("-60,-30, 0 30;60", "a"));
        assertArrayEquals(new double[] {-20, -10, 0, 10, 20}, TiltAngleText.parse("-20:20:10", "a"));
        Path f = temp.resolve("angles.txt");
        Files.writeString(f, "# tilt\n-45.5  # first\n0,\n\n45.5\n");
        assertArrayEquals(new double[] {-45.5, 0, 45.5}, TiltAngleText.parse(f.toString(), "a"));
        Path written = temp.resolve("written.txt");
        Files.writeString(written, TiltAngleText.fileText(new double[] {-45.5, 0, 45.5}));
        assertArrayEquals(new double[] {-45.5, 0, 45.5}, TiltAngleText.readFile(written));
    }

    @Test
    void labelsHoldingOnlyTheAngleAreRead() throws Exception {
        assertArrayEquals(new double[] {-70, -68.5, 0, 12, 1.5},
                TiltAngleText.fromLabels(labelled("-70", "-68.5 deg", "tilt 0", "angle=12", "1.5\u00b0"), "x"));
        assertArrayEquals(new double[] {-70, 70}, TiltAngleText.of(" ", labelled(
                TiltAngleText.label(-70), TiltAngleText.label(70)), "x"));
    }

    @Test
    void refusalsNameTheProblem() throws Exception {
        String m = assertThrows(InvalidInputException.class,
                () -> TiltAngleText.fromLabels(labelled("-70", "Au z=1"), "haadf_angles")).getMessage();
        assertTrue(m.contains("image 2 has no tilt angle") && m.contains("haadf_angles"), m);
        m = assertThrows(InvalidInputException.class, () -> TiltAngleText.parse("angles.txt", "chem_angles"))
                .getMessage();
        assertTrue(m.contains("no such angle file"), m);
        m = assertThrows(InvalidInputException.class, () -> TiltAngleText.parse("-1.2,1.2,95", "chem_angles"))
                .getMessage();
        assertTrue(m.contains("outside [-90, 90]"), m);
        m = assertThrows(InvalidInputException.class, () -> TiltAngleText.parse("-70:70", "a")).getMessage();
        assertTrue(m.contains("FROM:TO:STEP"), m);
        Path empty = temp.resolve("empty.txt");
        Files.writeString(empty, "# nothing\n");
        m = assertThrows(InvalidInputException.class, () -> TiltAngleText.parse(empty.toString(), "a")).getMessage();
        assertTrue(m.contains("holds no tilt angles"), m);
    }

    /**
     * Angles typed in radians lie within [-90, 90] and passed every check: a tilt series of 15 tilts spanning
     * 2.4 degrees was reconstructed as if it were one. Three or more angles all within +-pi/2 are refused, from a
     * list, a range, a file or the slice labels; a range outside [-90, 90] names the parameter.
     */
    @Test
    void radiansAreRefusedAndRangesNameTheParameter() throws Exception {
        String m = assertThrows(InvalidInputException.class,
                () -> TiltAngleText.parse("-1.2217:1.2217:0.1745", "haadf_angles")).getMessage();
        assertTrue(m.startsWith("haadf_angles") && m.contains("radians?") && m.contains("57.2958"), m);
        m = assertThrows(InvalidInputException.class, () -> TiltAngleText.parse("-1.05,-0.52,0,0.52,1.05",
                "chem_angles")).getMessage();
        assertTrue(m.startsWith("chem_angles") && m.contains("radians?"), m);
        Path rad = temp.resolve("rad.txt");
        Files.writeString(rad, "-1.5708\n0\n1.5708\n");
        m = assertThrows(InvalidInputException.class, () -> TiltAngleText.parse(rad.toString(), "chem_angles"))
                .getMessage();
        assertTrue(m.startsWith("rad.txt") && m.contains("radians?"), m);
        m = assertThrows(InvalidInputException.class,
                () -> TiltAngleText.fromLabels(labelled("-0.5", "0", "0.5"), "haadf_angles")).getMessage();
        assertTrue(m.contains("slice labels") && m.contains("radians?"), m);
        m = assertThrows(InvalidInputException.class, () -> TiltAngleText.parse("-105:105:15", "chem_angles"))
                .getMessage();
        assertTrue(m.startsWith("chem_angles") && m.contains("outside [-90, 90]"), m);
        // degrees stay accepted, however few or finely spaced; one or two angles are not judged
        assertArrayEquals(new double[] {-2, 0, 2}, TiltAngleText.parse("-2:2:2", "a"));
        assertArrayEquals(new double[] {-1, 1}, TiltAngleText.parse("-1,1", "a"));
        assertArrayEquals(new double[] {0, 0, 0}, TiltAngleText.parse("0,0,0", "a"));
    }

    @Test
    void chemicalAnglesForEverySeriesOrOnePerSeries() throws Exception {
        java.util.List<ImagePlus> two = java.util.List.of(labelled("-10", "10"), labelled("-20", "0", "20"));
        java.util.List<double[]> fromLabels = TiltAngleText.perSeries(" ", two, "chem_angles");
        assertArrayEquals(new double[] {-10, 10}, fromLabels.get(0));
        assertArrayEquals(new double[] {-20, 0, 20}, fromLabels.get(1));
        java.util.List<double[]> same = TiltAngleText.perSeries("-5,5", java.util.List.of(labelled("1", "2"),
                labelled("3", "4")), "chem_angles");
        assertArrayEquals(new double[] {-5, 5}, same.get(0));
        assertArrayEquals(new double[] {-5, 5}, same.get(1));
        Path file = temp.resolve("second.txt");
        Files.writeString(file, "-30\n0\n30\n");
        java.util.List<double[]> each = TiltAngleText.perSeries("-1,1|" + file, two, "chem_angles");
        assertArrayEquals(new double[] {-1, 1}, each.get(0));
        assertArrayEquals(new double[] {-30, 0, 30}, each.get(1));
        java.util.List<double[]> mixed = TiltAngleText.perSeries("|-40:40:40", two, "chem_angles");
        assertArrayEquals(new double[] {-10, 10}, mixed.get(0), "blank: that series' labels");
        assertArrayEquals(new double[] {-40, 0, 40}, mixed.get(1));
        String m = assertThrows(InvalidInputException.class, () -> TiltAngleText.perSeries("1,2|3,4|5,6", two,
                "chem_angles")).getMessage();
        assertTrue(m.contains("chem_angles: 3 angle specs") && m.contains("2 chemical series"), m);
    }
}
