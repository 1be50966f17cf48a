package org.fusionj.core.fusion.series;

import org.fusionj.core.fusion.FusionProblem;

/**
 * The frames of a series (a time series, drift-corrected frames, the tilts of a tilt series), each a HAADF frame
 * with its elemental maps, handed out one at a time so that a long series never has to sit in memory whole.
 * Implementations check what they can (frame count, sizes, element symbols) when they are built, before any work;
 * {@link #frame} may be called from worker threads, for different indices concurrently.
 */
public interface FrameSource {

    /** Number of frames, &gt;= 1. */
    int frameCount();

    /** Element symbols in map order; the same for every frame. */
    String[] symbols();

    /**
     * Frame {@code index} as a fusion problem (it checks the frame: sizes, finite pixels, non-constant images; an
     * {@link org.fusionj.core.InvalidInputException} names the frame).
     */
    FusionProblem frame(int index);
}
