package org.fusionj.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.fusionj.core.ImagePlane;
import org.fusionj.core.dictionary.CoderKind;
import org.fusionj.core.dictionary.CoderSettings;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.EnhanceParameters;
import org.fusionj.core.dictionary.NoiseEstimator;
import org.fusionj.core.dictionary.OverlapWeighting;
import org.fusionj.core.dictionary.PatchEnhancer;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.registration.Box3D;
import org.fusionj.io.ZarrArray;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.dictionary.DictionaryImages;
import org.fusionj.workflow.dictionary.DictionaryMetadata;
import org.fusionj.workflow.dictionary.EnhanceSettings;

/**
 * Dictionary enhancement of a whole stack on Spark, by slabs of slices: the driver opens the dictionary and fixes
 * the noise level once (from the first slice, as Enhance with Dictionary does), so the automatic alpha or error
 * target is the same for every slice; the dictionary (its exact atoms) and the resolved parameters are broadcast;
 * one task per slab enhances its slices with {@link PatchEnhancer} and writes them into {@code enhanced.zarr}
 * (one chunk per slice). Each slice is enhanced exactly as the single-machine command enhances it.
 */
final class EnhanceStage {

    static final String OUTPUT = "enhanced.zarr";

    /** The resolved kernel parameters in plain values. */
    static final class Params implements Serializable {
        private static final long serialVersionUID = 1L;
        String coder;
        double alpha;
        int sparsity;
        double errorTarget;
        int stride;
        String weighting;

        EnhanceParameters parameters() {
            CoderSettings c = new CoderSettings(CoderKind.parse(coder), alpha, sparsity, errorTarget);
            return new EnhanceParameters(c, stride, OverlapWeighting.parse(weighting));
        }
    }

    /** What the run decided on the driver. */
    record Setup(Dictionary dictionary, EnhanceParameters parameters, double noise, int slab) {
    }

    private EnhanceStage() {
    }

    static EnhanceSettings settings(ClusterJob job) {
        Map<String, Object> e = job.enhance();
        return EnhanceSettings.parse(ClusterJob.text(e, "coder"), ClusterJob.text(e, "alpha"),
                ClusterJob.text(e, "sparsity"), ClusterJob.text(e, "error_target"), ClusterJob.text(e, "stride"),
                ClusterJob.text(e, "weighting"));
    }

    /** The driver's part: dictionary, noise of the first slice, parameters. */
    static Setup setup(ClusterJob job, ArrayStore stack) throws IOException {
        Dictionary d = openDictionary(ClusterJob.text(job.enhance(), "dictionary"));
        long[] s = stack.shape();
        int w = (int) s[s.length - 1];
        int h = (int) s[s.length - 2];
        ImagePlane first = new ImagePlane("slice 1", w, h, new SeriesVolume(stack, -1, null)
                .read(new Box3D(0, 0, 0, w, h, 1)).data());
        double noise = NoiseEstimator.sigma(first);
        EnhanceParameters p = settings(job).resolve(noise, d.scale());
        return new Setup(d, p, noise, Math.max(1, ClusterJob.integer(job.enhance(), "slab", 8)));
    }

    /** The dictionary TIFF from a path or a Hadoop URI (copied to a temporary file first). */
    static Dictionary openDictionary(String location) throws IOException {
        Location where = Location.of(location);
        if (where.isLocal()) {
            return DictionaryImages.open(where.path());
        }
        byte[] bytes = where.read();
        if (bytes == null) {
            throw new org.fusionj.core.InvalidInputException("the dictionary " + location + " does not exist");
        }
        Path tmp = java.nio.file.Files.createTempDirectory("fusionj-dictionary");
        try {
            String name = location.substring(location.lastIndexOf('/') + 1);
            Path file = tmp.resolve(name.isEmpty() ? "dictionary.tif" : name);
            java.nio.file.Files.write(file, bytes);
            return DictionaryImages.open(file);
        } finally {
            Location.of(tmp).deleteTree();
        }
    }

    /** Enhances every slice into the array folder {@code dir} (this run's staged {@link #OUTPUT}). */
    static Setup run(JavaSparkContext sc, ClusterJob job, ArrayStore stack, Location dir, int threads,
            LongAccumulator bytesRead) throws IOException {
        Setup setup = setup(job, stack);
        long[] s = stack.shape();
        int w = (int) s[s.length - 1];
        int h = (int) s[s.length - 2];
        int depth = (int) s[s.length - 3];
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("voxel_size", job.input().voxelSize());
        attrs.put("unit", job.input().unit());
        attrs.put("noise", setup.noise());
        attrs.put("coder", setup.parameters().coder().describe());
        attrs.put("axes", List.of("z", "y", "x"));
        ZarrArray.create(dir.zarr(), new long[] {depth, h, w}, new int[] {1, h, w},
                ZarrArray.Compression.parse(job.compression()), 0, attrs, true);
        Params p = new Params();
        CoderSettings c = setup.parameters().coder();
        p.coder = c.kind().key();
        p.alpha = c.alpha();
        p.sparsity = c.sparsity();
        p.errorTarget = c.errorTarget();
        p.stride = setup.parameters().stride();
        p.weighting = setup.parameters().weighting().key();
        Broadcast<String> dictionary = sc.broadcast(DictionaryMetadata.encode(setup.dictionary()));
        Broadcast<Params> params = sc.broadcast(p);
        List<Integer> slabs = new ArrayList<>();
        for (int z = 0; z < depth; z += setup.slab()) {
            slabs.add(z);
        }
        int slab = setup.slab();
        sc.parallelize(slabs, Math.max(1, slabs.size())).foreach(z0 -> {
            PatchEnhancer enhancer = new PatchEnhancer(DictionaryMetadata.decode(dictionary.value(), "dictionary"),
                    params.value().parameters());
            SeriesVolume v = new SeriesVolume(stack, -1, bytesRead);
            ZarrArray target = ZarrArray.open(dir.zarr());
            for (int z = z0; z < Math.min(depth, z0 + slab); z++) {
                float[] px = v.read(new Box3D(0, 0, z, w, h, 1)).data();
                float[] enhanced = enhancer.enhance(new ImagePlane("slice " + (z + 1), w, h, px), threads,
                        ProgressListener.NONE, CancellationToken.NEVER);
                target.writeAligned(new long[] {z, 0, 0}, new int[] {1, h, w}, enhanced);
            }
        });
        dictionary.destroy();
        params.destroy();
        return setup;
    }
}
