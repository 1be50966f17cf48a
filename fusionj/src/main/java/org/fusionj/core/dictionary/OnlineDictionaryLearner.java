package org.fusionj.core.dictionary;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;

/**
 * Online dictionary learning (Mairal, Bach, Ponce and Sapiro, JMLR 2010) on mini-batches of STEM patches.
 *
 * <p>Each step codes a mini-batch with LARS-Lasso on the current atoms, folds the codes into the sufficient
 * statistics {@code A <- beta A + U^T U / b} and {@code B <- beta B + X^T U / b} (beta forgets the early,
 * poorly-coded batches, with scikit-learn's schedule), then makes one block-coordinate sweep over the atoms,
 * {@code d_k += (B_k - D^T A_k) / A_kk}, each projected onto the unit ball. An atom no batch has used
 * ({@code A_kk < 1e-6}) is replaced by a random patch of the batch plus 1 % noise. Atoms start as random training
 * patches. Every random choice comes from one generator seeded by the user, and the batch codes are summed in
 * patch order, so a seed and a step count give the same dictionary on any number of threads.
 *
 * <p>Coupled mode learns the same way on stacked [HR; LR] vectors whose LR half is simulated from the STEM image
 * (Gaussian PSF, then Gaussian noise of the TXM's level); the result is split into D_H and D_L and both halves are
 * divided by the norm of D_L, so that TXM patches are coded on unit-norm LR atoms and rebuilt with the HR atoms.
 */
public final class OnlineDictionaryLearner {

    /** Atoms whose A_kk stays below this are treated as unused (scikit-learn's and SPAMS's threshold). */
    static final double UNUSED = 1e-6;

    private OnlineDictionaryLearner() {
    }

    /**
     * @param stem the STEM images to learn from (slices of a stack or separate images of one size)
     * @param txm  the TXM image, needed only to estimate the PSF or the noise in coupled mode; may be null
     * @throws InvalidInputException for images or parameters the learner cannot use
     */
    public static LearnResult learn(List<ImagePlane> stem, ImagePlane txm, LearnParameters params, int threads,
            ProgressListener progress, CancellationToken cancel) {
        List<String> warnings = new ArrayList<>();
        checkImages(stem, params.patchSize());
        boolean coupled = params.mode() == DictionaryMode.COUPLED;
        if (params.mode() == DictionaryMode.PLAIN && params.undercomplete()) {
            warnings.add(params.atoms() + " atoms is fewer than the " + params.patchSize() * params.patchSize()
                    + " pixels of a patch: the dictionary is not over-complete and will smooth more than it denoises");
        }
        double noise = Double.NaN;
        double psf = Double.NaN;
        SplittableRandom random = new SplittableRandom(params.seed());
        List<double[]> simulated = null;
        if (coupled) {
            if ((Double.isNaN(params.noiseSigma()) || Double.isNaN(params.psfSigma())) && txm == null) {
                throw new InvalidInputException("coupled mode needs the TXM image to estimate the "
                        + (Double.isNaN(params.noiseSigma()) ? "noise" : "PSF") + ", or give psf_sigma and noise");
            }
            if (txm != null) {
                txm.requireFinite();
            }
            noise = Double.isNaN(params.noiseSigma()) ? NoiseEstimator.sigma(txm) : params.noiseSigma();
            psf = Double.isNaN(params.psfSigma()) ? PsfEstimator.sigma(stem, txm, noise) : params.psfSigma();
            progress.progress(0, String.format("simulating TXM patches (PSF sigma %.3g px, noise %.3g)", psf, noise));
            simulated = new ArrayList<>();
            for (ImagePlane p : stem) {
                double[] lr = GaussianBlur.blur(PsfEstimator.toDouble(p), p.width(), p.height(), psf);
                for (int i = 0; i < lr.length; i++) {
                    lr[i] += noise * random.nextGaussian();
                }
                simulated.add(lr);
            }
        }
        cancel.throwIfCancelled();
        TrainingSet set = TrainingSet.sample(stem, simulated, params.patchSize(), params.trainingPatches(), random);
        Learner learner = new Learner(set, params, random);
        try (RowBlocks pool = new RowBlocks(threads)) {
            for (int step = 0; step < params.steps(); step++) {
                cancel.throwIfCancelled();
                learner.step(step, pool);
                progress.progress((step + 1.0) / params.steps(), "step " + (step + 1) + " of " + params.steps());
            }
        }
        DictionaryInfo info = new DictionaryInfo(params.mode(), psf, noise, params.seed(), params.alpha(),
                params.steps(), params.batchSize(), 0, Double.NaN, "");
        double[] atoms = learner.flatAtoms();
        Dictionary dictionary = coupled ? split(atoms, params, set.scale, info)
                : Dictionary.plain(params.patchSize(), params.atoms(), atoms, set.scale, info);
        return new LearnResult(dictionary, warnings, learner.replacements);
    }

