package org.fusionj.core.tomo.phantom;

import java.util.List;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;
import org.fusionj.core.fusion.WeightMethod;
import org.fusionj.core.tomo.TiltAngles;

/**
 * What {@link TomoPhantom#generate} builds: nanoparticles of known chemistry in a volume, and the HAADF and chemical
 * tilt series a microscope would record of them (single tilt axis, parallel beam).
 *
 * <p>Particles: {@code particles} non-overlapping spheres or ellipsoids (bounding radius uniform in
 * [radiusMin, radiusMax] voxels) inside the cylinder that stays in the field of view at every tilt. The first
 * particles are core-shell ones whose cores run through the elements, so that every element is pure somewhere;
 * after them a particle is core-shell with probability {@code coreShellFraction} (pure core of one element, a shell
 * of another, pure or alloyed with a third), else a homogeneous alloy of two or three elements.
 *
 * <p>Tilt series: projections computed analytically (exact chord lengths through the ellipsoids, 3 x 3 rays per
 * detector pixel), not with the reconstruction's projector. HAADF: {@code haadfDose * P(sum_e w_e c_e^gamma) +
 * haadfBackground} counts, Poisson-sampled. Element e: {@code chemDose * P(c_e) + chemBackground} counts,
 * Poisson-sampled. Doses are counts per voxel of path length (a chord of 20 voxels through pure element at
 * {@code chemDose} 0.2 gives 4 counts on average). The truth volumes are the concentrations averaged over each voxel
 * (4 x 4 x 4 samples on voxels cut by a surface).
 *
 * @param width             voxels across the tilt axis (detector pixels)
 * @param height            slices along the tilt axis (image rows)
 * @param depth             voxels along the beam at zero tilt
 * @param symbols           element symbols (1 to 6, distinct); Z looked up
 * @param seed              seed of every random choice
 * @param particles         number of particles (fewer if they do not fit)
 * @param radiusMin         smallest bounding radius, voxels
 * @param radiusMax         largest bounding radius, voxels
 * @param shape             spheres, ellipsoids, or both
 * @param coreShellFraction probability that a particle beyond the first ones is core-shell
 * @param haadfAngles       HAADF tilt angles, degrees
 * @param chemAngles        chemical tilt angles (every element), degrees
 * @param gamma             exponent of the HAADF model
 * @param weightMethod      weights of the HAADF model
 * @param haadfDose         HAADF counts per voxel of path length per unit of {@code sum_e w_e c_e^gamma}
 * @param haadfBackground   HAADF counts added to every pixel
 * @param chemDose          chemical counts per voxel of path length through pure element
 * @param chemBackground    chemical counts added to every pixel
 */
