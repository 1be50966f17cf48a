package org.fusionj.ij1;

import java.awt.Checkbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Vector;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionPreset;
import org.fusionj.core.fusion.WeightMethod;
import org.fusionj.workflow.fusion.FusionKeys;

/**
 * The "Fuse Multi-Modal..." dialog: its fields, in order, and reading them back. Labels start with the
 * FusionJ parameter names, so that the recorded macro keys are those names ({@code lambda_tv=0.15}); ImageJ shows
 * the underscores as spaces.
 */
final class FusionDialog {

    static final String NONE = "*None*";
    static final int MAX_MAPS = 6;

    /** What the user chose. */
    record Choice(ImagePlus haadf, List<ImagePlus> maps, String elements, FusionParameters params,
                  boolean preview, boolean save, String outputDir, boolean overwrite) {
    }

    private final GenericDialog dialog;

    private FusionDialog(GenericDialog dialog) {
        this.dialog = dialog;
    }

    GenericDialog dialog() {
        return dialog;
    }

    /** Builds the dialog over the open images; needs at least two. */
    static FusionDialog create(String title, String[] imageTitles, FusionParameters defaults) {
        GenericDialog gd = new GenericDialog(title);
        gd.addChoice(FusionKeys.HAADF, imageTitles, guessHaadf(imageTitles));
        String[] withNone = new String[imageTitles.length + 1];
        withNone[0] = NONE;
        System.arraycopy(imageTitles, 0, withNone, 1, imageTitles.length);
        List<String> guessedMaps = guessMaps(imageTitles);
        for (int i = 0; i < MAX_MAPS; i++) {
            gd.addChoice("map_" + (i + 1), withNone, i < guessedMaps.size() ? guessedMaps.get(i) : NONE);
        }
        gd.addStringField(FusionKeys.ELEMENTS, guessElements(guessedMaps), 16);
        gd.addMessage("Maps: one window per element, or one stack (as map_1) with one slice per element.");
        String[] presets = {FusionPreset.FUSIONJ.key(), FusionPreset.TUTORIAL.key()};
        gd.addChoice(FusionKeys.PRESET, presets, defaults.preset().key());
        gd.addNumericField(FusionKeys.GAMMA, defaults.gamma(), 2);
        gd.addNumericField(FusionKeys.WEIGHT_METHOD, defaults.weightMethod().code(), 0);
        gd.addStringField(FusionKeys.LAMBDA_HAADF, FusionKeys.lambdaHaadfText(defaults), 8);
        gd.addNumericField(FusionKeys.LAMBDA_CHEM, defaults.lambdaChem(), 4);
        gd.addNumericField(FusionKeys.LAMBDA_TV, defaults.lambdaTv(), 4);
        gd.addNumericField(FusionKeys.N_ITER, defaults.iterations(), 0);
        gd.addNumericField(FusionKeys.N_ITER_TV, defaults.tvIterations(), 0);
        gd.addNumericField(FusionKeys.BKG, defaults.background(), 4);
        gd.addNumericField(FusionKeys.THRESHOLD,
                defaults.hasInitialThreshold() ? defaults.initialThreshold() : 0, 3);
        gd.addCheckbox(FusionKeys.REGULARIZE, defaults.regularize());
        gd.addCheckbox("save", false);
        gd.addDirectoryField(FusionKeys.OUTPUT, "", 24);
        gd.addCheckbox(FusionKeys.OVERWRITE, false);
        // Last, and read straight from the component: a preview is no part of the recorded macro.
        gd.addCheckbox("preview", false);
        gd.addHelp("https://fusionj.invalid/docs/fusion.html");
        return new FusionDialog(gd);
    }

    /**
     * Reads every field in order. Called from the dialog listener on every change and once after OK; the
     * GenericDialog's field iterators are reset by ImageJ before each call.
     */
    Choice read() {
        GenericDialog gd = dialog;
        ImagePlus haadf = WindowManager.getImage(gd.getNextChoice());
        List<ImagePlus> maps = new ArrayList<>();
        for (int i = 0; i < MAX_MAPS; i++) {
            String t = gd.getNextChoice();
            if (!NONE.equals(t)) {
                ImagePlus imp = WindowManager.getImage(t);
                if (imp == null) {
                    throw new InvalidInputException("no open image called '" + t + "' (map_" + (i + 1) + ")");
                }
                maps.add(imp);
            }
        }
        String elements = gd.getNextString();
        FusionParameters.Builder b = FusionParameters.builder()
                .preset(FusionPreset.fromKey(gd.getNextChoice()))
                .gamma(gd.getNextNumber())
                .weightMethod(WeightMethod.fromCode((int) gd.getNextNumber()))
                .lambdaHaadf(FusionKeys.lambdaHaadf(gd.getNextString()))
                .lambdaChem(gd.getNextNumber())
                .lambdaTv(gd.getNextNumber())
                .iterations((int) gd.getNextNumber())
                .tvIterations((int) gd.getNextNumber())
                .background(gd.getNextNumber())
                .initialThreshold(FusionKeys.threshold(gd.getNextNumber()))
                .regularize(gd.getNextBoolean());
        boolean save = gd.getNextBoolean();
        String dir = gd.getNextString();
        boolean overwrite = gd.getNextBoolean();
        boolean preview = previewChecked();
        if (gd.invalidNumber()) {
            throw new InvalidInputException("a numeric field holds no number: " + gd.getErrorMessage());
        }
        if (haadf == null) {
            throw new InvalidInputException("the chosen HAADF image is no longer open");
        }
        return new Choice(haadf, maps, elements, b.build(), preview, save, dir, overwrite);
    }

    /** The dialog's last checkbox; false once the dialog has closed (the run after OK previews nothing). */
    private boolean previewChecked() {
        Vector<?> boxes = dialog.getCheckboxes();
        return dialog.isVisible() && ((Checkbox) boxes.get(boxes.size() - 1)).getState();
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

    private static List<String> guessMaps(String[] titles) {
        String haadf = guessHaadf(titles);
        List<String> maps = new ArrayList<>();
        for (String t : titles) {
            if (!t.equals(haadf) && maps.size() < MAX_MAPS) {
                maps.add(t);
            }
        }
        return maps;
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