    /** Refuses an empty list, images of different sizes, NaN pixels and images smaller than a patch. */
    static void checkImages(List<ImagePlane> images, int patchSize) {
        if (images == null || images.isEmpty()) {
            throw new InvalidInputException("no STEM image to learn from");
        }
        ImagePlane first = images.get(0);
        for (ImagePlane p : images) {
            if (!p.sameSizeAs(first)) {
                throw new InvalidInputException("the STEM images mix sizes: " + first.name() + " is "
                        + first.sizeText() + ", " + p.name() + " is " + p.sizeText());
            }
            p.requireFinite();
        }
        if (patchSize > first.width() || patchSize > first.height()) {
            throw new InvalidInputException("patch size " + patchSize + " is larger than the image " + first.name()
                    + " (" + first.sizeText() + ")");
        }
    }

    private static Dictionary split(double[] stacked, LearnParameters params, double scale, DictionaryInfo info) {
        int len = params.patchSize() * params.patchSize();
        int k = params.atoms();
        double[] high = new double[k * len];
        double[] low = new double[k * len];
        for (int a = 0; a < k; a++) {
            double norm = 0;
            for (int i = 0; i < len; i++) {
                double v = stacked[a * 2 * len + len + i];
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                continue; // an atom without LR part can never be chosen: leave it zero
            }
            for (int i = 0; i < len; i++) {
                high[a * len + i] = stacked[a * 2 * len + i] / norm;
                low[a * len + i] = stacked[a * 2 * len + len + i] / norm;
            }
        }
        return new Dictionary(params.patchSize(), k, low, high, scale, info);
    }

    /** The state of one learning run. Atoms, B and patches are kept one array per row (vectorised loops). */
    private static final class Learner {
        final TrainingSet set;
        final LearnParameters params;
        final SplittableRandom random;
        final int k;
        final int len;
        final double[][] atoms;
        final double[][] a;
        final double[][] b;
        final int[] order;
        final int[][] codeAtoms;
        final double[][] codeValues;
        int replacements;

        Learner(TrainingSet set, LearnParameters params, SplittableRandom random) {
            this.set = set;
            this.params = params;
            this.random = random;
            k = params.atoms();
            len = set.length;
            atoms = new double[k][];
            a = new double[k][k];
            b = new double[k][len];
            order = shuffled(set.count);
            int[] init = shuffled(set.count);
            for (int j = 0; j < k; j++) {
                atoms[j] = set.data[init[j]].clone();
                double norm = norm(atoms[j]);
                if (norm == 0) {
                    for (int i = 0; i < len; i++) {
                        atoms[j][i] = random.nextGaussian();
                    }
                    norm = norm(atoms[j]);
                }
                scale(atoms[j], 1 / norm);
            }
            codeAtoms = new int[params.batchSize()][];
            codeValues = new double[params.batchSize()][];
        }

        /** The atoms as one row-major k x length array. */
        double[] flatAtoms() {
            double[] flat = new double[k * len];
            for (int j = 0; j < k; j++) {
                System.arraycopy(atoms[j], 0, flat, j * len, len);
            }
            return flat;
        }

        private int[] shuffled(int n) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        }

        void step(int step, RowBlocks pool) {
            int perEpoch = (set.count + params.batchSize() - 1) / params.batchSize();
            int start = (step % perEpoch) * params.batchSize();
            int size = Math.min(set.count, start + params.batchSize()) - start;
            codeBatch(start, size, pool);
            accumulate(step, start, size);
            sweep(start, size);
        }

