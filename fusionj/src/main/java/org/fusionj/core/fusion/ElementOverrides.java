package org.fusionj.core.fusion;

import java.util.List;
import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/**
 * Per-element values of {@code lambda_chem}, {@code lambda_tv} and {@code n_iter_tv}, in map order, replacing the
 * single values of {@link FusionParameters} for every element when present (an empty list keeps the single value).
 * Automatic parameters ({@link AutoParameters}) choose them: a heavy element, which the HAADF image describes well,
 * wants little weight on its noisy map and little smoothing; a light one wants the reverse.
 *
 * @param lambdaChem   per element {@code lambda_chem} (&gt; 0), or empty
 * @param lambdaTv     per element {@code lambda_tv} (&gt; 0), or empty
 * @param tvIterations per element {@code n_iter_tv} (&gt;= 1), or empty
 * @param iterations   per element {@code n_iter} (&gt;= 1), or empty: the element's fused map is the one after its
 *                     own number of outer iterations (early stopping per element); the solve runs the largest, and
 *                     every map takes part in every iteration
 */
public record ElementOverrides(List<Double> lambdaChem, List<Double> lambdaTv, List<Integer> tvIterations,
                               List<Integer> iterations) {

    /** No overrides: every element uses the single values. */
    public static final ElementOverrides NONE = new ElementOverrides(List.of(), List.of(), List.of(), List.of());

    /** Overrides of the three regularisation values only. */
    public ElementOverrides(List<Double> lambdaChem, List<Double> lambdaTv, List<Integer> tvIterations) {
        this(lambdaChem, lambdaTv, tvIterations, List.of());
    }

    public ElementOverrides {
        lambdaChem = List.copyOf(lambdaChem);
        lambdaTv = List.copyOf(lambdaTv);
        tvIterations = List.copyOf(tvIterations);
        iterations = List.copyOf(iterations);
        for (int v : iterations) {
            if (v < 1) {
                throw new InvalidInputException("n_iter must be at least 1 for every element, got " + v);
            }
        }
        for (double v : lambdaChem) {
            positive("lambda_chem", v);
        }
        for (double v : lambdaTv) {
            positive("lambda_tv", v);
        }
        for (int v : tvIterations) {
            if (v < 1) {
                throw new InvalidInputException("n_iter_tv must be at least 1 for every element, got " + v);
            }
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new InvalidInputException(name + " must be a positive number for every element, got " + v);
        }
    }

    public boolean isEmpty() {
        return lambdaChem.isEmpty() && lambdaTv.isEmpty() && tvIterations.isEmpty() && iterations.isEmpty();
    }

    /** Throws naming the parameter when a non-empty list does not have one value per element. */
    public void requireElements(int elements) {
        check("lambda_chem", lambdaChem.size(), elements);
        check("lambda_tv", lambdaTv.size(), elements);
        check("n_iter_tv", tvIterations.size(), elements);
        check("n_iter", iterations.size(), elements);
    }

    private static void check(String name, int size, int elements) {
        if (size != 0 && size != elements) {
            throw new InvalidInputException(name + " has " + size + " values for " + elements
                    + " elements; give one value, or one per element in map order");
        }
    }

    /** "0.02,0.08,0.3": a list as macros and the CLI write it. */
    public static String text(List<? extends Number> values) {
        StringBuilder b = new StringBuilder();
        for (Number v : values) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(v instanceof Integer ? v.toString() : String.format(Locale.ROOT, "%.4g", v.doubleValue()));
        }
        return b.toString();
    }
}
