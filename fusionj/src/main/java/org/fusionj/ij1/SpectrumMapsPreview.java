package org.fusionj.ij1;

import java.io.IOException;
import java.util.Map;

import ij.Prefs;

import org.fusionj.core.spectrum.SpectrumImage;
import org.fusionj.io.SpectrumImageFiles;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.spectrum.SpectrumKeys;
import org.fusionj.workflow.spectrum.SpectrumMapsJob;
import org.fusionj.workflow.spectrum.SpectrumPlot;

/**
 * Live preview for the Spectrum Image to Maps dialog: on every change, on a background thread, the summed spectrum
 * with each element's windows and background model (one reused window, "Spectrum preview") and the maps the
 * current settings make, a labelled slice per element ("Maps preview"), both from the whole spectrum image. The file
 * is read once per file and calibration, not on every change; a newer change cancels a preview still running.
 * Nothing is saved.
 */
final class SpectrumMapsPreview implements DialogForm.Preview {

    static final String SPECTRUM_TITLE = "Spectrum preview";
    static final String MAPS_TITLE = "Maps preview";

    private final LivePreview maps = new LivePreview(MAPS_TITLE, "fusionj-maps-preview");
    private final LivePreview spectrum = new LivePreview(SPECTRUM_TITLE, "fusionj-spectrum-preview");
    /** The spectrum image last read and what it was read with: input, energy_first, energy_offset, dispersion. */
    private String loadedKey;
    private SpectrumImage loaded;

    /** Previews the dialog's values (by name, as the dialog reads them); refused values go to the status bar. */
    @Override
    public void update(Map<String, String> v) {
        String input = v.get(SpectrumKeys.INPUT) == null ? "" : v.get(SpectrumKeys.INPUT).trim();
        if (input.isEmpty()) {
            close();
            return;
        }
        maps.submit(token -> {
            ParamValues values = SpectrumKeys.read(v::get);
            SpectrumMapsJob job = SpectrumKeys.job(values).threads(Prefs.getThreads()).cancellation(token);
            SpectrumImage si = read(input, SpectrumKeys.readOptions(values));
            token.throwIfCancelled();
            SpectrumMapsJob.Outcome o = job.run(si);
            spectrum.show(SpectrumPlot.of(o.maps(), si.name()).getImagePlus(), token);
            maps.show(o.stack(), token);
        });
    }

    private SpectrumImage read(String input, SpectrumImageFiles.Options options) throws IOException {
        String key = input + "|" + options;
        synchronized (this) {
            if (key.equals(loadedKey)) {
                return loaded;
            }
        }
        SpectrumImage si = SpectrumImageFiles.read(input, options);
        synchronized (this) {
            loadedKey = key;
            loaded = si;
        }
        return si;
    }

    @Override
    public void close() {
        maps.close();
        spectrum.close();
    }

    /** Stops the worker threads and forgets the spectrum image; the preview cannot be used afterwards. */
    @Override
    public void dispose() {
        maps.dispose();
        spectrum.dispose();
        synchronized (this) {
            loaded = null;
            loadedKey = null;
        }
    }
}