        private void codeBatch(int start, int size, RowBlocks pool) {
            GramMatrix gram = GramMatrix.of(flatAtoms(), k, len);
            CoderSettings settings = CoderSettings.lasso(params.alpha());
            double[][] transposed = new double[len][k];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < len; i++) {
                    transposed[i][j] = atoms[j][i];
                }
            }
            pool.forEach(size, (from, to) -> {
                SparseCoder coder = settings.newCoder(gram, len, 1);
                SparseCode code = new SparseCode(coder.maxAtoms());
                double[] corr = new double[k];
                for (int n = from; n < to; n++) {
                    double[] x = set.data[order[start + n]];
                    double sq = 0;
                    for (int i = 0; i < len; i++) {
                        sq += x[i] * x[i];
                    }
                    java.util.Arrays.fill(corr, 0);
                    for (int i = 0; i < len; i++) {
                        double v = x[i];
                        double[] row = transposed[i];
                        for (int j = 0; j < k; j++) {
                            corr[j] += row[j] * v;
                        }
                    }
                    coder.code(corr, sq, code);
                    int[] idx = new int[code.count()];
                    double[] val = new double[code.count()];
                    for (int i = 0; i < idx.length; i++) {
                        idx[i] = code.atom(i);
                        val[i] = code.value(i);
                    }
                    codeAtoms[n] = idx;
                    codeValues[n] = val;
                }
            });
        }

        /** A and B with scikit-learn's forgetting schedule: early batches fade as more data is seen. */
        private void accumulate(int step, int start, int size) {
            double theta = step < size - 1 ? (step + 1.0) * size : (double) size * size + step + 1 - size;
            double beta = (theta + 1 - size) / (theta + 1);
            for (int j = 0; j < k; j++) {
                scale(a[j], beta);
                scale(b[j], beta);
            }
            double inv = 1.0 / size;
            for (int n = 0; n < size; n++) {
                int[] idx = codeAtoms[n];
                double[] val = codeValues[n];
                double[] x = set.data[order[start + n]];
                for (int p = 0; p < idx.length; p++) {
                    double u = val[p] * inv;
                    double[] aRow = a[idx[p]];
                    for (int q = 0; q < idx.length; q++) {
                        aRow[idx[q]] += u * val[q];
                    }
                    double[] bRow = b[idx[p]];
                    for (int i = 0; i < len; i++) {
                        bRow[i] += u * x[i];
                    }
                }
            }
        }

        /** One block-coordinate pass over the atoms, each projected onto the unit ball. */
        private void sweep(int start, int size) {
            double[] da = new double[len];
            for (int j = 0; j < k; j++) {
                double[] d = atoms[j];
                double ajj = a[j][j];
                if (ajj > UNUSED) {
                    java.util.Arrays.fill(da, 0);
                    for (int m = 0; m < k; m++) {
                        double am = a[m][j];
                        if (am != 0) {
                            double[] dm = atoms[m];
                            for (int i = 0; i < len; i++) {
                                da[i] += am * dm[i];
                            }
                        }
                    }
                    double[] bj = b[j];
                    for (int i = 0; i < len; i++) {
                        d[i] += (bj[i] - da[i]) / ajj;
                    }
                } else {
                    replace(d, start, size);
                }
                double norm = norm(d);
                if (norm > 1) {
                    scale(d, 1 / norm);
                }
            }
        }

        private void replace(double[] d, int start, int size) {
            double[] src = set.data[order[start + random.nextInt(size)]];
            double mean = 0;
            for (int i = 0; i < len; i++) {
                mean += src[i];
            }
            mean /= len;
            double var = 0;
            for (int i = 0; i < len; i++) {
                double dev = src[i] - mean;
                var += dev * dev;
            }
            double std = Math.sqrt(var / len);
            double noise = 0.01 * (std > 0 ? std : 1);
            for (int i = 0; i < len; i++) {
                d[i] = src[i] + noise * random.nextGaussian();
            }
            replacements++;
        }

        private static double norm(double[] v) {
            double s = 0;
            for (double x : v) {
                s += x * x;
            }
            return Math.sqrt(s);
        }

        private static void scale(double[] v, double f) {
            for (int i = 0; i < v.length; i++) {
                v[i] *= f;
            }
        }
    }
}
