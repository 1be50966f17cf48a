package org.fusionj.core.dictionary;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our own learning on stem_train, then enhancing txm_degraded: PSNR/SSIM against txm_gt. */
class LearningQualityTest {

    private static ImagePlane stem;
    private static ImagePlane txm;
    private static ImagePlane truth;

    @BeforeAll
    static void load() throws IOException {
        stem = DictionaryReference.image("stem_train.npy");
        txm = DictionaryReference.image("txm_degraded.npy");
        truth = DictionaryReference.image("txm_gt.npy");
    }

    @Test
    void plainDictionaryDenoises() {
        LearnResult learnt = OnlineDictionaryLearner.learn(List.of(stem), null, LearnParameters.defaults(), 2,
                ProgressListener.NONE, CancellationToken.NEVER);
        double psnr = report("plain, lasso alpha 1", learnt.dictionary(), CoderSettings.lasso(1));
        report("plain, OMP 2", learnt.dictionary(), CoderSettings.omp(2));
        assertTrue(psnr >= 23.2, "plain mode PSNR " + psnr + " dB < 23.2");
    }

    @Test
    void coupledDictionaryRestoresResolution() {
        LearnParameters params = LearnParameters.builder().mode(DictionaryMode.COUPLED).psfSigma(2).build();
        LearnResult learnt = OnlineDictionaryLearner.learn(List.of(stem), txm, params, 2, ProgressListener.NONE,
                CancellationToken.NEVER);
        double psnr = report("coupled, OMP 2", learnt.dictionary(), CoderSettings.omp(2));
        report("coupled, lasso alpha 1", learnt.dictionary(), CoderSettings.lasso(1));
        assertTrue(psnr >= 24.8, "coupled mode PSNR " + psnr + " dB < 24.8");
    }

    @Test
    void coupledDictionaryWithEstimatedPsfAndNoise() {
        LearnParameters params = LearnParameters.builder().mode(DictionaryMode.COUPLED).build();
        LearnResult learnt = OnlineDictionaryLearner.learn(List.of(stem), txm, params, 2, ProgressListener.NONE,
                CancellationToken.NEVER);
        double psnr = report("coupled (PSF and noise estimated), OMP 2", learnt.dictionary(), CoderSettings.omp(2));
        assertTrue(psnr >= 24.8, "coupled mode with estimated PSF: PSNR " + psnr + " dB < 24.8");
    }

    private static double report(String what, Dictionary d, CoderSettings coder) {
        float[] out = new PatchEnhancer(d, EnhanceParameters.of(coder)).enhance(txm, 2, ProgressListener.NONE,
                CancellationToken.NEVER);
        double psnr = ImageQuality.psnr(truth.pixels(), out, 1);
        double ssim = ImageQuality.ssim(truth.pixels(), out, 512, 512, 1);
        System.out.printf("%s: PSNR %.2f dB, SSIM %.3f (s = %.4f, psf %.3g, noise %.3g)%n", what, psnr, ssim,
                d.scale(), d.info().psfSigma(), d.info().noiseSigma());
        return psnr;
    }
}
