package org.fusionj.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.Box3D;
import org.fusionj.core.registration.Interpolation;
import org.fusionj.core.registration.ParticleRegionGrid;
import org.fusionj.core.registration.Resampler;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.segment.Components;
import org.fusionj.core.segment.ConnectedComponents;
import org.fusionj.core.segment.Connectivity;
import org.fusionj.core.xanes.EdgeMethod;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.RegionSpectra;
import org.fusionj.core.xanes.WidthField;
import org.fusionj.core.xanes.XanesMapper;
import org.fusionj.core.xanes.XanesMaps;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.io.ZarrArray;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.xanes.XanesKeys;
import org.fusionj.workflow.xanes.XanesOutputFolder;

/**
 * XANES mapping on Spark: one task per spatial block reads, for every energy, the footprint of its block in that
 * energy's volume, resamples it onto the fixed grid ({@link Resampler#resampleBlock}: the same bits as resampling
 * whole volumes, with one transform or, in per-particle mode, the transform of each voxel's particle region), maps
 * the edge ({@link XanesMapper#mapBlock}) and writes its own chunks of the output maps. No registered copy of the
 * series is written unless asked. With particles on, each block also labels its mapped voxels and returns per
 * component partial statistics (edge energies and mean spectra) and its faces for {@link ParticleMerge}; every
 * block returns its sums for the overview maps ({@link Overview}).
 */
final class XanesStage {

    /** Map array names written besides the named maps. */
    static final String MASK = "mask";
    static final String LOCAL_LABELS = ".labels_local";
    static final String PARTICLES = "particles";
    /**
     * The first pass's white-line widths (NaN where a voxel does not vote), written by the first stage so that each
     * block reads its halo of neighbours' widths; deleted when the maps are done ({@link #deleteScratch}).
     */
    static final String WIDTHS = ".white_line_widths";

    /** Everything a block task needs (serializable). */
    static final class Plan implements Serializable {
        private static final long serialVersionUID = 1L;
        String jobJson;
        ArrayStore store;
        BlockGrid grid;
        double[] energies;
        /** Per energy the 12 entries of its transform, or null to read the series as registered already. */
        double[][] transforms;
        /** Per-particle mode: per energy, per particle region (in region order) its transform; else null. */
        double[][][] particleTransforms;
        int fixed;
        int threads;
        Location maps;
        Location registered;
        List<String> mapNames;
        boolean particles;
        int connectivity;
        long minVoxels;
        double binWidth;
        String method;
        int overviewFactor;
        /**
         * The white-line width the fitted max_derivative shares, merged over every block by a first stage
         * ({@link XanesMapper.SharedWidth}: centre, prior SD), or null when the maps share none.
         */
        double[] sharedWidth;
        /** The local white-line width's window radius (the halo a block reads from {@link #WIDTHS}), or 0. */
        int widthRadius;
    }

    /** What a block returns. */
    static final class BlockOutcome implements Serializable {
        private static final long serialVersionUID = 1L;
        int block;
        long[] counts;
        List<ParticleMerge.Part> parts = new ArrayList<>();
        List<ParticleMerge.Face> faces = new ArrayList<>();
        Overview.Part overview;
        double seconds;
    }

    private XanesStage() {
    }

    /** The maps this job writes, by name, in {@link XanesMaps#namedMaps()} order (as the TIFFs of XANES Edge Map). */
    static List<String> mapNames(XanesParameters p) {
        return XanesOutputFolder.mapNames(p);
    }

    /** The edge-energy map the particle statistics use: the first requested (as XANES Edge Map). */
    static EdgeMethod histogramMethod(XanesParameters p) {
        for (EdgeMethod m : EdgeMethod.values()) {
            if (p.has(m)) {
                return m;
            }
        }
        return null;
    }

