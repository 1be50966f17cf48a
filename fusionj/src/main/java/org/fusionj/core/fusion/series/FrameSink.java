package org.fusionj.core.fusion.series;

import org.fusionj.core.fusion.FusionResult;

/**
 * Receives the fused frames of a series, in frame order, one call per frame, always from one thread at a time; the
 * series run drops its own reference to a frame once the sink has it.
 */
@FunctionalInterface
public interface FrameSink {

    void accept(int index, FusionResult result);
}
