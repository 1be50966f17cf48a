package org.fusionj.io;

import java.util.List;
import java.util.Map;

/**
 * The decoded header dict of an NPY file.
 *
 * @param dtype the element type
 * @param fortranOrder whether the data is stored column-major
 * @param shape the array shape, outermost axis first
 */
record NpyHeader(NpyDtype dtype, boolean fortranOrder, int[] shape) {

    /**
     * Parses a header dict such as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }};
     * keys may appear in any order and unknown keys are ignored.
     */
    static NpyHeader parse(String headerText, String sourceName) throws FileFormatException {
        Map<String, Object> dict = PythonLiteralParser.parseDict(headerText, sourceName);
        Object descr = require(dict, "descr", sourceName);
        if (descr instanceof List) throw NpyDtype.structuredUnsupported(sourceName);
        if (!(descr instanceof String text)) throw invalid("descr", descr, sourceName);
        if (!(require(dict, "fortran_order", sourceName) instanceof Boolean fortran)) {
            throw invalid("fortran_order", dict.get("fortran_order"), sourceName);
        }
        int[] shape = parseShape(require(dict, "shape", sourceName), sourceName);
        return new NpyHeader(NpyDtype.parse(text, sourceName), fortran, shape);
    }

    private static int[] parseShape(Object value, String sourceName) throws FileFormatException {
        if (!(value instanceof List<?> dims)) throw invalid("shape", value, sourceName);
        int[] shape = new int[dims.size()];
        for (int axis = 0; axis < shape.length; axis++) {
            if (!(dims.get(axis) instanceof Long dim) || dim < 0) throw invalid("shape", value, sourceName);
            if (dim > Shapes.MAX_ARRAY_LENGTH) {
                throw new FileFormatException(sourceName, "shape " + value + " has an axis of " + dim
                    + " elements, more than a Java array can hold (" + Shapes.MAX_ARRAY_LENGTH + ")");
            }
            shape[axis] = dim.intValue();
        }
        return shape;
    }

    private static Object require(Map<String, Object> dict, String key, String sourceName) throws FileFormatException {
        if (!dict.containsKey(key)) {
            throw new FileFormatException(sourceName, "malformed header: no '" + key + "' entry in " + dict.keySet());
        }
        return dict.get(key);
    }

    private static FileFormatException invalid(String key, Object value, String sourceName) {
        return new FileFormatException(sourceName, "malformed header: invalid '" + key + "' value " + value);
    }
}
