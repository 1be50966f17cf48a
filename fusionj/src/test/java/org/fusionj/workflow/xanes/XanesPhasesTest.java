package org.fusionj.workflow.xanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.xanes.LcfParameters;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.core.xanes.XanesPhantom;
import org.fusionj.core.xanes.XanesPhantomSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Phases from an ImageJ series: images of the series' size, tables and rendered plots. */
class XanesPhasesTest {

    @Test
    @Timeout(120)
    void pcaClustersAndNmfGiveImagesTablesAndPlots() {
        XanesPhantom ph = XanesPhantom.generate(XanesPhantomSpec.defaults(16, 16, 6)
                .withKind(XanesPhantomSpec.Kind.MIXTURE).withSnr(100), 2);
        ImagePlus imp = XanesInputs.toImage("mix", ph.series());
        XanesParameters p = XanesParameters.builder().e0(ph.spec().e0Ev()).build();
        XanesPhases.Outcome o = XanesPhases.run(imp, ph.series().energiesEv(), p, null,
                new XanesPhases.Options(LcfParameters.DEFAULT_FIT_WINDOW, 3, 2, 2, 1, 200), 2, ProgressListener.NONE,
                CancellationToken.NEVER);
        assertEquals(3, o.scores().getNChannels());
        assertEquals(6, o.scores().getNSlices());
        assertEquals(1, o.clusterMap().getNChannels());
        assertEquals(2, o.weights().getNChannels());
        assertNotNull(o.screePlot());
        assertNotNull(o.spectraPlot());
        assertTrue(o.spectra().getColumnIndex("cluster_2_mean") >= 0);
        assertTrue(o.spectra().getColumnIndex("nmf_2") >= 0);
        assertEquals(o.spectra().size(), o.pca().energies().length);
        assertTrue(o.screeTable().getValue("explained", 0) > 0.9);
        String m = assertThrows(InvalidInputException.class, () -> new XanesPhases.Options(
                LcfParameters.DEFAULT_FIT_WINDOW, 0, 1, 0, 1, 10)).getMessage();
        assertTrue(m.contains("clusters"), m);
    }
}
