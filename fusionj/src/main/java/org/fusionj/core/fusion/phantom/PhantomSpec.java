package org.fusionj.core.fusion.phantom;

import java.util.List;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;
import org.fusionj.core.fusion.WeightMethod;

/**
 * What {@link FusionPhantom#generate(PhantomSpec)} builds: a specimen made of Voronoi grains, imaged once in HAADF at a
 * high dose and once per element at a low dose. With a lattice {@link Structure} each grain is a crystal seen down a
 * zone axis: atomic columns of the given {@link ColumnShape}, one sublattice per element, element-specific grain
 * compositions (antisite mixing, vacancies, occupancy scatter). With {@link Structure#PARTICLES} each grain cell may
 * hold one nanoparticle (see {@link FusionPhantom}).
 *
 * <p>Sublattices of a square or rectangular lattice (lattice coordinates): element 0 at (0, 0); 1 at (1/2, 1/2);
 * 2 at (1/2, 0) and (0, 1/2) (a projected ABO3 perovskite for three elements); 3 at (1/4, 1/4) and (3/4, 3/4); 4 at
 * (1/4, 3/4) and (3/4, 1/4). Hexagonal: see {@link Structure#HEXAGONAL}. Hence at most {@value #MAX_ELEMENTS}
 * elements.
 *
 * <p>Every random choice derives from {@code seed} alone, never from the thread count: the same spec gives the same
 * pixels on every machine.
 *
 * @param width                width in pixels
 * @param height               height in pixels
 * @param symbols              element symbols (1 to {@value #MAX_ELEMENTS}, distinct); Z is looked up
 * @param seed                 seed of every random choice
 * @param latticePeriod        lattice period in pixels (&gt;= 4)
 * @param columnSigma          Gaussian standard deviation of an atomic column in pixels (&gt; 0)
 * @param grainSize            mean grain diameter in pixels (grain seeds sit on a jittered grid of this pitch)
 * @param primaryMin           a grain's occupancy of a sublattice by its own element is uniform in
 *                             [primaryMin, 1] (minus what antisites take)
 * @param antisiteProbability  probability that a grain puts some of element f on the sublattice of element e != f
 * @param antisiteMax          such an antisite fraction is uniform in [0, antisiteMax]
 * @param vacancyProbability   probability that a column is empty
 * @param occupancyJitter      each element of each column is scaled by a factor uniform in [1 - jitter, 1]
 * @param gamma                exponent of the HAADF forward model
 * @param weightMethod         weights of the HAADF forward model
 * @param haadfDose            expected HAADF counts per unit of the forward model {@code sum_e w_e c_e^gamma}
 * @param haadfBackground      forward-model units added everywhere (support film, detector offset), &gt;= 0
 * @param mapDose              expected counts of an elemental map at concentration 1
 * @param mapBackground        expected background counts per pixel of an elemental map, &gt;= 0
 * @param structure            lattice of the grains, or nanoparticles ({@link Structure})
 * @param columnShape          profile of an atomic column (lattices only)
 */
