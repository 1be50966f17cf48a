package org.fusionj.ij1;

import ij.ImagePlus;
import ij.WindowManager;

import org.fusionj.core.InvalidInputException;

/**
 * A dialog's choice among the open images that may be left at {@value #NONE}: the XANES mask, the flat and dark
 * images of a raw 2-D stack (XANES Edge Map's register route, Register Spectro-Tomography Series).
 */
final class OptionalImages {

    static final String NONE = "*None*";

    private OptionalImages() {
    }

    /** {@value #NONE}, then the open images' titles. */
    static String[] choices(String[] titles) {
        String[] items = new String[titles.length + 1];
        items[0] = NONE;
        System.arraycopy(titles, 0, items, 1, titles.length);
        return items;
    }

    /** The chosen image, or null for {@value #NONE} (or a macro that names none); one closed since is refused. */
    static ImagePlus chosen(String title) {
        if (title == null || NONE.equals(title)) {
            return null;
        }
        ImagePlus imp = WindowManager.getImage(title);
        if (imp == null) {
            throw new InvalidInputException("the image " + title + " is no longer open");
        }
        return imp;
    }
}
