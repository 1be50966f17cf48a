package org.fusionj.core.dictionary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.io.NdArray;
import org.fusionj.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Codes and enhanced images against the scikit-learn reference (same dictionary, same patches). */
class ReferenceParityTest {

    private static Dictionary dictionary;
    private static ImagePlane txm;

    @BeforeAll
    static void load() throws IOException {
        dictionary = DictionaryReference.plainDictionary();
        txm = DictionaryReference.image("txm_degraded.npy");
    }

    @Test
    void lassoCodesOfTheFirstThousandPatchesMatch() throws IOException {
        double worst = maxCodeDifference(CoderSettings.lasso(1), "codes_lasso_alpha1_first1000.npy");
        System.out.printf("lasso alpha 1, first 1000 patches: max |code - reference| = %.3g%n", worst);
        assertTrue(worst <= 1e-6, "lasso codes differ by " + worst);
    }

    @Test
    void ompCodesOfTheFirstThousandPatchesMatch() throws IOException {
        double worst = maxCodeDifference(CoderSettings.omp(2), "codes_omp2_first1000.npy");
        System.out.printf("OMP 2 atoms, first 1000 patches: max |code - reference| = %.3g%n", worst);
        assertTrue(worst <= 1e-6, "OMP codes differ by " + worst);
    }

    @Test
    void wholeImageEnhancedWithOmpMatchesAndIsThreadIndependent() throws IOException {
        PatchEnhancer enhancer = new PatchEnhancer(dictionary, EnhanceParameters.of(CoderSettings.omp(2)));
        float[] two = enhancer.enhance(txm, 2, ProgressListener.NONE, CancellationToken.NEVER);
        double diff = TestData.maxAbsDiff(DictionaryReference.array("enhanced_omp2.npy"), two);
        System.out.printf("OMP-2 enhanced 512^2: max |pixel - reference| = %.3g%n", diff);
        assertTrue(diff <= 1e-4, "enhanced image differs by " + diff);
        float[] one = enhancer.enhance(txm, 1, ProgressListener.NONE, CancellationToken.NEVER);
        assertArrayEquals(one, two, "result depends on the thread count");
    }

    @Test
    void wholeImageEnhancedWithLassoMatches() throws IOException {
        PatchEnhancer enhancer = new PatchEnhancer(dictionary, EnhanceParameters.of(CoderSettings.lasso(1)));
        float[] out = enhancer.enhance(txm, 2, ProgressListener.NONE, CancellationToken.NEVER);
        double diff = TestData.maxAbsDiff(DictionaryReference.array("enhanced_lasso_alpha1.npy"), out);
        System.out.printf("lasso alpha 1 enhanced 512^2: max |pixel - reference| = %.3g%n", diff);
        assertTrue(diff <= 1e-4, "enhanced image differs by " + diff);
    }

    private double maxCodeDifference(CoderSettings coder, String referenceFile) throws IOException {
        NdArray reference = DictionaryReference.array(referenceFile);
        int k = dictionary.atomCount();
        assertEquals(k, reference.cols());
        PatchEnhancer enhancer = new PatchEnhancer(dictionary, EnhanceParameters.of(coder));
        SparseCode code = new SparseCode(64);
        double[] dense = new double[k];
        int corners = txm.width() - 8 + 1;
        double worst = 0;
        for (int n = 0; n < reference.rows(); n++) {
            enhancer.codePatch(txm, n % corners, n / corners, code);
            code.toDense(dense);
            for (int j = 0; j < k; j++) {
                worst = Math.max(worst, Math.abs(dense[j] - reference.data()[n * k + j]));
            }
        }
        return worst;
    }
}