public record PhantomSpec(
        int width,
        int height,
        List<String> symbols,
        long seed,
        double latticePeriod,
        double columnSigma,
        double grainSize,
        double primaryMin,
        double antisiteProbability,
        double antisiteMax,
        double vacancyProbability,
        double occupancyJitter,
        double gamma,
        WeightMethod weightMethod,
        double haadfDose,
        double haadfBackground,
        double mapDose,
        double mapBackground,
        Structure structure,
        ColumnShape columnShape) {

    /** The number of sublattices the generator knows. */
    public static final int MAX_ELEMENTS = 5;

    public PhantomSpec {
        if (width < 1 || height < 1) {
            throw new InvalidInputException("phantom size must be at least 1 x 1, got " + width + " x " + height);
        }
        if ((long) width * height > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("phantom of " + width + " x " + height + " pixels does not fit a Java array");
        }
        if (symbols == null || symbols.isEmpty() || symbols.size() > MAX_ELEMENTS) {
            throw new InvalidInputException("a phantom needs 1 to " + MAX_ELEMENTS + " elements, got "
                    + (symbols == null ? 0 : symbols.size()));
        }
        symbols = symbols.stream().map(Elements::canonicalSymbol).toList();
        if (symbols.stream().distinct().count() != symbols.size()) {
            throw new InvalidInputException("phantom elements must be distinct, got " + symbols);
        }
        Require.atLeast("lattice period", latticePeriod, 4);
        Require.positive("column sigma", columnSigma);
        Require.positive("grain size", grainSize);
        Require.fraction("primary occupancy minimum", primaryMin);
        Require.fraction("antisite probability", antisiteProbability);
        Require.fraction("antisite maximum", antisiteMax);
        Require.fraction("vacancy probability", vacancyProbability);
        Require.fraction("occupancy jitter", occupancyJitter);
        Require.atLeast("gamma", gamma, 1);
        if (weightMethod == null) {
            throw new InvalidInputException("weight method is required");
        }
        Require.positive("HAADF dose", haadfDose);
        Require.atLeast("HAADF background", haadfBackground, 0);
        Require.positive("map dose", mapDose);
        Require.atLeast("map background", mapBackground, 0);
        if (structure == null || columnShape == null) {
            throw new InvalidInputException("structure and column shape are required");
        }
    }

    /**
     * The default specimen: {@code width x height} pixels of Dy, Sc, O on a projected perovskite lattice (period
     * 16 px, columns of sigma 1.8 px, grains of about 64 px), HAADF at 2000 counts per forward-model unit (a full Dy
     * column gives about 4000 counts: high SNR), elemental maps at 4 counts per pixel at full concentration (very
     * noisy, like a short X-EDS acquisition).
     */
    public static PhantomSpec defaults(int width, int height) {
        return new PhantomSpec(width, height, List.of("Dy", "Sc", "O"), 20260101L, 16, 1.8, 64, 0.55, 0.5, 0.35,
                0.05, 0.25, 1.6, WeightMethod.Z_OVER_MEAN, 2000, 0, 4, 0, Structure.SQUARE, ColumnShape.GAUSSIAN);
    }

    /** The atomic numbers of {@link #symbols()}, in order. */
    public int[] atomicNumbers() {
        return symbols.stream().mapToInt(Elements::atomicNumber).toArray();
    }

    /** The forward-model weights of the HAADF image. */
    public double[] weights() {
        return weightMethod.weights(atomicNumbers(), gamma);
    }

    public int elementCount() {
        return symbols.size();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few values of a spec; {@link #build()} validates the whole. */
    public static final class Builder {
        private int width;
        private int height;
        private List<String> symbols;
        private long seed;
        private double latticePeriod;
        private double columnSigma;
        private double grainSize;
        private double primaryMin;
        private double antisiteProbability;
        private double antisiteMax;
        private double vacancyProbability;
        private double occupancyJitter;
        private double gamma;
        private WeightMethod weightMethod;
        private double haadfDose;
        private double haadfBackground;
        private double mapDose;
        private double mapBackground;
        private Structure structure;
        private ColumnShape columnShape;

        private Builder(PhantomSpec s) {
            width = s.width;
            height = s.height;
            symbols = s.symbols;
            seed = s.seed;
            latticePeriod = s.latticePeriod;
            columnSigma = s.columnSigma;
            grainSize = s.grainSize;
            primaryMin = s.primaryMin;
            antisiteProbability = s.antisiteProbability;
            antisiteMax = s.antisiteMax;
            vacancyProbability = s.vacancyProbability;
            occupancyJitter = s.occupancyJitter;
            gamma = s.gamma;
            weightMethod = s.weightMethod;
            haadfDose = s.haadfDose;
            haadfBackground = s.haadfBackground;
            mapDose = s.mapDose;
            mapBackground = s.mapBackground;
            structure = s.structure;
            columnShape = s.columnShape;
        }

        public Builder size(int w, int h) {
            width = w;
            height = h;
            return this;
        }

        public Builder symbols(String... v) {
            symbols = List.of(v);
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder latticePeriod(double v) {
            latticePeriod = v;
            return this;
        }

        public Builder columnSigma(double v) {
            columnSigma = v;
            return this;
        }

        public Builder grainSize(double v) {
            grainSize = v;
            return this;
        }

        public Builder primaryMin(double v) {
            primaryMin = v;
            return this;
        }

        public Builder antisiteProbability(double v) {
            antisiteProbability = v;
            return this;
        }

        public Builder antisiteMax(double v) {
            antisiteMax = v;
            return this;
        }

        public Builder vacancyProbability(double v) {
            vacancyProbability = v;
            return this;
        }

        public Builder occupancyJitter(double v) {
            occupancyJitter = v;
            return this;
        }

        public Builder gamma(double v) {
            gamma = v;
            return this;
        }

        public Builder weightMethod(WeightMethod v) {
            weightMethod = v;
            return this;
        }

        public Builder haadfDose(double v) {
            haadfDose = v;
            return this;
        }

        public Builder haadfBackground(double v) {
            haadfBackground = v;
            return this;
        }

        public Builder mapDose(double v) {
            mapDose = v;
            return this;
        }

        public Builder mapBackground(double v) {
            mapBackground = v;
            return this;
        }

        public Builder structure(Structure v) {
            structure = v;
            return this;
        }

        public Builder columnShape(ColumnShape v) {
            columnShape = v;
            return this;
        }

        public PhantomSpec build() {
            return new PhantomSpec(width, height, symbols, seed, latticePeriod, columnSigma, grainSize, primaryMin,
                    antisiteProbability, antisiteMax, vacancyProbability, occupancyJitter, gamma, weightMethod,
                    haadfDose, haadfBackground, mapDose, mapBackground, structure, columnShape);
        }
    }
}
