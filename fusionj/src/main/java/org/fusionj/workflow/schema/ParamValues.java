package org.fusionj.workflow.schema;

import java.util.Map;

import org.fusionj.workflow.schema.Param.Type;

/**
 * The values of one operation's parameters after {@link Schema#read}: defaults applied, every value parsed and
 * checked. Typed getters; a number given as the auto word reads as NaN (see {@link #isAuto}).
 */
public final class ParamValues {

    /** What a non-numeric parameter given as its auto word holds. */
    static final Object AUTO = new Object() {
        @Override
        public String toString() {
            return "auto";
        }
    };

    private final Schema schema;
    private final Map<String, Object> values;
    private final Map<String, Boolean> given;

    ParamValues(Schema schema, Map<String, Object> values, Map<String, Boolean> given) {
        this.schema = schema;
        this.values = values;
        this.given = given;
    }

    private Object get(String name, Type type) {
        Param p = schema.param(name);
        if (p.type() != type) {
            throw new IllegalArgumentException(name + " is a " + p.type() + ", not a " + type);
        }
        return values.get(name);
    }

    /** A number; NaN when auto (or when it has no default and was not given). */
    public double number(String name) {
        Object v = get(name, Type.NUMBER);
        return v == null ? Double.NaN : (Double) v;
    }

    /** A whole number that fits an int (the schema's range says so). */
    public int integer(String name) {
        return Math.toIntExact(longValue(name));
    }

    public long longValue(String name) {
        return (Long) get(name, Type.INTEGER);
    }

    public boolean bool(String name) {
        return (Boolean) get(name, Type.BOOLEAN);
    }

    /** A choice's key (canonical for Keyed choices) or a text value; null when absent without default. */
    public String text(String name) {
        Param p = schema.param(name);
        Object v = values.get(name);
        if (p.type() != Type.CHOICE && p.type() != Type.TEXT) {
            return v == null ? null : v instanceof Double d ? Param.format(d) : v.toString();
        }
        return v == null || v == AUTO ? (v == AUTO ? p.autoWord() : null) : (String) v;
    }

    /** Whether the value is the auto word. */
    public boolean isAuto(String name) {
        Object v = values.get(name);
        return v == AUTO || (v instanceof Double d && Double.isNaN(d) && schema.param(name).autoWord() != null);
    }

    /** Whether the value came from the user (not the default). */
    public boolean given(String name) {
        schema.param(name);
        return given.get(name);
    }

    public Schema schema() {
        return schema;
    }
}
