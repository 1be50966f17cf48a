package org.fusionj.ij1;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import ij.ImagePlus;
import ij.WindowManager;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.workflow.fusion.FusionImages;
import org.fusionj.workflow.fusion.FusionKeys;
import org.fusionj.workflow.schema.ParamValues;

/**
 * The "Fuse Multi-Modal..." dialog: its fields, in order, and reading them back. Labels start with the
 * FusionJ parameter names, so that the recorded macro keys are those names ({@code lambda_tv=0.15}); ImageJ shows
 * the underscores as spaces.
 */
final class FusionDialog {

    static final String NONE = "*None*";
    static final int MAX_MAPS = 6;

    /** What the user chose. */
    record Choice(ImagePlus haadf, List<ImagePlus> maps, String elements, FusionParameters params, boolean auto,
                  boolean save, String outputDir, boolean overwrite) {
    }

    private FusionDialog() {
    }

    /**
     * Builds the dialog over the open images; needs at least two. Images, elements and parameters start at the
     * last interactive OK's values where those images are still open (see {@link DialogForm}); otherwise the
     * HAADF is guessed from the titles and the maps are the other open images of the HAADF's size that are not
     * FusionJ results or plots. An interactive OK also keeps the elements and the maps' titles ({@link #choice}
     * adds them to the values).
     */
    static DialogForm create(String title, String[] imageTitles) {
        DialogForm form = new DialogForm(title, FusionKeys.SCHEMA);
        String haadf = rememberedImage(form, FusionKeys.HAADF, imageTitles);
        if (haadf == null) {
            haadf = guessHaadf(imageTitles);
        }
        form.choice(FusionKeys.HAADF, imageTitles, haadf, true);
        String[] withNone = new String[imageTitles.length + 1];
        withNone[0] = NONE;
        System.arraycopy(imageTitles, 0, withNone, 1, imageTitles.length);
        List<String> maps = rememberedMaps(form, imageTitles);
        String elements = maps == null ? null : form.remembered(FusionKeys.ELEMENTS);
        if (maps == null || elements == null) {
            maps = guessMaps(imageTitles, haadf);
            elements = guessElements(maps);
            String last = form.remembered(FusionKeys.ELEMENTS);
            if (elements.isEmpty() && last != null && Elements.parseList(last).length == maps.size()) {
                elements = last; // titles say nothing; the last run's symbols fit this many maps
            }
        }
        for (int i = 0; i < MAX_MAPS; i++) {
            form.choice("map_" + (i + 1), withNone, i < maps.size() ? maps.get(i) : NONE, false);
        }
        form.string(FusionKeys.ELEMENTS, elements, 16, false);
        form.message("Maps: one window per element, or one stack (as map_1) with one slice per element.\n"
                + "Series (a HAADF stack): a stack per element, or one hyperstack (as map_1), a channel per element.");
        form.besidePrevious(FusionKeys.WEIGHT_METHOD, FusionKeys.LAMBDA_TV, FusionKeys.N_ITER_TV, FusionKeys.THRESHOLD)
                .allParams();
        form.checkbox("save", false, true);
        form.directory(FusionKeys.OUTPUT, 24);
        form.checkbox(FusionKeys.OVERWRITE, false, false);
        // Last, and read straight from the component: a preview is no part of the recorded macro.
        form.dialog().addCheckbox("preview", false);
        DialogHelp.add(form.dialog(), "fusion");
        return form.alsoRemember(FusionKeys.ELEMENTS, "maps");
    }

    private static String rememberedImage(DialogForm form, String name, String[] titles) {
        String t = form.remembered(name);
        return t != null && List.of(titles).contains(t) ? t : null;
    }

    /** The maps of the last interactive OK, if every one of them is still open; else null. */
    private static List<String> rememberedMaps(DialogForm form, String[] titles) {
        String joined = form.remembered("maps");
        if (joined == null || joined.isEmpty()) {
            return null;
        }
        List<String> maps = List.of(joined.split("\\|"));
        return List.of(titles).containsAll(maps) ? maps : null;
    }

