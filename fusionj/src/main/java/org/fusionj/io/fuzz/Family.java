package org.fusionj.io.fuzz;

/** The file formats the reader fuzz covers, each with its file name extension. */
public enum Family {
    NPY("npy"), NPZ("npz"), HDF5("h5"), EMD("emd"), TIFF("tif");

    final String extension;

    Family(String extension) {
        this.extension = extension;
    }
}
