package org.fusionj.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ij.measure.ResultsTable;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.fusionj.core.registration.Box3D;
import org.fusionj.core.segment.Components;
import org.fusionj.core.xanes.EdgeHistogram;
import org.fusionj.core.xanes.RegionSpectrum;
import org.fusionj.core.xanes.XanesStatistics;
import org.fusionj.io.ZarrArray;

import scala.Tuple2;

/**
 * Per-particle statistics across blocks. Each block labels the connected components of its own mapped voxels and
 * returns, per component, its size, the global scan index of its first voxel and mergeable statistics of its edge
 * energies (counts in bins anchored at multiples of the bin width, count, mean and M2 for Chan's pairwise
 * update), and the labels on its faces.
 *
 * <p>Components that continue across a block border are joined through <b>seams</b>: for every axis and every
 * block boundary on it, one Spark task assembles the plane of labels just below the boundary (the upper faces of
 * the blocks below it) and the plane just above it (the lower faces of the blocks above), over the whole volume,
 * and emits a pair of component ids for every pair of foreground voxels that are neighbours across the boundary
 * (the same position for 6-connectivity; the 3 x 3 positions around it for 26). Every pair of neighbouring voxels
 * in different blocks differs by one on at least one axis where a block boundary lies between them, so it is seen
 * by that axis' seam, including neighbours across block edges and corners. The driver joins the pairs by
 * union-find, adds up each particle's parts, drops particles under min_voxels and numbers the rest by their first
 * voxel in scan order (x fastest, then y, then z): the labels, sizes, bin counts, peaks and FWHMs equal the
 * single-machine run's exactly; means and SDs agree to rounding (they are summed in another order).
 *
 * <p>Mean spectra (spectra.csv): each block computes the spectra of the components it keeps (those that can
 * belong to a particle) with {@link org.fusionj.core.xanes.RegionSpectra} (count, excluded voxels, mean and SD per
 * energy); the parts are joined with Chan's pairwise update of count, mean and
 * M2 = SD^2 (n - 1). Voxel and excluded counts are exact; means and SDs agree with the single-machine sums to
 * rounding (relative differences of order 1e-14, tested).
 */
final class ParticleMerge {

