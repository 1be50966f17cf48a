package org.fusionj.core.spectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Locale;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.math.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Energy windows and backgrounds recover known maps from generated spectrum images ({@link SpectrumPhantom}):
 * exactly (to the window's share of the line) on the noise-free spectra, and within the Poisson noise on the noisy
 * ones (z-scores of the linear EDX estimate have mean 0 and standard deviation 1).
 */
class SpectrumMapperTest {

    private static final int W = 48;
    private static final int H = 40;

    private static SpectrumPhantom edxPhantom(long seed) {
        EnergyAxis axis = new EnergyAxis(0, 10, 1100);
        LineTable table = LineTable.bundled(SpectrumKind.EDX);
        List<LineTable.Line> lines = List.of(table.find("Fe:Ka").get(0), table.find("Ni:Ka").get(0),
                table.find("Ti:Ka").get(0), table.find("O:Ka").get(0));
        return SpectrumPhantom.generate(SpectrumKind.EDX, lines, W, H, axis, 200, 1, WindowSettings.defaults(),
                seed);
    }

    private static List<MapWindow> edxWindows(EnergyAxis axis) {
        return WindowPlanner.plan(LineTable.bundled(SpectrumKind.EDX), axis, List.of("Fe", "Ni", "Ti", "O"),
                WindowSettings.defaults()).windows();
    }

    @Test
    @Timeout(60)
    void edxWindowsRecoverTheMapsOfNoiseFreeSpectra() {
        SpectrumPhantom ph = edxPhantom(1);
        List<MapWindow> windows = edxWindows(ph.image().axis());
        SpectrumMaps maps = new SpectrumMapper(2).map(ph.expected(), windows);
        EnergyAxis axis = ph.image().axis();
        for (int e = 0; e < windows.size(); e++) {
            MapWindow w = windows.get(e);
            // The share of the line inside the signal window.
            double sigma = WindowSettings.defaults().fwhm(w.line().energyEv()) / (2 * Math.sqrt(2 * Math.log(2)));
            double lo = axis.energy(w.signal().firstChannel(axis)) - 5;
            double hi = axis.energy(w.signal().endChannel(axis) - 1) + 5;
            double e0 = w.line().energyEv();
            double share = 0.5 * (Erf.erf((hi - e0) / (sigma * Math.sqrt(2)))
                    - Erf.erf((lo - e0) / (sigma * Math.sqrt(2))));
            float[] m = maps.maps().get(e).pixels();
            float[] c = ph.truth().get(e);
            double worst = 0;
            for (int p = 0; p < m.length; p++) {
                worst = Math.max(worst, Math.abs(m[p] - 200 * share * c[p]));
            }
            // The background is curved (exponential): the straight line through the side windows misses by < 1 count.
            assertTrue(worst < 1.0, w.line().label() + ": worst deviation " + worst + " counts of " + 200 * share);
        }
    }

    @Test
    @Timeout(60)
    void edxMapsScatterAroundTheirExpectationByThePoissonNoise() {
        SpectrumPhantom ph = edxPhantom(7);
        List<MapWindow> windows = edxWindows(ph.image().axis());
        SpectrumMapper mapper = new SpectrumMapper(2);
        SpectrumMaps noisy = mapper.map(ph.image(), windows);
        SpectrumMaps expected = mapper.map(ph.expected(), windows);
        int n = ph.image().channels();
        for (int e = 0; e < windows.size(); e++) {
            double[] weight = linearWeights(mapper, windows.get(e), ph.image().axis());
            double sum = 0;
            double sum2 = 0;
            int pixels = W * H;
            for (int p = 0; p < pixels; p++) {
                double var = 0;
                for (int ch = 0; ch < n; ch++) {
                    var += weight[ch] * weight[ch] * ph.expected().counts()[p * n + ch];
                }
                double z = (noisy.maps().get(e).pixels()[p] - expected.maps().get(e).pixels()[p]) / Math.sqrt(var);
                sum += z;
                sum2 += z * z;
            }
            double mean = sum / pixels;
            double sd = Math.sqrt(sum2 / pixels - mean * mean);
            String what = String.format(Locale.ROOT, "%s: z mean %.3f, sd %.3f", windows.get(e).line().label(),
                    mean, sd);
            assertTrue(Math.abs(mean) < 5 / Math.sqrt(pixels), what);
            assertTrue(Math.abs(sd - 1) < 0.1, what);
        }
    }

    /** The EDX estimate is linear in the counts: its weight on each channel, from unit spectra. */
    private static double[] linearWeights(SpectrumMapper mapper, MapWindow w, EnergyAxis axis) {
        int n = axis.channels();
        double[] weight = new double[n];
        for (int ch = 0; ch < n; ch++) {
            float[] unit = new float[n];
            unit[ch] = 1;
            weight[ch] = mapper.map(new SpectrumImage("unit", 1, 1, axis, unit), List.of(w)).maps().get(0)
                    .pixels()[0];
        }
        return weight;
    }

    private static SpectrumPhantom eelsPhantom(long seed) {
        EnergyAxis axis = new EnergyAxis(400, 0.5, 1400);
        LineTable table = LineTable.bundled(SpectrumKind.EELS);
        List<LineTable.Line> edges = List.of(table.find("O").get(0), table.find("Mn").get(0),
                table.find("Co").get(0));
        return SpectrumPhantom.generate(SpectrumKind.EELS, edges, W, H, axis, 300, 2000, WindowSettings.defaults(),
                seed);
    }

    /** The edge counts the signal window holds at concentration 1 (no neighbouring edge, exact background). */
    private static double edgeCounts(MapWindow w, EnergyAxis axis) {
        double e0 = w.line().energyEv();
        double d = axis.dispersionEv();
        double lo = Math.max(e0, axis.energy(w.signal().firstChannel(axis)) - d / 2);
        double hi = axis.energy(w.signal().endChannel(axis) - 1) + d / 2;
        double s = SpectrumPhantom.EELS_EDGE_EXPONENT;
        return 300 * e0 / (1 - s) * (Math.pow(hi / e0, 1 - s) - Math.pow(lo / e0, 1 - s));
    }

    @Test
    @Timeout(60)
    void eelsPowerLawRecoversTheMapsWithinTheNoise() {
        SpectrumPhantom a = eelsPhantom(3);
        SpectrumPhantom b = eelsPhantom(4);
        EnergyAxis axis = a.image().axis();
        List<MapWindow> windows = WindowPlanner.plan(LineTable.bundled(SpectrumKind.EELS), axis,
                List.of("O", "Mn", "Co"), WindowSettings.defaults()).windows();
        for (ExponentMode mode : ExponentMode.values()) {
            SpectrumMapper mapper = new SpectrumMapper(2, mode, SpectrumMapper.DEFAULT_MIN_HALF_COUNTS);
            SpectrumMaps clean = mapper.map(a.expected(), windows);
            SpectrumMaps noisyA = mapper.map(a.image(), windows);
            SpectrumMaps noisyB = mapper.map(b.image(), windows);
            for (int e = 0; e < windows.size(); e++) {
                MapWindow w = windows.get(e);
                double scale = edgeCounts(w, axis);
                float[] c = a.truth().get(e);
                double bias2 = 0;
                double noise2 = 0;
                for (int p = 0; p < c.length; p++) {
                    double bias = clean.maps().get(e).pixels()[p] - scale * c[p];
                    bias2 += bias * bias;
                    double diff = noisyA.maps().get(e).pixels()[p] - noisyB.maps().get(e).pixels()[p];
                    noise2 += diff * diff / 2;
                }
                double biasRms = Math.sqrt(bias2 / c.length);
                double noiseRms = Math.sqrt(noise2 / c.length);
                String what = String.format(Locale.ROOT, "%s %s: bias rms %.1f, noise rms %.1f, signal %.0f",
                        w.line().label(), mode.key(), biasRms, noiseRms, scale);
                System.out.println(what);
                if (e == 0) {
                    // The first edge sits on a pure power law: its extrapolation is exact.
                    assertTrue(biasRms < 1e-3 * scale, what);
                } else {
                    // Later edges sit on the tails of earlier ones, which a single power law fits only nearly.
                    assertTrue(biasRms < noiseRms, what);
                }
                assertTrue(noiseRms < 0.2 * scale, what);
            }
            if (mode == ExponentMode.PER_PIXEL) {
                assertArrayEquals(new long[] {0, 0, 0}, clean.fallbackPixels(), "enough counts everywhere");
            }
        }
    }

    @Test
    @Timeout(60)
    void resultIsTheSameForAnyThreadCountAndBinningSumsCounts() {
        SpectrumPhantom ph = edxPhantom(2);
        List<MapWindow> windows = edxWindows(ph.image().axis());
        SpectrumMaps one = new SpectrumMapper(1).map(ph.image(), windows);
        SpectrumMaps three = new SpectrumMapper(3).map(ph.image(), windows);
        for (int e = 0; e < windows.size(); e++) {
            assertArrayEquals(one.maps().get(e).pixels(), three.maps().get(e).pixels());
        }
        SpectrumImage binned = ph.image().binned(2, 2);
        assertEquals(W / 2, binned.width());
        assertEquals(550, binned.channels());
        assertEquals(5, binned.axis().offsetEv(), 1e-12);
        assertEquals(20, binned.axis().dispersionEv(), 1e-12);
        double total = 0;
        for (float v : ph.image().counts()) {
            total += v;
        }
        double totalBinned = 0;
        for (float v : binned.counts()) {
            totalBinned += v;
        }
        assertEquals(total, totalBinned, 0.5, "no count lost (the sizes divide evenly)");
        double[] sum = ph.image().summedSpectrum();
        double s = 0;
        for (double v : sum) {
            s += v;
        }
        assertEquals(total, s, 0.5);
        // The plot data: a background curve under each window, NaN outside.
        double[] curve = one.summedBackground().get(0);
        MapWindow fe = windows.get(0);
        assertTrue(Double.isNaN(curve[0]));
        assertTrue(curve[fe.signal().firstChannel(ph.image().axis())] > 0);
    }

    @Test
    void plannerPicksFittingLinesAndSaysWhatItNoticed() {
        LineTable table = LineTable.bundled(SpectrumKind.EDX);
        // 0 to 8 keV: Sr La (1806 eV) is chosen before Sr Ka (14165 eV); Pt La (9442 eV) is beyond, Pt Ma fits.
        EnergyAxis axis = new EnergyAxis(0, 10, 800);
        WindowPlanner.Plan plan = WindowPlanner.plan(table, axis, List.of("Sr", "Pt", "Si"),
                WindowSettings.defaults());
        assertEquals("Sr:La", plan.windows().get(0).line().label());
        assertEquals("Pt:Ma", plan.windows().get(1).line().label());
        // Si Ka (1740 eV) and Sr La (1806 eV) overlap: said so.
        assertTrue(plan.notes().stream().anyMatch(s -> s.contains("Sr:La and Si:Ka signal windows overlap")),
                plan.notes().toString());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> WindowPlanner.plan(table,
                new EnergyAxis(0, 10, 300), List.of("Fe:Ka"), WindowSettings.defaults()));
        assertTrue(e.getMessage().startsWith("no EDX line of Fe:Ka fits in the spectrum's range 0 to 2990 eV"),
                e.getMessage());
        assertThrows(InvalidInputException.class, () -> table.find("Fe:Kz"));
        assertThrows(InvalidInputException.class, () -> table.find("Xx"));
    }

    @Test
    void tablesParseAndRefuseMalformedRowsByNumber() throws Exception {
        for (SpectrumKind k : SpectrumKind.values()) {
            LineTable t = LineTable.bundled(k);
            assertTrue(t.lines().size() > 60, k + " table has " + t.lines().size() + " lines");
        }
        LineTable user = LineTable.parse(SpectrumKind.EDX, "mine.tsv",
                new StringReader("# my lines\nelement name energy_ev\nfe Ka 6404 # iron\nC Ka 277\n"));
        assertEquals(List.of("Fe:Ka", "C:Ka"), user.lines().stream().map(LineTable.Line::label).toList());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LineTable.parse(SpectrumKind.EDX,
                "mine.tsv", new StringReader("Fe Ka 6404\nO Ka\n")));
        assertEquals("mine.tsv, row 2: expected element, name and energy in eV, got 'O Ka'", e.getMessage());
    }
}
