package org.fusionj.ij1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.Macro;
import ij.Prefs;
import ij.gui.GenericDialog;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.Param.Route;
import org.fusionj.workflow.schema.Schema;

/**
 * A GenericDialog built from an operation's {@link Schema} plus the front-end's own fields (images, output), read
 * back in one go as text values by name, so that the plugin hands them to the operation's one reader
 * ({@code *Keys.parameters(values::get)}) like every other front-end. Labels are the parameter names, so the macro
 * recorder writes the same keys as the CLI's flags.
 *
 * <p>Memory, as Fiji users expect: every field starts with the value of the last interactive OK (kept in ImageJ's
 * preferences under {@code fusionj.OPERATION.NAME}, saved when ImageJ exits), except when a macro runs the command:
 * then the values a macro leaves out are the schema's defaults, so that a recorded line means the same everywhere.
 */
final class DialogForm {

    private enum Kind { CHOICE, STRING, NUMBER, BOOLEAN }

    private record Field(String name, Kind kind, boolean remembered) {
    }

    private final GenericDialog dialog;
    private final Schema schema;
    private final boolean macro;
    private final List<Field> fields = new ArrayList<>();
    /** Schema parameters placed right of the field before them (so that a long dialog fits a laptop screen). */
    private final java.util.Set<String> sameRow = new java.util.HashSet<>();
    /** See {@link #okOnlyWhenValid()}. */
    private boolean okOnlyWhenValid;
    /** See {@link #alsoRemember}. */
    private String[] alsoRemembered = {};

    DialogForm(String title, Schema schema) {
        this.dialog = new GenericDialog(title);
        this.schema = schema;
        this.macro = Macro.getOptions() != null;
    }

    GenericDialog dialog() {
        return dialog;
    }

    Schema schema() {
        return schema;
    }

    /** Whether a macro supplies the values (no memory, no preview). */
    boolean macro() {
        return macro;
    }

    /** What a plugin does with the dialog's values once OK was pressed. */
    interface Work {
        void run(Map<String, String> values) throws java.io.IOException;
    }

    /**
     * What a plugin makes of the dialog's values before previewing or running (its own choice record: images
     * looked up, the schema read, a dictionary opened); a refusal is reported like an unreadable field.
     */
    interface Reader<T> {
        T read(Map<String, String> values) throws java.io.IOException;
    }

    /** What a plugin does with its choice once OK was pressed. */
    interface ChoiceWork<T> {
        void run(T choice) throws java.io.IOException;
    }

    /**
     * Shows the dialog and, after OK, reads the values, keeps them for next time and runs {@code work}, reporting
     * refusals under {@code title} ({@link PluginRun#reporting}); nothing happens on Cancel. For dialogs without a
     * listener: one with a listener must read in the listener's close call instead (see RegisterSeriesPlugin).
     */
    void showAndRun(String title, Work work) {
        dialog.showDialog();
        if (dialog.wasCanceled()) {
            return;
        }
        PluginRun.reporting(title, () -> {
            Map<String, String> values = read();
            remember(values);
            work.run(values);
        });
    }

    /** A live preview a dialog drives (see {@link #showAndRun(String, Preview, Work)}). */
    interface Preview {
        /** Previews these values (read on the event thread; the preview's own work belongs on its worker). */
        void update(Map<String, String> values) throws java.io.IOException;

        /** The checkbox was unticked: cancels a running preview and closes its window. */
        void close();

        /** The dialog has closed: closes the preview for good. */
        void dispose();
    }

    /** A live preview of a plugin's choice (see {@link #showAndRun(String, Reader, ChoicePreview, ChoiceWork)}). */
    interface ChoicePreview<T> {
        /** Previews this choice (made on the event thread; the preview's own work belongs on its worker). */
        void update(T choice) throws java.io.IOException;

        /** The checkbox was unticked: cancels a running preview and closes its window. */
        void close();

        /** The dialog has closed: closes the preview for good. */
        void dispose();
    }

    /**
     * The same with a live preview driven by the dialog's last checkbox (the caller adds it last and does not read
     * it, so that it is no part of the recorded macro): on every change while it is ticked, every field is read and
     * handed to {@code preview}; refused values go to the status bar. ImageJ calls the listener once more with a
     * null event as the dialog closes with OK and records only what is read then, so every field is read in that
     * call too and those values are the ones {@code work} gets. A macro's run has no listener and no preview.
     */
    void showAndRun(String title, Preview preview, Work work) {
        // Work and Preview stay interfaces of their own (not ChoiceWork/ChoicePreview of a map): a plugin compiled
        // against them keeps working when only DialogForm is recompiled.
        ChoicePreview<Map<String, String>> live = preview == null ? null : new ChoicePreview<>() {
            @Override
            public void update(Map<String, String> values) throws java.io.IOException {
                preview.update(values);
            }

            @Override
            public void close() {
                preview.close();
            }

            @Override
            public void dispose() {
                preview.dispose();
            }
        };
        showAndRun(title, values -> values, live, work::run);
    }

