package org.fusionj.io;

import io.jhdf.api.WritableDataset;

/** A dataset added by an {@link Hdf5GroupWriter}; use it to attach attributes to the dataset. */
public final class Hdf5DatasetWriter extends Hdf5NodeWriter<Hdf5DatasetWriter> {

    Hdf5DatasetWriter(WritableDataset dataset) {
        super(dataset);
    }
}
