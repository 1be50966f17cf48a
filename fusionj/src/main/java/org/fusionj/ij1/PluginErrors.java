package org.fusionj.ij1;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;

/**
 * How FusionJ's ImageJ 1.x commands report a refusal. With ImageJ's window present, an error dialog. Without it
 * ({@code ImageJ -batch}, scripts), a dialog would wait for a click nobody can give, so the message goes to the log
 * (stdout in batch mode). Either way a running macro stops there.
 */
final class PluginErrors {

    private PluginErrors() {
    }

    static void report(String title, String message) {
        boolean macro = Macro.getOptions() != null || IJ.isMacro();
        if (IJ.getInstance() == null && macro) {
            IJ.log(title + ": error: " + message);
        } else {
            IJ.error(title, message);
        }
        if (macro) {
            abortMacro();
        }
    }

    /** Macro.abort() alone does not stop a macro run by "ImageJ -batch" (thread "Run$_main"); the interpreter does. */
    private static void abortMacro() {
        Interpreter interp = Interpreter.getInstance();
        if (interp != null) {
            interp.abortMacro();
        }
        Macro.abort();
    }
}
