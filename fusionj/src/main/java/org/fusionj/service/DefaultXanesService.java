package org.fusionj.service;

import java.io.IOException;

import ij.ImagePlus;

import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.XanesMapper;
import org.fusionj.core.xanes.XanesMaps;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.xanes.XanesJob;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/** The default {@link XanesService}: all cores of the machine. */
@Plugin(type = Service.class)
public final class DefaultXanesService extends AbstractService implements XanesService {

    private static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public XanesMaps map(EnergySeries series, XanesParameters params, byte[][] mask, ProgressListener progress,
                         CancellationToken cancel) {
        return new XanesMapper(threads()).map(series, params, mask, progress, cancel);
    }

    @Override
    public XanesJob.Outcome map(ImagePlus series, double[] energiesEv, XanesParameters params) throws IOException {
        return new XanesJob(params, RunContext.threads(threads())).run(series, energiesEv);
    }
}