    /** One block's part of a component. */
    static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;
        long id;
        long size;
        long first;
        long firstBin;
        long[] counts = new long[0];
        long n;
        double mean;
        double m2;
        /** Mean spectrum: voxels averaged, voxels left out, per energy the mean and M2. */
        long spectrumN;
        long spectrumExcluded;
        double[] spectrumMean;
        double[] spectrumM2;
    }

    /** One face of a block, on one side of a seam. */
    static final class Face implements Serializable {
        private static final long serialVersionUID = 1L;
        /** 0 = x, 1 = y, 2 = z: the axis across the seam. */
        int axis;
        /** The boundary's coordinate on that axis (first voxel above it). */
        int at;
        /** true: the face lies above the boundary (the block's lower face). */
        boolean above;
        int block;
        /** Face origin and size in the seam plane's (u, v) coordinates. */
        int u0;
        int v0;
        int nu;
        int nv;
        int[] labels;
    }

    private ParticleMerge() {
    }

    static long id(int block, int label) {
        return ((long) block << 32) | label;
    }

    /** Fills the block's parts (components that are large enough or touch a neighbour) and faces. */
    /**
     * @return per local label its part, null for a component that cannot belong to a particle (under min_voxels
     *         and touching no neighbouring block)
     */
    static Part[] describe(XanesStage.Plan plan, int block, Box3D box, Components comps, float[][] values,
            XanesStage.BlockOutcome o) {
        BlockGrid g = plan.grid;
        int nx = box.nx();
        int ny = box.ny();
        int nz = box.nz();
        int count = comps.count();
        long[] first = new long[count + 1];
        java.util.Arrays.fill(first, -1);
        long[] lo = new long[count + 1];
        long[] hi = new long[count + 1];
        java.util.Arrays.fill(lo, Long.MAX_VALUE);
        java.util.Arrays.fill(hi, Long.MIN_VALUE);
        boolean[] touches = new boolean[count + 1];
        boolean[] open = {box.x0() > 0, box.x1() < g.nx, box.y0() > 0, box.y1() < g.ny, box.z0() > 0,
            box.z1() < g.nz};
        for (int z = 0; z < nz; z++) {
            int[] lab = comps.labels()[z];
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int l = lab[x + nx * y];
                    if (l == 0) {
                        continue;
                    }
                    if (first[l] < 0) {
                        first[l] = (long) (box.x0() + x) + (long) g.nx * ((box.y0() + y) + (long) g.ny * (box.z0() + z));
                    }
                    touches[l] |= (x == 0 && open[0]) || (x == nx - 1 && open[1]) || (y == 0 && open[2])
                            || (y == ny - 1 && open[3]) || (z == 0 && open[4]) || (z == nz - 1 && open[5]);
                    if (values != null) {
                        float v = values[z][x + nx * y];
                        if (Float.isFinite(v)) {
                            long bin = XanesStatistics.binOf(v, plan.binWidth);
                            lo[l] = Math.min(lo[l], bin);
                            hi[l] = Math.max(hi[l], bin);
                        }
                    }
                }
            }
        }
        Part[] parts = new Part[count + 1];
        for (int l = 1; l <= count; l++) {
            if (comps.size(l) < plan.minVoxels && !touches[l]) {
                continue;
            }
            Part p = new Part();
            p.id = id(block, l);
            p.size = comps.size(l);
            p.first = first[l];
            if (lo[l] <= hi[l]) {
                p.firstBin = lo[l];
                p.counts = new long[(int) (hi[l] - lo[l] + 1)];
            }

            parts[l] = p;
            o.parts.add(p);
        }
        if (values != null) {
            // second pass, scan order: bins and Welford's running mean and M2
            for (int z = 0; z < nz; z++) {
                int[] lab = comps.labels()[z];
                float[] vz = values[z];
                for (int i = 0; i < lab.length; i++) {
                    Part p = lab[i] == 0 ? null : parts[lab[i]];
                    if (p == null || !Float.isFinite(vz[i])) {
                        continue;
                    }
                    double v = vz[i];
                    p.counts[(int) (XanesStatistics.binOf(v, plan.binWidth) - p.firstBin)]++;
                    p.n++;
                    double d = v - p.mean;
                    p.mean += d / p.n;
                    p.m2 += d * (v - p.mean);
                }
            }
        }
        // faces toward neighbouring blocks
        for (int axis = 0; axis < 3; axis++) {
            for (int side = 0; side < 2; side++) {
                if (!open[2 * axis + side]) {
                    continue;
                }
                Face f = new Face();
                f.axis = axis;
                f.block = block;
                f.above = side == 0;
                int[] o0 = {box.x0(), box.y0(), box.z0()};
                int[] n = {nx, ny, nz};
                f.at = side == 0 ? o0[axis] : o0[axis] + n[axis];
                int local = side == 0 ? 0 : n[axis] - 1;
                int ua = axis == 0 ? 1 : 0;
                int va = axis == 2 ? 1 : 2;
                f.u0 = o0[ua];
                f.v0 = o0[va];
                f.nu = n[ua];
                f.nv = n[va];
                f.labels = new int[f.nu * f.nv];
                for (int v = 0; v < f.nv; v++) {
                    for (int u = 0; u < f.nu; u++) {
                        int[] c = new int[3];
                        c[axis] = local;
                        c[ua] = u;
                        c[va] = v;
                        f.labels[u + f.nu * v] = comps.labels()[c[2]][c[0] + nx * c[1]];
                    }
                }
                o.faces.add(f);
            }
        }
        return parts;
    }

    /**
     * The components' labels with those that cannot belong to a particle set to 0: the voxels whose spectra the
     * block averages (as the single-machine command averages only its particles' voxels).
     */
    static int[][] keptLabels(Components comps, Part[] parts) {
        int[][] out = new int[comps.labels().length][];
        for (int z = 0; z < out.length; z++) {
            int[] lab = comps.labels()[z];
            int[] k = new int[lab.length];
            for (int i = 0; i < lab.length; i++) {
                k[i] = lab[i] != 0 && parts[lab[i]] != null ? lab[i] : 0;
            }
            out[z] = k;
        }
        return out;
    }

    /** Stores each kept part's mean spectrum (count, excluded, mean and M2 per energy). */
    static void addSpectra(Part[] parts, List<RegionSpectrum> spectra) {
        for (int l = 1; l < parts.length; l++) {
            Part p = parts[l];
            if (p == null) {
                continue;
            }
            RegionSpectrum sp = spectra.get(l - 1);
            p.spectrumN = sp.voxels();
            p.spectrumExcluded = sp.excluded();
            p.spectrumMean = sp.mean().clone();
            p.spectrumM2 = new double[sp.sd().length];
            for (int e = 0; e < p.spectrumM2.length; e++) {
                p.spectrumM2[e] = sp.voxels() < 2 ? 0 : sp.sd()[e] * sp.sd()[e] * (sp.voxels() - 1);
            }
        }
    }

    /** The pairs of component ids joined across one seam. */
    static List<long[]> seamPairs(Iterable<Face> faces, BlockGrid g, int connectivity) {
        int axis = -1;
        List<Face> list = new ArrayList<>();
        for (Face f : faces) {
            list.add(f);
            axis = f.axis;
        }
        int nu = axis == 0 ? g.ny : g.nx;
        int nv = axis == 2 ? g.ny : g.nz;
        long[] below = new long[nu * nv];
        long[] above = new long[nu * nv];
        for (Face f : list) {
            long[] plane = f.above ? above : below;
            for (int v = 0; v < f.nv; v++) {
                for (int u = 0; u < f.nu; u++) {
                    int l = f.labels[u + f.nu * v];
                    if (l != 0) {
                        plane[f.u0 + u + nu * (f.v0 + v)] = id(f.block, l);
                    }
                }
            }
        }
        int reach = connectivity == 26 ? 1 : 0;
        Set<Tuple2<Long, Long>> pairs = new HashSet<>();
        for (int v = 0; v < nv; v++) {
            for (int u = 0; u < nu; u++) {
                long a = below[u + nu * v];
                if (a == 0) {
                    continue;
                }
                for (int dv = -reach; dv <= reach; dv++) {
                    for (int du = -reach; du <= reach; du++) {
                        int uu = u + du;
                        int vv = v + dv;
                        if (uu < 0 || vv < 0 || uu >= nu || vv >= nv) {
                            continue;
                        }
                        long b = above[uu + nu * vv];
                        if (b != 0) {
                            pairs.add(new Tuple2<>(a, b));
                        }
                    }
                }
            }
        }
        List<long[]> out = new ArrayList<>(pairs.size());
        for (Tuple2<Long, Long> p : pairs) {
            out.add(new long[] {p._1(), p._2()});
        }
        return out;
    }

    /** A merged particle. */
    record Particle(int label, long size, EdgeHistogram histogram, RegionSpectrum spectrum) {
    }

    /** Joins the parts and writes the particle label volume; returns the particles in label order. */
    static List<Particle> merge(JavaSparkContext sc, XanesStage.Plan plan, JavaRDD<XanesStage.BlockOutcome> blocks)
            throws IOException {
        int energies = plan.energies.length;
        BlockGrid g = plan.grid;
        int conn = plan.connectivity;
        List<long[]> pairs = blocks.flatMapToPair(o -> {
            List<Tuple2<String, Face>> out = new ArrayList<>();
            for (Face f : o.faces) {
                out.add(new Tuple2<>(f.axis + ":" + f.at, f));
            }
            return out.iterator();
        }).groupByKey().flatMap(seam -> seamPairs(seam._2(), g, conn).iterator()).collect();
        List<Part> parts = blocks.flatMap(o -> o.parts.iterator()).collect();
        Map<Long, Long> parent = new HashMap<>();
        for (Part p : parts) {
            parent.put(p.id, p.id);
        }
        for (long[] pair : pairs) {
            long a = find(parent, pair[0]);
            long b = find(parent, pair[1]);
            if (a != b) {
                parent.put(Math.max(a, b), Math.min(a, b));
            }
        }
        Map<Long, List<Part>> byRoot = new HashMap<>();
        for (Part p : parts) {
            byRoot.computeIfAbsent(find(parent, p.id), k -> new ArrayList<>()).add(p);
        }
        List<List<Part>> particles = new ArrayList<>();
        for (List<Part> ps : byRoot.values()) {
            long size = 0;
            for (Part p : ps) {
                size += p.size;
            }
            if (size >= plan.minVoxels) {
                ps.sort(Comparator.comparingLong(p -> p.first));
                particles.add(ps);
            }
        }
        particles.sort(Comparator.comparingLong(ps -> ps.get(0).first));
        Map<Long, Integer> finalLabel = new HashMap<>();
        List<Particle> out = new ArrayList<>();
        for (int k = 0; k < particles.size(); k++) {
            List<Part> ps = particles.get(k);
            long size = 0;
            long firstBin = Long.MAX_VALUE;
            long lastBin = Long.MIN_VALUE;
            for (Part p : ps) {
                finalLabel.put(p.id, k + 1);
                size += p.size;
                if (p.counts.length > 0) {
                    firstBin = Math.min(firstBin, p.firstBin);
                    lastBin = Math.max(lastBin, p.firstBin + p.counts.length - 1);
                }
            }
            long n = 0;
            double mean = 0;
            double m2 = 0;
            long[] counts = firstBin > lastBin ? new long[0] : new long[(int) (lastBin - firstBin + 1)];
            for (Part p : ps) {
                for (int b = 0; b < p.counts.length; b++) {
                    counts[(int) (p.firstBin - firstBin) + b] += p.counts[b];
                }
                if (p.n > 0) {
                    long total = n + p.n;
                    double delta = p.mean - mean;
                    mean += delta * p.n / total;
                    m2 += p.m2 + delta * delta * n * p.n / total;
                    n = total;
                }
            }
            EdgeHistogram h = plan.method == null ? null : XanesStatistics.fromCounts(k + 1, plan.binWidth,
                    firstBin > lastBin ? 0 : firstBin, counts, n == 0 ? Double.NaN : mean,
                    n < 2 ? Double.NaN : Math.sqrt(m2 / (n - 1)));
            out.add(new Particle(k + 1, size, h, spectrum(k + 1, ps, plan.energies, energies)));
        }
        relabel(sc, plan, finalLabel);
        return out;
    }

    /** The mean spectrum of a particle's parts (Chan's pairwise update per energy). */
    static RegionSpectrum spectrum(int label, List<Part> ps, double[] energyValues, int energies) {
        long n = 0;
        long excluded = 0;
        double[] mean = new double[energies];
        double[] m2 = new double[energies];
        for (Part p : ps) {
            excluded += p.spectrumExcluded;
            if (p.spectrumN == 0) {
                continue;
            }
            long total = n + p.spectrumN;
            for (int e = 0; e < energies; e++) {
                double delta = p.spectrumMean[e] - mean[e];
                mean[e] += delta * p.spectrumN / total;
                m2[e] += p.spectrumM2[e] + delta * delta * n * p.spectrumN / total;
            }
            n = total;
        }
        double[] sd = new double[energies];
        for (int e = 0; e < energies; e++) {
            if (n == 0) {
                mean[e] = Double.NaN;
            }
            sd[e] = n < 2 ? Double.NaN : Math.sqrt(Math.max(0, m2[e]) / (n - 1));
        }
        return new RegionSpectrum(label, n, excluded, energyValues.clone(), mean, sd);
    }

    private static long find(Map<Long, Long> parent, long a) {
        long r = a;
        while (parent.get(r) != r) {
            r = parent.get(r);
        }
        long x = a;
        while (x != r) {
            long next = parent.get(x);
            parent.put(x, r);
            x = next;
        }
        return r;
    }

    /** Second pass over the blocks: local labels -> particle labels, written to the particles array. */
    private static void relabel(JavaSparkContext sc, XanesStage.Plan plan, Map<Long, Integer> finalLabel)
            throws IOException {
        Broadcast<HashMap<Long, Integer>> labels = sc.broadcast(new HashMap<>(finalLabel));
        sc.parallelize(plan.grid.indices(), Math.max(1, plan.grid.count())).foreach(b -> {
            Box3D box = plan.grid.box(b);
            long[] offset = {box.z0(), box.y0(), box.x0()};
            int[] size = {box.nz(), box.ny(), box.nx()};
            float[] local = ZarrArray.open(plan.maps.resolve(XanesStage.LOCAL_LABELS).zarr()).read(offset, size);
            Map<Long, Integer> m = labels.value();
            float[] out = new float[local.length];
            for (int i = 0; i < local.length; i++) {
                int l = (int) local[i];
                if (l != 0) {
                    Integer f = m.get(id(b, l));
                    out[i] = f == null ? 0 : f;
                }
            }
            ZarrArray.open(plan.maps.resolve(XanesStage.PARTICLES).zarr()).writeAligned(offset, size, out);
        });
        labels.destroy();
        plan.maps.resolve(XanesStage.LOCAL_LABELS).deleteTree();
    }

    /** The particle table, with the columns and format of XANES Edge Map's particles.csv. */
    static ResultsTable table(List<Particle> particles) {
        ResultsTable rt = new ResultsTable();
        for (Particle p : particles) {
            EdgeHistogram h = p.histogram();
            rt.incrementCounter();
            rt.addValue("particle", p.label());
            rt.addValue("voxels", p.size());
            rt.addValue("mapped_voxels", h == null ? Double.NaN : h.voxels());
            rt.addValue("peak_eV", h == null ? Double.NaN : h.peakEv());
            rt.addValue("mean_eV", h == null ? Double.NaN : h.meanEv());
            rt.addValue("sd_eV", h == null ? Double.NaN : h.sdEv());
            rt.addValue("fwhm_eV", h == null ? Double.NaN : h.fwhmEv());
        }
        return rt;
    }
}
