package org.fusionj.core.fusion;

/**
 * Rounding to IEEE 754 half precision (binary16), which the published code applies to its weights by storing
 * them in a float16 array. Java 17 has no float16 type (Float.floatToFloat16 arrived in Java 20).
 */
final class HalfPrecision {

    private HalfPrecision() {
    }

    /** The binary16 value nearest to {@code v} (ties to even), as a double. Normal range only: |v| &lt; 65504. */
    static double round(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        // 11 significant bits; below 2^-14 the spacing of binary16 subnormals is fixed at 2^-24.
        int exponent = Math.max(Math.getExponent(v), -14);
        double spacing = Math.scalb(1.0, exponent - 10);
        return Math.rint(v / spacing) * spacing;
    }
}
