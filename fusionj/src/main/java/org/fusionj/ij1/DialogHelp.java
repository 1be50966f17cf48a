package org.fusionj.ij1;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import ij.gui.GenericDialog;

/**
 * The dialogs' Help button: the command's documentation page, bundled in the plugin jar (the build renders
 * {@code docs/*.md} to {@code /docs/*.html}), shown in ImageJ's own HTML viewer, so it works offline and always
 * matches the installed version.
 */
final class DialogHelp {

    /** Where the rendered pages sit in the jar. */
    static final String FOLDER = "/docs/";

    private DialogHelp() {
    }

    /** Adds a Help button showing {@code docs/PAGE.md}; none when the page is not in the jar. */
    static void add(GenericDialog gd, String page) {
        String html = page(page);
        if (html != null) {
            gd.addHelp(html);
        }
    }

    /** The page as one {@code <html>} string (what GenericDialog shows in its HTML viewer), or null. */
    static String page(String page) {
        try (InputStream in = DialogHelp.class.getResourceAsStream(FOLDER + page + ".html")) {
            if (in == null) {
                return null;
            }
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return body.startsWith("<html>") ? body : "<html>" + body + "</html>";
        } catch (IOException e) {
            return null;
        }
    }
}
