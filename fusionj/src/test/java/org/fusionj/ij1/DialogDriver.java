package org.fusionj.ij1;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Label;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.util.LinkedHashMap;
import java.util.Map;

import ij.gui.GenericDialog;

/**
 * Drives a real GenericDialog as a user does: finds fields by the label ImageJ shows (the parameter name with
 * spaces for underscores), types into them and presses buttons on the AWT event thread, the thread a mouse click
 * runs on (ImageJ records the options differently there than from another thread).
 */
final class DialogDriver {

    private final GenericDialog dialog;
    private final Map<String, Component> fields = new LinkedHashMap<>();

    private DialogDriver(GenericDialog dialog) {
        this.dialog = dialog;
        collect(dialog, new String[] {null});
    }

    /** Waits (up to 60 s) for a visible GenericDialog titled {@code title}. */
    static DialogDriver waitFor(String title) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            for (Window w : Window.getWindows()) {
                if (w instanceof GenericDialog gd && w.isVisible() && title.equals(gd.getTitle())) {
                    return new DialogDriver(gd);
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the dialog '" + title + "' did not open");
    }

    GenericDialog dialog() {
        return dialog;
    }

    private void collect(Container c, String[] lastLabel) {
        for (Component k : c.getComponents()) {
            if (k instanceof Label l) {
                lastLabel[0] = l.getText().trim();
            } else if (k instanceof Checkbox cb) {
                fields.put(cb.getLabel().trim(), cb);
            } else if ((k instanceof TextField || k instanceof Choice) && lastLabel[0] != null) {
                fields.putIfAbsent(lastLabel[0], k);
                lastLabel[0] = null;
            } else if (k instanceof Container inner) {
                collect(inner, lastLabel);
            }
        }
    }

    private Component field(String name) {
        Component c = fields.get(name.replace('_', ' '));
        if (c == null) {
            throw new IllegalArgumentException("no field '" + name + "' in " + dialog.getTitle() + ": "
                    + fields.keySet());
        }
        return c;
    }

    /** Sets a text field, choice item or checkbox ("true"/"false"), on the event thread. */
    DialogDriver set(String name, String value) throws Exception {
        Component c = field(name);
        EventQueue.invokeAndWait(() -> {
            if (c instanceof TextField t) {
                t.setText(value);
            } else if (c instanceof Choice ch) {
                ch.select(value);
                if (!value.equals(ch.getSelectedItem())) {
                    throw new IllegalArgumentException(name + " has no item '" + value + "'");
                }
            } else if (c instanceof Checkbox cb) {
                cb.setState(Boolean.parseBoolean(value));
            }
        });
        return this;
    }

    /**
     * Ticks or clears a checkbox as a mouse click does: the state changes and the dialog's listeners hear an item
     * event (setting the state alone tells nobody), on the event thread.
     */
    DialogDriver click(String name, boolean state) throws Exception {
        Component c = field(name);
        EventQueue.invokeAndWait(() -> {
            Checkbox cb = (Checkbox) c;
            cb.setState(state);
            cb.dispatchEvent(new java.awt.event.ItemEvent(cb, java.awt.event.ItemEvent.ITEM_STATE_CHANGED,
                    cb.getLabel(), state ? java.awt.event.ItemEvent.SELECTED : java.awt.event.ItemEvent.DESELECTED));
        });
        return this;
    }

    /** The text of a field as shown. */
    String get(String name) throws Exception {
        Component c = field(name);
        String[] out = new String[1];
        EventQueue.invokeAndWait(() -> out[0] = c instanceof TextField t ? t.getText()
                : c instanceof Choice ch ? ch.getSelectedItem() : Boolean.toString(((Checkbox) c).getState()));
        return out[0];
    }

    /** Whether the dialog has a button labelled {@code label} (e.g. "Help"). */
    boolean hasButton(String label) {
        return findButton(dialog, label) != null;
    }

    /** Whether the button labelled {@code label} can be pressed (a dialog listener refusing a value disables OK). */
    boolean enabled(String label) throws Exception {
        Button b = findButton(dialog, label);
        if (b == null) {
            throw new IllegalStateException("no button " + label + " in " + dialog.getTitle());
        }
        boolean[] out = new boolean[1];
        EventQueue.invokeAndWait(() -> out[0] = b.isEnabled());
        return out[0];
    }

    /** Clicks OK (or Cancel) as a mouse does: an action event dispatched to the button on the event thread. */
    void press(String label) throws Exception {
        Button b = findButton(dialog, label);
        if (b == null) {
            throw new IllegalStateException("no button " + label + " in " + dialog.getTitle());
        }
        EventQueue.invokeAndWait(() -> b.dispatchEvent(new ActionEvent(b, ActionEvent.ACTION_PERFORMED,
                b.getLabel())));
    }

    private static Button findButton(Container c, String label) {
        for (Component k : c.getComponents()) {
            if (k instanceof Button b && b.getLabel().trim().equals(label)) {
                return b;
            }
            if (k instanceof Container inner) {
                Button found = findButton(inner, label);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