    /**
     * The choice the dialog's values make ({@link DialogForm.Reader}): the images looked up, the schema read; adds
     * the maps' titles to {@code v} as {@code maps} (kept for next time).
     */
    static Choice choice(Map<String, String> v) {
        ImagePlus haadf = WindowManager.getImage(v.get(FusionKeys.HAADF));
        List<ImagePlus> maps = new ArrayList<>();
        List<String> mapTitles = new ArrayList<>();
        for (int i = 0; i < MAX_MAPS; i++) {
            String t = v.get("map_" + (i + 1));
            if (!NONE.equals(t)) {
                ImagePlus imp = WindowManager.getImage(t);
                if (imp == null) {
                    throw new InvalidInputException("no open image called '" + t + "' (map_" + (i + 1) + ")");
                }
                maps.add(imp);
                mapTitles.add(t);
            }
        }
        ParamValues values = FusionKeys.SCHEMA.read(v::get);
        FusionParameters params = FusionKeys.parameters(values);
        if (haadf == null) {
            throw new InvalidInputException("the chosen HAADF image is no longer open");
        }
        v.put("maps", String.join("|", mapTitles));
        return new Choice(haadf, maps, v.get(FusionKeys.ELEMENTS), params, FusionKeys.automatic(values),
                Boolean.parseBoolean(v.get("save")), v.get(FusionKeys.OUTPUT), Boolean.parseBoolean(
                        v.get(FusionKeys.OVERWRITE)));
    }

    /** The titles of the open images, in window order. */
    static String[] openImageTitles() {
        int[] ids = WindowManager.getIDList();
        if (ids == null) {
            return new String[0];
        }
        List<String> titles = new ArrayList<>();
        for (int id : ids) {
            ImagePlus imp = WindowManager.getImage(id);
            if (imp != null) {
                titles.add(imp.getTitle());
            }
        }
        return titles.toArray(String[]::new);
    }

    private static String guessHaadf(String[] titles) {
        for (String t : titles) {
            String l = t.toLowerCase(Locale.ROOT);
            if (l.contains("haadf") || l.contains("adf") || l.contains("stem")) {
                return t;
            }
        }
        return titles[0];
    }

    /**
     * The other open images of the HAADF's width and height, in window order, leaving out plots and FusionJ's own
     * results (fused maps, model HAADF, convergence plots), which have the size but are no input.
     */
    static List<String> guessMaps(String[] titles, String haadfTitle) {
        ImagePlus haadf = WindowManager.getImage(haadfTitle);
        List<String> maps = new ArrayList<>();
        for (String t : titles) {
            ImagePlus imp = WindowManager.getImage(t);
            if (t.equals(haadfTitle) || imp == null || maps.size() >= MAX_MAPS || isResultOrPlot(imp)) {
                continue;
            }
            if (haadf == null || imp.getWidth() == haadf.getWidth() && imp.getHeight() == haadf.getHeight()) {
                maps.add(t);
            }
        }
        return maps;
    }

    /** Plots (ImageJ marks them with the "thePlot" property) and the images a fusion made ({@link FusionImages#RESULT}). */
    static boolean isResultOrPlot(ImagePlus imp) {
        if (imp.getProperty("thePlot") != null || imp.getWindow() instanceof ij.gui.PlotWindow) {
            return true;
        }
        return imp.getProp(FusionImages.RESULT) != null;
    }

    /** Element symbols read from map titles such as "Sc", "Dy.tif" or "EDS O K"; blank when unsure. */
    static String guessElements(List<String> mapTitles) {
        List<String> symbols = new ArrayList<>();
        for (String t : mapTitles) {
            String found = null;
            for (String word : t.split("[^A-Za-z]+")) {
                if (word.length() >= 1 && word.length() <= 2 && Character.isUpperCase(word.charAt(0))) {
                    try {
                        found = Elements.canonicalSymbol(word);
                        break;
                    } catch (InvalidInputException notAnElement) {
                        // keep looking
                    }
                }
            }
            if (found == null) {
                return "";
            }
            symbols.add(found);
        }
        return String.join(",", symbols);
    }
}