    /**
     * The same for a plugin that makes a choice record of the values ({@code reader}) on every change, ticked or
     * not, and previews and runs that: a refusal of the reader goes to the status bar as {@code TITLE: message}
     * (and disables OK with {@link #okOnlyWhenValid()}); the choice made in the closing call is the one
     * {@code work} gets (made again after the dialog closed if that call was refused, so that the refusal is
     * reported). The values kept for next time are those read, with {@link #alsoRemember} names.
     */
    <T> void showAndRun(String title, Reader<T> reader, ChoicePreview<T> preview, ChoiceWork<T> work) {
        boolean live = preview != null && !macro;
        boolean keepOk = !okOnlyWhenValid;
        List<Map<String, String>> closingValues = new ArrayList<>(1);
        List<T> closingChoice = new ArrayList<>(1);
        if (live) {
            dialog.addDialogListener((gd, e) -> {
                closingValues.clear();
                closingChoice.clear();
                Map<String, String> values;
                T choice;
                try {
                    values = read();
                    choice = reader.read(values);
                } catch (InvalidInputException | java.io.IOException ex) {
                    ij.IJ.showStatus(title + ": " + ex.getMessage());
                    return keepOk;
                }
                if (e == null) {
                    closingValues.add(values);
                    closingChoice.add(choice);
                } else if (previewTicked()) {
                    try {
                        preview.update(choice);
                    } catch (InvalidInputException | java.io.IOException ex) {
                        ij.IJ.showStatus(title + " preview: " + ex.getMessage());
                    }
                } else {
                    preview.close();
                }
                return true;
            });
        }
        dialog.showDialog();
        if (live) {
            preview.dispose();
        }
        if (dialog.wasCanceled()) {
            return;
        }
        PluginRun.reporting(title, () -> {
            Map<String, String> values;
            T choice;
            if (closingValues.isEmpty()) {
                values = read();
                choice = reader.read(values);
            } else {
                values = closingValues.get(0);
                choice = closingChoice.get(0);
            }
            remember(values, alsoRemembered);
            work.run(choice);
        });
    }

    /**
     * Names beside the fields whose values an interactive OK also keeps (values a {@link Reader} adds to the map,
     * or fields added without memory whose last value the plugin consults for its own guesses).
     */
    DialogForm alsoRemember(String... names) {
        this.alsoRemembered = names.clone();
        return this;
    }

    /**
     * With a live preview ({@link #showAndRun(String, Preview, Work)}): while a field holds a refused value, OK is
     * disabled (the listener returns false, as ImageJ expects), not only reported on the status bar. The spectrum,
     * fusion and enhancement dialogs have always worked so; off by default (the tomography dialog keeps OK and
     * reports the refusal after it).
     */
    DialogForm okOnlyWhenValid() {
        this.okOnlyWhenValid = true;
        return this;
    }

    /** The dialog's last checkbox (the preview switch), while the dialog is up. */
    private boolean previewTicked() {
        java.util.Vector<?> boxes = dialog.getCheckboxes();
        return dialog.isVisible() && boxes != null && !boxes.isEmpty()
                && ((java.awt.Checkbox) boxes.get(boxes.size() - 1)).getState();
    }

    /** The preference key of a remembered field. */
    static String prefsKey(String operation, String name) {
        return "fusionj." + operation + "." + name;
    }

    /** The value remembered from the last interactive OK, or null (always null when a macro runs). */
    String remembered(String name) {
        if (macro) {
            return null;
        }
        String v = Prefs.get(prefsKey(schema.operation(), name), (String) null);
        return v == null || v.isEmpty() && !fieldIsText(name) ? null : v;
    }

    private boolean fieldIsText(String name) {
        return schema.has(name) && schema.param(name).type() == Param.Type.TEXT;
    }

    /** These schema parameters go on the row of the field before them (the order, and so the recording, stays). */
    DialogForm besidePrevious(String... names) {
        sameRow.addAll(List.of(names));
        return this;
    }