    /** Creates the output arrays (on the driver, before the tasks). */
    static void createArrays(Plan plan, ClusterJob job, boolean withRegistered) throws IOException {
        ZarrArray.Compression c = ZarrArray.Compression.parse(job.compression());
        BlockGrid g = plan.grid;
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("voxel_size", job.input().voxelSize());
        attrs.put("unit", job.input().unit());
        attrs.put("energies_eV", plan.energies);
        attrs.put("axes", List.of("z", "y", "x"));
        attrs.put("software", "FusionJ " + org.fusionj.workflow.Version.get());
        ZarrArray.createGroup(plan.maps.zarr(), attrs);
        long[] shape = {g.nz, g.ny, g.nx};
        for (String name : plan.mapNames) {
            ZarrArray.create(plan.maps.resolve(name).zarr(), shape, g.chunks(), c, Float.NaN, Map.of(), true);
        }
        ZarrArray.create(plan.maps.resolve(MASK).zarr(), shape, g.chunks(), c, 0, Map.of(), true);
        if (plan.particles) {
            ZarrArray.create(plan.maps.resolve(LOCAL_LABELS).zarr(), shape, g.chunks(), c, 0, Map.of(), true);
            ZarrArray.create(plan.maps.resolve(PARTICLES).zarr(), shape, g.chunks(), c, 0, Map.of(), true);
        }
        if (withRegistered) {
            Map<String, Object> ra = new LinkedHashMap<>(attrs);
            ra.put("axes", List.of("energy", "z", "y", "x"));
            ZarrArray.create(plan.registered.zarr(), new long[] {plan.energies.length, g.nz, g.ny, g.nx},
                    new int[] {1, g.bz, g.by, g.bx}, c, 0, ra, true);
        }
    }

    /** Runs the block tasks; the result RDD is persisted (the particle merge reads it twice). */
    static JavaRDD<BlockOutcome> run(JavaSparkContext sc, Plan plan, ParticleRegionGrid regions,
            LongAccumulator bytesRead) throws IOException {
        Broadcast<ParticleRegionGrid> shared = sc.broadcast(regions);
        XanesMapper mapper = new XanesMapper(1);
        XanesParameters params = ClusterJob.parse(plan.jobJson, null).xanesParameters();
        if (mapper.sharesWidth(params)) {
            // max_derivative shares the white line's width between voxels (as XanesMapper.map does): a first stage
            // collects every block's votes, so that each block is mapped with the whole volume's width, and writes
            // every voxel's first-pass width, so that each block reads the halo its local widths look into
            plan.widthRadius = mapper.widthRadius(params);
            if (plan.widthRadius > 0) {
                BlockGrid g = plan.grid;
                ZarrArray.create(plan.maps.resolve(WIDTHS).zarr(), new long[] {g.nz, g.ny, g.nx}, g.chunks(),
                        ZarrArray.Compression.parse(ClusterJob.parse(plan.jobJson, null).compression()), Float.NaN,
                        Map.of(), true);
            }
            List<float[]> votes = sc.parallelize(plan.grid.indices(), Math.max(1, plan.grid.count()))
                    .map(b -> votes(plan, shared.value(), b, bytesRead)).collect();
            XanesMapper.SharedWidth w = mapper.sharedWidth(votes);
            plan.sharedWidth = new double[] {w.centreEv(), w.priorSdEv()};
        }
        JavaRDD<BlockOutcome> out = sc.parallelize(plan.grid.indices(), Math.max(1, plan.grid.count()))
                .map(b -> block(plan, shared.value(), b, bytesRead));
        out.persist(StorageLevel.MEMORY_AND_DISK());
        return out;
    }

    /** The resampled series of one block: {@code [energy][z][x + y * width]}. */
    static float[][][] blockSeries(Plan plan, ParticleRegionGrid regions, Box3D box, LongAccumulator bytesRead,
            RowBlocks blocks) {
        ClusterJob job = ClusterJob.parse(plan.jobJson, null);
        Interpolation interp = job.registrationParameters().interpolation();
        float[][][] planes = new float[plan.energies.length][][];
        int[] regionOf = plan.particleTransforms != null ? regions.of(box) : null;
        for (int e = 0; e < plan.energies.length; e++) {
            SeriesVolume v = new SeriesVolume(plan.store, e, bytesRead);
            Volume out;
            if (plan.transforms == null || e == plan.fixed) {
                out = v.read(box);
            } else if (regionOf == null) {
                AffineTransform3D t = AffineTransform3D.of(plan.transforms[e]);
                out = Resampler.resampleBlock(v.window(Resampler.footprint(box, t, interp, v.nx(), v.ny(), v.nz())),
                        box, t, interp, blocks);
            } else {
                // per-particle: each voxel takes its region's transform (as the single-machine resampling does)
                AffineTransform3D[] byRegion = new AffineTransform3D[regions.count() + 1];
                byRegion[0] = AffineTransform3D.of(plan.transforms[e]);
                for (int k = 1; k <= regions.count(); k++) {
                    byRegion[k] = AffineTransform3D.of(plan.particleTransforms[e][k - 1]);
                }
                TreeSet<Integer> used = new TreeSet<>();
                for (int r : regionOf) {
                    used.add(r);
                }
                Box3D footprint = null;
                for (int r : used) {
                    footprint = union(footprint, Resampler.footprint(box, byRegion[r], interp, v.nx(), v.ny(),
                            v.nz()));
                }
                out = Resampler.resampleBlock(v.window(footprint), box, regionOf, byRegion, interp, blocks);
            }
            planes[e] = out.toSlices();
        }
        return planes;
    }