public record TomoPhantomSpec(int width, int height, int depth, List<String> symbols, long seed, int particles,
                              double radiusMin, double radiusMax, ParticleShape shape, double coreShellFraction,
                              double[] haadfAngles, double[] chemAngles, double gamma, WeightMethod weightMethod,
                              double haadfDose, double haadfBackground, double chemDose, double chemBackground) {

    /** Elements the generator accepts. */
    public static final int MAX_ELEMENTS = 6;

    public TomoPhantomSpec {
        if (width < 8 || height < 1 || depth < 8) {
            throw new InvalidInputException("phantom volume must be at least 8 x 1 x 8 voxels, got " + width + " x "
                    + height + " x " + depth);
        }
        if ((long) width * height * depth > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("phantom volume does not fit a Java array");
        }
        if (symbols == null || symbols.isEmpty() || symbols.size() > MAX_ELEMENTS) {
            throw new InvalidInputException("a phantom needs 1 to " + MAX_ELEMENTS + " elements");
        }
        symbols = symbols.stream().map(Elements::canonicalSymbol).toList();
        if (symbols.stream().distinct().count() != symbols.size()) {
            throw new InvalidInputException("phantom elements must be distinct, got " + symbols);
        }
        if (particles < 1) {
            throw new InvalidInputException("a phantom needs at least one particle, got " + particles);
        }
        if (!(radiusMin >= 1 && radiusMax >= radiusMin) || Double.isInfinite(radiusMax)) {
            throw new InvalidInputException("particle radii must satisfy 1 <= min <= max, got " + radiusMin + " and "
                    + radiusMax);
        }
        if (shape == null || weightMethod == null) {
            throw new InvalidInputException("shape and weight method are required");
        }
        Require.fraction("core-shell fraction", coreShellFraction);
        TiltAngles.requireValid(haadfAngles, "phantom HAADF angles");
        TiltAngles.requireValid(chemAngles, "phantom chemical angles");
        haadfAngles = haadfAngles.clone();
        chemAngles = chemAngles.clone();
        if (!(gamma >= 1) || Double.isInfinite(gamma)) {
            throw new InvalidInputException("gamma must be >= 1, got " + gamma);
        }
        Require.positive("HAADF dose", haadfDose);
        Require.nonNegative("HAADF background", haadfBackground);
        Require.positive("chemical dose", chemDose);
        Require.nonNegative("chemical background", chemBackground);
    }

    /**
     * The default specimen at {@code size^3} voxels: ten Au, Ag, Cu particles (core-shell and alloys, radii 10 to 18
     * voxels at size 128, scaled with the size), HAADF every 2 degrees over +-70 at high dose, chemistry every 10
     * degrees over +-70 at a low dose (a pure particle 20 voxels thick gives about 5 counts per pixel).
     */
    public static TomoPhantomSpec defaults(int size) {
        double f = size / 128.0;
        return new TomoPhantomSpec(size, size, size, List.of("Au", "Ag", "Cu"), 20260301L, 10, 10 * f, 18 * f,
                ParticleShape.MIXED, 0.6, TiltAngles.range(-70, 70, 2), TiltAngles.range(-70, 70, 10), 1.6,
                WeightMethod.Z_OVER_MEAN, 20 / f, 0, 0.25 / f, 0);
    }

    @Override
    public double[] haadfAngles() {
        return haadfAngles.clone();
    }

    @Override
    public double[] chemAngles() {
        return chemAngles.clone();
    }

    public int elementCount() {
        return symbols.size();
    }

    public int[] atomicNumbers() {
        return symbols.stream().mapToInt(Elements::atomicNumber).toArray();
    }

    public double[] weights() {
        return weightMethod.weights(atomicNumbers(), gamma);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few values of a spec; {@link #build()} validates the whole. */
    public static final class Builder {
        private int width;
        private int height;
        private int depth;
        private List<String> symbols;
        private long seed;
        private int particles;
        private double radiusMin;
        private double radiusMax;
        private ParticleShape shape;
        private double coreShellFraction;
        private double[] haadfAngles;
        private double[] chemAngles;
        private double gamma;
        private WeightMethod weightMethod;
        private double haadfDose;
        private double haadfBackground;
        private double chemDose;
        private double chemBackground;

        private Builder(TomoPhantomSpec s) {
            width = s.width;
            height = s.height;
            depth = s.depth;
            symbols = s.symbols;
            seed = s.seed;
            particles = s.particles;
            radiusMin = s.radiusMin;
            radiusMax = s.radiusMax;
            shape = s.shape;
            coreShellFraction = s.coreShellFraction;
            haadfAngles = s.haadfAngles;
            chemAngles = s.chemAngles;
            gamma = s.gamma;
            weightMethod = s.weightMethod;
            haadfDose = s.haadfDose;
            haadfBackground = s.haadfBackground;
            chemDose = s.chemDose;
            chemBackground = s.chemBackground;
        }

        public Builder size(int w, int h, int d) {
            width = w;
            height = h;
            depth = d;
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

        public Builder particles(int v) {
            particles = v;
            return this;
        }

        public Builder radii(double min, double max) {
            radiusMin = min;
            radiusMax = max;
            return this;
        }

        public Builder shape(ParticleShape v) {
            shape = v;
            return this;
        }

        public Builder coreShellFraction(double v) {
            coreShellFraction = v;
            return this;
        }

        public Builder haadfAngles(double[] v) {
            haadfAngles = v;
            return this;
        }

        public Builder chemAngles(double[] v) {
            chemAngles = v;
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

        public Builder chemDose(double v) {
            chemDose = v;
            return this;
        }

        public Builder chemBackground(double v) {
            chemBackground = v;
            return this;
        }

        public TomoPhantomSpec build() {
            return new TomoPhantomSpec(width, height, depth, symbols, seed, particles, radiusMin, radiusMax, shape,
                    coreShellFraction, haadfAngles, chemAngles, gamma, weightMethod, haadfDose, haadfBackground,
                    chemDose, chemBackground);
        }
    }
}
