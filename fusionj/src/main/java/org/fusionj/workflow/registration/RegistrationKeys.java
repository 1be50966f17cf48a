package org.fusionj.workflow.registration;

import java.util.function.Function;

import org.fusionj.core.registration.Interpolation;
import org.fusionj.core.registration.RegistrationMetric;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.TransformType;
import org.fusionj.workflow.TextValues;

/** The one set of parameter names for registration: dialog and macro keys, SciJava parameters and CLI flags. */
public final class RegistrationKeys {

    public static final String SERIES = "series";
    public static final String FIXED_VOLUME = "fixed";
    public static final String MOVING_VOLUME = "moving";
    public static final String VOLUMES = "volumes";
    public static final String ENERGIES = "energies";
    public static final String ENERGIES_FILE = "energies_file";
    public static final String FIXED_ENERGY = "fixed_energy";
    public static final String TRANSFORM = "transform";
    public static final String METRIC = "metric";
    public static final String MEDIAN = "median";
    public static final String SMOOTHING = "smoothing";
    public static final String LEVELS = "levels";
    public static final String ITERATIONS = "iterations";
    public static final String PER_PARTICLE = "per_particle";
    public static final String DILATION = "dilation";
    public static final String MIN_VOXELS = "min_voxels";
    public static final String INTERPOLATION = "interpolation";
    public static final String INIT_NEIGHBOUR = "init_neighbour";

    /** The fixed-energy choice meaning "the highest energy" (the paper's). */
    public static final String HIGHEST = "highest";

    private RegistrationKeys() {
    }

    /** Parameters from text values looked up by key (null keeps the default). */
    public static RegistrationParameters parameters(Function<String, String> value) {
        RegistrationParameters.Builder b = RegistrationParameters.builder();
        String v;
        if ((v = value.apply(TRANSFORM)) != null) {
            b.transform(TransformType.parse(v));
        }
        if ((v = value.apply(METRIC)) != null) {
            b.metric(RegistrationMetric.parse(v));
        }
        if ((v = value.apply(MEDIAN)) != null) {
            b.median(TextValues.bool(MEDIAN, v));
        }
        if ((v = value.apply(SMOOTHING)) != null) {
            b.smoothing(TextValues.number(SMOOTHING, v));
        }
        if ((v = value.apply(LEVELS)) != null) {
            b.levels(TextValues.integer(LEVELS, v));
        }
        if ((v = value.apply(ITERATIONS)) != null) {
            b.maxIterations(TextValues.integer(ITERATIONS, v));
        }
        if ((v = value.apply(PER_PARTICLE)) != null) {
            b.perParticle(TextValues.bool(PER_PARTICLE, v));
        }
        if ((v = value.apply(DILATION)) != null) {
            b.particleDilation(TextValues.integer(DILATION, v));
        }
        if ((v = value.apply(MIN_VOXELS)) != null) {
            b.minParticleVoxels(TextValues.integer(MIN_VOXELS, v));
        }
        if ((v = value.apply(INTERPOLATION)) != null) {
            b.interpolation(Interpolation.parse(v));
        }
        if ((v = value.apply(INIT_NEIGHBOUR)) != null) {
            b.initFromNeighbour(TextValues.bool(INIT_NEIGHBOUR, v));
        }
        return b.build();
    }

    public static String[] transformChoices() {
        return new String[] {"affine", "similarity", "rigid", "translation"};
    }

    public static String[] metricChoices() {
        return new String[] {"mse", "ncc"};
    }

    public static String[] interpolationChoices() {
        return new String[] {"linear", "cubic"};
    }
}