    /** The smallest box holding both (either may be null). */
    static Box3D union(Box3D a, Box3D b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        int x0 = Math.min(a.x0(), b.x0());
        int y0 = Math.min(a.y0(), b.y0());
        int z0 = Math.min(a.z0(), b.z0());
        return new Box3D(x0, y0, z0, Math.max(a.x1(), b.x1()) - x0, Math.max(a.y1(), b.y1()) - y0,
                Math.max(a.z1(), b.z1()) - z0);
    }

    /** The first pass of one block: its voxels' votes for the shared white-line width. */
    static float[] votes(Plan plan, ParticleRegionGrid regions, int b, LongAccumulator bytesRead)
            throws IOException {
        Box3D box = plan.grid.box(b);
        XanesParameters params = ClusterJob.parse(plan.jobJson, null).xanesParameters();
        try (RowBlocks blocks = new RowBlocks(plan.threads)) {
            EnergySeries series = new EnergySeries(box.nx(), box.ny(), box.nz(), plan.energies,
                    blockSeries(plan, regions, box, bytesRead, blocks));
            float[][] widths = new XanesMapper(plan.threads).votingWidthVolume(series, params, null,
                    ProgressListener.NONE, CancellationToken.NEVER);
            if (plan.widthRadius > 0) {
                ZarrArray.open(plan.maps.resolve(WIDTHS).zarr()).writeAligned(new long[] {box.z0(), box.y0(),
                    box.x0()}, new int[] {box.nz(), box.ny(), box.nx()}, flatten(widths));
            }
            return XanesMapper.votes(widths);
        }
    }

    /**
     * The first pass's widths about a block: its box grown by the window radius on every side, clipped at the
     * volume, as {@link WidthField#halo} cuts them from a whole volume.
     */
    static WidthField halo(Plan plan, Box3D box) throws IOException {
        BlockGrid g = plan.grid;
        int[] h = WidthField.haloBox(g.nx, g.ny, g.nz, box.x0(), box.y0(), box.z0(), box.nx(), box.ny(), box.nz(),
                plan.widthRadius);
        int plane = h[3] * h[4];
        float[] flat = ZarrArray.open(plan.maps.resolve(WIDTHS).zarr()).read(new long[] {h[2], h[1], h[0]},
                new int[] {h[5], h[4], h[3]});
        float[][] slices = new float[h[5]][plane];
        for (int z = 0; z < h[5]; z++) {
            System.arraycopy(flat, z * plane, slices[z], 0, plane);
        }
        return WidthField.of(slices, h, box.x0(), box.y0(), box.z0());
    }

    /** Deletes the first stage's widths (after the blocks are mapped and their outcomes persisted). */
    static void deleteScratch(Plan plan) throws IOException {
        if (plan.widthRadius > 0) {
            plan.maps.resolve(WIDTHS).deleteTree();
        }
    }

