package org.fusionj.core.registration;

import org.fusionj.core.spectral.SpectralSeries;

/** The frames of a spectral series as the registration reads them: one {@link Volume} at a time, on demand. */
public final class SpectralVolumes implements SeriesRegistrar.VolumeSource {

    private final SpectralSeries series;

    public SpectralVolumes(SpectralSeries series) {
        this.series = series;
    }

    @Override
    public int count() {
        return series.count();
    }

    /** A copy of frame {@code index} (the registration never aliases the series' arrays). */
    @Override
    public Volume volume(int index) {
        return Volume.ofSlices(series.width(), series.height(), series.frame(index));
    }

    @Override
    public String name(int index) {
        return series.name(index);
    }

    public SpectralSeries series() {
        return series;
    }
}