    /** The schema parameter's field, starting at the remembered value or the default. */
    DialogForm param(String name) {
        Param p = schema.param(name);
        if (!p.in(Route.DIALOG)) {
            throw new IllegalArgumentException(name + " is not a dialog parameter of " + schema.operation());
        }
        if (sameRow.contains(name)) {
            dialog.addToSameRow();
        }
        String initial = remembered(name);
        if (initial == null) {
            initial = p.defaultText() == null ? "" : p.defaultText();
        }
        switch (p.type()) {
            case BOOLEAN -> checkbox(name, Boolean.parseBoolean(initial), true);
            case CHOICE -> choice(name, p.choices().toArray(String[]::new), initial, true);
            case TEXT -> string(name, initial, p.columns(), true);
            case NUMBER, INTEGER -> {
                if (p.autoWord() != null) {
                    string(name, initial, p.columns(), true);
                } else {
                    double v = parseOr(initial, Double.parseDouble(p.defaultText()));
                    if (p.dialogUnit() != null) {
                        dialog.addNumericField(name, v, p.digits(), p.columns(), p.dialogUnit());
                    } else {
                        dialog.addNumericField(name, v, p.digits());
                    }
                    fields.add(new Field(name, Kind.NUMBER, true));
                }
            }
        }
        return this;
    }

    /** Every dialog parameter of the schema, in declaration order (a new parameter appears without a change here). */
    DialogForm allParams() {
        for (Param p : schema.params(Route.DIALOG)) {
            param(p.name());
        }
        return this;
    }

    /** Several schema parameters in a row. */
    DialogForm params(String... names) {
        for (String n : names) {
            param(n);
        }
        return this;
    }

    private static double parseOr(String text, double fallback) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A choice among {@code items}; starts at the remembered item when it is still there, else {@code initial}. */
    DialogForm choice(String name, String[] items, String initial, boolean remember) {
        String r = remember ? remembered(name) : null;
        String start = r != null && Arrays.asList(items).contains(r) ? r : initial;
        dialog.addChoice(name, items, start);
        fields.add(new Field(name, Kind.CHOICE, remember));
        return this;
    }

    DialogForm string(String name, String initial, int columns, boolean remember) {
        String r = remember ? remembered(name) : null;
        dialog.addStringField(name, r != null ? r : initial, columns);
        fields.add(new Field(name, Kind.STRING, remember));
        return this;
    }

    DialogForm checkbox(String name, boolean initial, boolean remember) {
        String r = remember ? remembered(name) : null;
        dialog.addCheckbox(name, r != null ? Boolean.parseBoolean(r) : initial);
        fields.add(new Field(name, Kind.BOOLEAN, remember));
        return this;
    }

    /** A folder field with a "Browse" button. */
    DialogForm directory(String name, int columns) {
        String r = remembered(name);
        dialog.addDirectoryField(name, r != null ? r : "", columns);
        fields.add(new Field(name, Kind.STRING, true));
        return this;
    }

    /** A file field with a "Browse" button. */
    DialogForm file(String name, int columns) {
        String r = remembered(name);
        dialog.addFileField(name, r != null ? r : "", columns);
        fields.add(new Field(name, Kind.STRING, true));
        return this;
    }

    DialogForm message(String text) {
        dialog.addMessage(text);
        return this;
    }

    /**
     * Reads every field in the order added (the GenericDialog's counters must be at the start, as ImageJ leaves
     * them before a listener call and after {@code showDialog}); numbers as text, checkboxes as true/false.
     *
     * @throws InvalidInputException when a numeric field holds no number
     */
    Map<String, String> read() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Field f : fields) {
            values.put(f.name(), switch (f.kind()) {
                case CHOICE -> dialog.getNextChoice();
                case STRING -> dialog.getNextString();
                case BOOLEAN -> Boolean.toString(dialog.getNextBoolean());
                case NUMBER -> numberText(dialog.getNextNumber());
            });
        }
        if (dialog.invalidNumber()) {
            throw new InvalidInputException("a numeric field holds no number: " + dialog.getErrorMessage());
        }
        return values;
    }

    private static String numberText(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Keeps the values of an interactive OK for the next time the dialog opens (nothing when a macro runs): the
     * remembered fields, and any {@code extra} values the plugin keeps for its own guesses.
     */
    void remember(Map<String, String> values, String... extra) {
        if (macro) {
            return;
        }
        for (Field f : fields) {
            String v = values.get(f.name());
            if (f.remembered() && v != null) {
                Prefs.set(prefsKey(schema.operation(), f.name()), v);
            }
        }
        for (String name : extra) {
            String v = values.get(name);
            if (v != null) {
                Prefs.set(prefsKey(schema.operation(), name), v);
            }
        }
    }
}