    static BlockOutcome block(Plan plan, ParticleRegionGrid regions, int b, LongAccumulator bytesRead)
            throws IOException {
        long t0 = System.nanoTime();
        Box3D box = plan.grid.box(b);
        ClusterJob job = ClusterJob.parse(plan.jobJson, null);
        XanesParameters params = job.xanesParameters();
        BlockOutcome o = new BlockOutcome();
        o.block = b;
        try (RowBlocks blocks = new RowBlocks(plan.threads)) {
            float[][][] planes = blockSeries(plan, regions, box, bytesRead, blocks);
            long[] offset = {box.z0(), box.y0(), box.x0()};
            int[] size = {box.nz(), box.ny(), box.nx()};
            if (plan.registered != null) {
                ZarrArray reg = ZarrArray.open(plan.registered.zarr());
                for (int e = 0; e < planes.length; e++) {
                    reg.writeAligned(new long[] {e, box.z0(), box.y0(), box.x0()}, new int[] {1, box.nz(), box.ny(),
                        box.nx()}, flatten(planes[e]));
                }
            }
            EnergySeries series = new EnergySeries(box.nx(), box.ny(), box.nz(), plan.energies, planes);
            XanesMapper.SharedWidth width = plan.sharedWidth == null ? null
                    : new XanesMapper.SharedWidth(plan.sharedWidth[0], plan.sharedWidth[1]);
            WidthField halo = plan.widthRadius > 0 ? halo(plan, box) : null;
            XanesMaps maps = new XanesMapper(plan.threads).mapBlock(series, params, null, width, halo,
                    ProgressListener.NONE, CancellationToken.NEVER);
            for (Map.Entry<String, float[][]> m : maps.namedMaps().entrySet()) {
                ZarrArray.open(plan.maps.resolve(m.getKey()).zarr()).writeAligned(offset, size,
                        flatten(m.getValue()));
            }
            float[] mask = new float[(int) box.voxels()];
            int plane = box.nx() * box.ny();
            for (int z = 0; z < box.nz(); z++) {
                for (int i = 0; i < plane; i++) {
                    mask[z * plane + i] = maps.mask()[z][i];
                }
            }
            ZarrArray.open(plan.maps.resolve(MASK).zarr()).writeAligned(offset, size, mask);
            MaskCountsData c = new MaskCountsData(maps);
            o.counts = c.values;
            o.overview = Overview.of(box, plan.overviewFactor, new ArrayList<>(maps.namedMaps().values()),
                    maps.mask());
            if (plan.particles) {
                Components comps = ConnectedComponents.label(maps.mask(), box.nx(), box.ny(),
                        plan.connectivity == 6 ? Connectivity.SIX : Connectivity.TWENTY_SIX);
                float[][] values = plan.method == null ? null : maps.edgeEnergy(EdgeMethod.valueOf(plan.method));
                ParticleMerge.Part[] parts = ParticleMerge.describe(plan, b, box, comps, values, o);
                // mean spectra of the components that can belong to a particle, merged across blocks with the
                // other partial statistics
                ParticleMerge.addSpectra(parts, new RegionSpectra(plan.threads).ofLabels(series, params,
                        ParticleMerge.keptLabels(comps, parts), comps.count(), ProgressListener.NONE,
                        CancellationToken.NEVER));
                float[] local = new float[(int) box.voxels()];
                for (int z = 0; z < box.nz(); z++) {
                    for (int i = 0; i < plane; i++) {
                        local[z * plane + i] = comps.labels()[z][i];
                    }
                }
                ZarrArray.open(plan.maps.resolve(LOCAL_LABELS).zarr()).writeAligned(offset, size, local);
            }
        }
        o.seconds = (System.nanoTime() - t0) / 1e9;
        return o;
    }

    /**
     * The mask counts of a block as plain numbers: voxels, outside mask, non-finite, below noise, included, with an
     * edge estimate on a window limit.
     */
    static final class MaskCountsData {
        final long[] values;

        MaskCountsData(XanesMaps maps) {
            var c = maps.counts();
            values = new long[] {c.voxels(), c.externalMasked(), c.nonFinite(), c.belowNoise(), c.included(),
                c.atWindowLimit()};
        }
    }

    static float[] flatten(float[][] planes) {
        int plane = planes[0].length;
        float[] out = new float[planes.length * plane];
        for (int z = 0; z < planes.length; z++) {
            System.arraycopy(planes[z], 0, out, z * plane, plane);
        }
        return out;
    }

    /** Connectivity (6 or 26) of the job's particle labelling. */
    static int connectivity(ClusterJob job) {
        String v = ClusterJob.text(job.xanes(), XanesKeys.CONNECTIVITY);
        return v == null ? 26 : Connectivity.parse(v) == Connectivity.SIX ? 6 : 26;
    }
}
