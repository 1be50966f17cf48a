package org.fusionj.io;

import io.jhdf.api.WritableNode;

import java.util.Objects;

/**
 * Attribute writing shared by {@link Hdf5GroupWriter} and {@link Hdf5DatasetWriter}.
 * Setting an attribute again replaces its value.
 *
 * @param <W> the concrete writer type, returned so calls can be chained
 */
public abstract class Hdf5NodeWriter<W extends Hdf5NodeWriter<W>> {

    private final WritableNode node;

    Hdf5NodeWriter(WritableNode node) {
        this.node = node;
    }

    /** Sets a string attribute. */
    public W attribute(String name, String value) {
        return put(name, Objects.requireNonNull(value, "value"));
    }

    /** Sets a float64 attribute. */
    public W attribute(String name, double value) {
        return put(name, value);
    }

    /** Sets an int32 attribute. */
    public W attribute(String name, int value) {
        return put(name, value);
    }

    /** Sets a 1-D float64 attribute; the array is copied and must not be empty. */
    public W attribute(String name, double[] values) {
        Hdf5GroupWriter.requireNotEmpty(values.length, name);
        return put(name, values.clone());
    }

    private W put(String name, Object value) {
        Hdf5GroupWriter.requireValidName(name);
        node.putAttribute(name, value);
        @SuppressWarnings("unchecked")
        W self = (W) this;
        return self;
    }
}
