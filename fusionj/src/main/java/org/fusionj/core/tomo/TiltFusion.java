package org.fusionj.core.tomo;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.fusion.ElementMap;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.core.fusion.FusionSolver;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;

/**
 * The first half of {@link TomoMethod#FUSE_TILTS_FIRST}: every chemical tilt fused in 2-D ({@link FusionSolver})
 * with the HAADF projection at the same angle, as a published follow-up of the fused tomography does before its 3-D
 * reconstruction. At a tilt where only some elements were mapped, those are fused together. The 2-D solver scales
 * each map to [0, 1] by its own minimum and maximum; the fused maps are scaled back by the same numbers, so that
 * every tilt keeps the units of its measured map and the series can be reconstructed. A map that is constant at
 * some tilt (nothing detected) is kept as it is.
 */
final class TiltFusion {

    private final TomoFusionProblem problem;
    private final FusionParameters params2d;
    private final int threads;

    TiltFusion(TomoFusionProblem problem, TomoFusionParameters params, int threads) {
        this.problem = problem;
        this.params2d = params.effectiveTiltFusion();
        this.threads = threads;
    }

    /** Per element, its tilt series with every image replaced by its 2-D fused map (negatives read as 0). */
    List<float[]> run(ProgressListener progress, CancellationToken cancel) {
        TiltSeries haadf = problem.haadf();
        int w = haadf.width();
        int h = haadf.height();
        int image = w * h;
        List<ElementTiltSeries> elements = problem.elements();
        List<float[]> out = TomoFusionSolver.chemicalCopies(problem);
        // HAADF image index -> (element, image of that element) pairs.
        TreeMap<Integer, List<int[]>> byTilt = new TreeMap<>();
        for (int e = 0; e < elements.size(); e++) {
            TiltSeries s = elements.get(e).series();
            int[] idx = TiltAngles.requireSubset(s.angles(), s.name(), haadf.angles(), "HAADF tilt angles",
                    "fusing each tilt first needs a HAADF projection at every chemical tilt");
            for (int a = 0; a < idx.length; a++) {
                byTilt.computeIfAbsent(idx[a], key -> new ArrayList<>()).add(new int[] {e, a});
            }
        }
        FusionSolver solver = new FusionSolver(threads);
        int done = 0;
        for (var entry : byTilt.entrySet()) {
            cancel.throwIfCancelled();
            int hi = entry.getKey();
            float[] hImage = new float[image];
            System.arraycopy(haadf.pixels(), hi * image, hImage, 0, image);
            ImagePlane hPlane = new ImagePlane(haadf.name() + " at " + TiltAngles.format(haadf.angles()[hi]), w, h,
                    hImage);
            List<ElementMap> maps = new ArrayList<>();
            List<int[]> used = new ArrayList<>();
            for (int[] ea : entry.getValue()) {
                float[] px = new float[image];
                System.arraycopy(out.get(ea[0]), ea[1] * image, px, 0, image);
                if (isConstant(px)) {
                    continue;
                }
                ElementTiltSeries el = elements.get(ea[0]);
                maps.add(new ElementMap(el.symbol(), el.atomicNumber(), new ImagePlane(el.series().name(), w, h,
                        px)));
                used.add(ea);
            }
            if (!maps.isEmpty() && !isConstant(hImage)) {
                FusionResult r = solver.solve(new FusionProblem(hPlane, maps), params2d, ProgressListener.NONE,
                        cancel);
                for (int m = 0; m < used.size(); m++) {
                    float[] raw = maps.get(m).image().pixels();
                    float min = Float.POSITIVE_INFINITY;
                    float max = Float.NEGATIVE_INFINITY;
                    for (float v : raw) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                    float[] fused = r.fusedMaps().get(m);
                    float[] dst = out.get(used.get(m)[0]);
                    int base = used.get(m)[1] * image;
                    for (int i = 0; i < image; i++) {
                        dst[base + i] = fused[i] * (max - min) + min;
                    }
                }
            }
            done++;
            progress.progress((double) done / byTilt.size(), "2-D fusion of tilt " + done + " of " + byTilt.size());
        }
        return out;
    }

    private static boolean isConstant(float[] px) {
        for (float v : px) {
            if (v != px[0]) {
                return false;
            }
        }
        return true;
    }
}
