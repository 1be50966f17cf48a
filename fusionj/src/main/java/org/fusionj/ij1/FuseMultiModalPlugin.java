package org.fusionj.ij1;

import java.io.IOException;

import ij.IJ;
import ij.plugin.PlugIn;

import org.fusionj.core.Elements;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.fusion.FusionJob;
import org.fusionj.workflow.fusion.SeriesFusionJob;

/**
 * {@code Plugins > FusionJ > Fuse Multi-Modal...}: fuses a HAADF image with EDX/EELS maps chosen among the open
 * images. Shows the fused maps (composite, one colour per element, the HAADF's calibration), the model HAADF and
 * the convergence plots; optionally saves them. A HAADF stack is a series (one slice per frame, with one map stack
 * per element or one hyperstack with a channel per element): every frame is fused with the same parameters and the
 * results are hyperstacks with a frame per frame. Recordable; in a macro no window but the results opens.
 */
public final class FuseMultiModalPlugin implements PlugIn {

    static final String TITLE = "Fuse Multi-Modal";

    @Override
    public void run(String arg) {
        String[] titles = FusionDialog.openImageTitles();
        if (titles.length < 2) {
            PluginErrors.report(TITLE, "Open the HAADF image and the elemental maps (at least two images) first; "
                    + "for a series kept in files use Fuse Series from Files...");
            return;
        }
        // A refused value disables OK (the listener returns false), as this dialog always did.
        DialogForm form = FusionDialog.create(TITLE + "...", titles).okOnlyWhenValid();
        form.showAndRun(TITLE, FusionDialog::choice, form.macro() ? null : new FusionPreview(),
                FuseMultiModalPlugin::runFusion);
    }

    private static void runFusion(FusionDialog.Choice c) throws IOException {
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel, c.save(), c.outputDir(), c.overwrite(), "folder");
        if (c.haadf().getStackSize() > 1) {
            runSeries(c, run);
            return;
        }
        FusionJob job = new FusionJob(c.params(), run).automatic(c.auto());
        IJ.resetEscape();
        FusionJob.Outcome outcome = job.run(c.haadf(), c.maps(), c.elements());
        if (outcome.auto() != null) {
            IJ.log(TITLE + ": " + outcome.autoSummary());
            outcome.auto().notes().forEach(n -> IJ.log(TITLE + ": note: " + n));
        }
        IJ.showProgress(1.0);
        outcome.images().fusedMaps().show();
        outcome.images().modelHaadf().show();
        outcome.images().convergence().asStack("Fusion convergence of " + c.haadf().getTitle()).show();
        IJ.showStatus(String.format("%s: %d iterations in %.0f ms%s", TITLE, outcome.params().iterations(),
                outcome.millis(), outcome.written().isEmpty() ? "" : ", saved to " + c.outputDir()));
    }

    /**
     * A HAADF stack: every frame fused with one parameter set ({@link SeriesFusionJob}); progress per frame on the
     * status bar, Esc cancels (nothing written), a line per frame in the log; the fused maps as a composite
     * hyperstack (a channel per element, a frame per frame) and the model HAADF as a stack of frames.
     */
    private static void runSeries(FusionDialog.Choice c, RunContext run) throws IOException {
        IJ.resetEscape();
        SeriesFusionJob.Outcome o = SeriesFusionJob.of(c.params(), run).automatic(c.auto())
                .run(c.haadf(), c.maps(), c.elements());
        showSeries(TITLE, o, c.elements(), c.outputDir());
    }

    /**
     * A fused series' log lines (automatic parameters, a line per frame), its result windows and the status line:
     * what both series dialogs (images and files) show.
     */
    static void showSeries(String title, SeriesFusionJob.Outcome o, String elements, String outputDir) {
        if (o.auto() != null) {
            IJ.log(title + ": " + o.autoSummary(Elements.parseList(elements)));
            o.auto().notes().forEach(n -> IJ.log(title + ": note: " + n));
        }
        int frames = o.summary().frames();
        for (int i = 0; i < frames; i++) {
            IJ.log(title + ": " + o.frameLine(i));
        }
        IJ.showProgress(1.0);
        o.fusedMaps().show();
        o.modelHaadf().show();
        IJ.showStatus(String.format("%s: %d frames in %.0f ms%s", title, frames, o.millis(),
                o.written().isEmpty() ? "" : ", saved to " + outputDir));
    }
}
