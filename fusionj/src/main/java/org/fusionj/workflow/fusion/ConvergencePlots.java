package org.fusionj.workflow.fusion;

import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.gui.PlotVirtualStack;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import org.fusionj.core.fusion.CostLog;
import org.fusionj.core.fusion.FusionParameters;

/**
 * The three cost curves as ImageJ plots, each titled with its lambda, like the published convergence figure.
 *
 * @param haadf the HAADF data term
 * @param chem  the Poisson term
 * @param tv    the TV term
 */
public record ConvergencePlots(Plot haadf, Plot chem, Plot tv) {

    private static final int PLOT_WIDTH = 600;
    private static final int PLOT_HEIGHT = 160;

    public static ConvergencePlots of(CostLog costs, FusionParameters params, double lambdaHaadf) {
        return new ConvergencePlots(
                plot(String.format(Locale.ROOT, "HAADF term, lambda_haadf = %.3f", lambdaHaadf),
                        "1/2 ||A x^gamma - b||^2", costs.haadf()),
                plot(String.format(Locale.ROOT, "Chemical term, lambda_chem = %.3f", params.lambdaChem()),
                        "Poisson cost", costs.chem()),
                plot(String.format(Locale.ROOT, "TV term, lambda_tv = %.3f", params.lambdaTv()),
                        "sum TV", costs.tv()));
    }

    /** One cost curve against the iteration number, titled (also used by fused tomography). */
    public static Plot plot(String title, String yLabel, double[] values) {
        double[] iterations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            iterations[i] = i + 1;
        }
        Plot plot = new Plot(title, "Iteration", yLabel);
        plot.setFrameSize(PLOT_WIDTH, PLOT_HEIGHT);
        plot.add("line", iterations, values);
        plot.addLabel(0.02, 0.1, title);
        plot.setLimitsToFit(false);
        return plot;
    }

    public List<Plot> plots() {
        return List.of(haadf, chem, tv);
    }

    /** The three plots as one stack window (one plot per slice). */
    public ImagePlus asStack(String title) {
        ImageProcessor first = haadf.getProcessor();
        PlotVirtualStack stack = new PlotVirtualStack(first.getWidth(), first.getHeight());
        for (Plot p : plots()) {
            stack.addPlot(p);
        }
        return new ImagePlus(title, stack);
    }

    /** The three plots one above the other in one RGB image, for saving as PNG. */
    public ImagePlus asFigure(String title) {
        List<ImageProcessor> panels = plots().stream().map(p -> (ImageProcessor) p.getProcessor()).toList();
        int width = panels.stream().mapToInt(ImageProcessor::getWidth).max().orElse(1);
        int height = panels.stream().mapToInt(ImageProcessor::getHeight).sum();
        ColorProcessor figure = new ColorProcessor(width, height);
        figure.setColor(java.awt.Color.WHITE);
        figure.fill();
        int y = 0;
        for (ImageProcessor panel : panels) {
            figure.insert(panel.convertToRGB(), 0, y);
            y += panel.getHeight();
        }
        return new ImagePlus(title, figure);
    }
}
