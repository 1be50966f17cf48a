package org.fusionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ij.ImagePlus;

import org.fusionj.workflow.dictionary.DictionaryKeys;
import org.fusionj.workflow.cluster.ClusterKeys;
import org.fusionj.workflow.fusion.FusionKeys;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.tomo.TomoKeys;
import org.fusionj.workflow.spectrum.SpectrumKeys;
import org.fusionj.workflow.xanes.XanesKeys;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.Param.Route;
import org.fusionj.workflow.schema.Param.Type;
import org.fusionj.workflow.schema.Schema;
import org.junit.jupiter.api.Test;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;

/**
 * SciJava's {@code @Parameter} fields must stay literal, so this test holds them to the operation's schema: every
 * schema parameter of the SciJava route is a field of that name, of the right type, with the schema's default, its
 * range as {@code min}/{@code max} and its choices; and every other input field is one of the command's own
 * inputs (images, files, output), listed below. A dialog option missing from a command fails here.
 */
class SciJavaSchemaTest {

    /** Each FusionJ command, its schema, and its inputs that are not parameters of the operation. */
    private record Entry(Schema schema, Set<String> ownInputs) {
    }

    private static final Map<String, Entry> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put(FuseMultiModalCommand.class.getName(), new Entry(FusionKeys.SCHEMA,
                Set.of("haadf", "maps", "haadf_file", "maps_file", "elements", "output", "overwrite")));
        COMMANDS.put(XanesEdgeMapCommand.class.getName(), new Entry(XanesKeys.SCHEMA, Set.of("series",
                "series_file", "energies", "energies_file", "mask", "mask_file", "references", "flat", "flat_file",
                "dark", "dark_file", "i0", "output", "overwrite")));
        COMMANDS.put(RegisterSeriesCommand.class.getName(), new Entry(RegistrationKeys.SERIES_SCHEMA, Set.of(
                "series", "series_file", "energies", "energies_file", "flat", "flat_file", "dark", "dark_file", "i0",
                "output", "overwrite")));
        COMMANDS.put(RegisterTwoVolumesCommand.class.getName(), new Entry(RegistrationKeys.PAIR_SCHEMA, Set.of(
                "fixed", "moving", "fixed_file", "moving_file", "output", "overwrite")));
        COMMANDS.put(ApplyTransformsCommand.class.getName(), new Entry(RegistrationKeys.APPLY_SCHEMA, Set.of(
                "input", "input_file", "transforms", "regions", "output", "overwrite")));
        COMMANDS.put(LearnDictionaryCommand.class.getName(), new Entry(DictionaryKeys.LEARN_SCHEMA, Set.of(
                "stem", "stem_file", "txm", "txm_file", "output", "overwrite")));
        COMMANDS.put(SpectrumMapsCommand.class.getName(), new Entry(SpectrumKeys.SCHEMA, Set.of("input_file",
                "output", "overwrite")));
        COMMANDS.put(EnhanceWithDictionaryCommand.class.getName(), new Entry(DictionaryKeys.ENHANCE_SCHEMA, Set.of(
                "txm", "txm_file", "dictionary", "dictionary_file", "output", "overwrite")));
        COMMANDS.put(FusedTomographyCommand.class.getName(), new Entry(TomoKeys.SCHEMA, Set.of("haadf",
                "haadf_file", "maps", "maps_file", "elements", "haadf_angles", "chem_angles", "output", "overwrite")));
        COMMANDS.put(PrepareClusterJobCommand.class.getName(), new Entry(ClusterKeys.SCHEMA, Set.of("input",
                "dictionary", "output", "overwrite")));
    }

    @Test
    void everyCommandParameterMatchesItsSchema() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Entry> e : COMMANDS.entrySet()) {
            Class<?> type = Class.forName(e.getKey());
            Object instance = type.getConstructor().newInstance();
            problems.addAll(check(type, instance, e.getValue()));
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " mismatches between the SciJava commands and the schemas:\n  "
                    + String.join("\n  ", problems));
        }
    }

    @Test
    void theCheckedCommandsAreFusionJsRegisteredCommands() {
        Set<String> registered = new TreeSet<>();
        PluginIndex index = new PluginIndex();
        index.discover();
        for (PluginInfo<?> info : index.getPlugins(Command.class)) {
            if (info.getClassName().startsWith("org.fusionj.")) {
                registered.add(info.getClassName());
            }
        }
        assertEquals(registered, new TreeSet<>(COMMANDS.keySet()),
                "every registered FusionJ command must be checked against its schema here");
    }

    private static List<String> check(Class<?> type, Object instance, Entry entry) throws IllegalAccessException {
        List<String> problems = new ArrayList<>();
        String cmd = type.getSimpleName();
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Field f : type.getDeclaredFields()) {
            Parameter a = f.getAnnotation(Parameter.class);
            if (a != null && a.type() != ItemIO.OUTPUT && !Modifier.isStatic(f.getModifiers())
                    && !f.getType().getName().startsWith("org.scijava.")) {
                fields.put(f.getName(), f);
            }
        }
        Set<String> expected = new HashSet<>(entry.ownInputs());
        for (Param p : entry.schema().params(Route.SCIJAVA)) {
            expected.add(p.name());
            Field f = fields.get(p.name());
            if (f == null) {
                problems.add(cmd + ": no @Parameter " + p.name() + " (the dialog and the CLI have it)");
                continue;
            }
            f.setAccessible(true);
            problems.addAll(checkField(cmd, p, f, f.get(instance), f.getAnnotation(Parameter.class)));
        }
        for (String name : fields.keySet()) {
            if (!expected.contains(name)) {
                problems.add(cmd + ": @Parameter " + name + " is in no schema of " + entry.schema().operation()
                        + " and not listed as the command's own input");
            }
        }
        return problems;
    }

    private static List<String> checkField(String cmd, Param p, Field f, Object value, Parameter a) {
        List<String> problems = new ArrayList<>();
        String where = cmd + "." + p.name() + ": ";
        Class<?> t = f.getType();
        boolean numericField = t == double.class || t == int.class || t == long.class || t == float.class;
        switch (p.type()) {
            case BOOLEAN -> {
                if (t != boolean.class) {
                    problems.add(where + "a boolean parameter needs a boolean field, not " + t.getSimpleName());
                } else if (!value.toString().equals(p.defaultText())) {
                    problems.add(where + "default " + value + ", schema " + p.defaultText());
                }
            }
            case CHOICE, TEXT -> {
                if (t != String.class) {
                    problems.add(where + "needs a String field, not " + t.getSimpleName());
                } else if (!same(p.defaultText(), (String) value)) {
                    problems.add(where + "default '" + value + "', schema '" + p.defaultText() + "'");
                }
                if (p.type() == Type.CHOICE && !p.choices().isEmpty()
                        && !new HashSet<>(List.of(a.choices())).equals(new HashSet<>(p.choices()))) {
                    problems.add(where + "choices " + List.of(a.choices()) + ", schema " + p.choices());
                }
            }
            case NUMBER, INTEGER -> {
                if (p.autoWord() != null && p.sciJavaAutoValue() == null) {
                    if (t != String.class) {
                        problems.add(where + "'" + p.autoWord() + "' or a number needs a String field");
                    } else if (!same(p.defaultText(), (String) value)) {
                        problems.add(where + "default '" + value + "', schema '" + p.defaultText() + "'");
                    }
                    break;
                }
                if (!numericField) {
                    problems.add(where + "needs a numeric field, not " + t.getSimpleName());
                    break;
                }
                if (p.type() == Type.INTEGER && (t == double.class || t == float.class)) {
                    problems.add(where + "a whole number needs an int or long field");
                }
                double v = ((Number) value).doubleValue();
                double def = p.autoWord() != null && p.isAuto(p.defaultText()) ? p.sciJavaAutoValue()
                        : Double.parseDouble(p.defaultText());
                if (v != def) {
                    problems.add(where + "default " + value + ", schema " + p.defaultText());
                }
                if (p.sciJavaAutoValue() == null) {
                    bound(problems, where + "min", a.min(), p.min());
                }
                bound(problems, where + "max", a.max(), p.max());
            }
        }
        return problems;
    }

    private static void bound(List<String> problems, String what, String annotated, double schema) {
        boolean none = Double.isInfinite(schema);
        if (annotated.isEmpty()) {
            if (!none) {
                problems.add(what + " missing, schema " + Param.format(schema));
            }
            return;
        }
        if (none || Double.parseDouble(annotated) != schema) {
            problems.add(what + " = \"" + annotated + "\", schema " + (none ? "none" : Param.format(schema)));
        }
    }

    private static boolean same(String schema, String field) {
        return (schema == null || schema.isEmpty()) ? field == null || field.isEmpty() : schema.equals(field);
    }

    @Test
    void imageAndFileInputsAreNeverPersisted() throws Exception {
        for (String name : COMMANDS.keySet()) {
            for (Field f : Class.forName(name).getDeclaredFields()) {
                Parameter a = f.getAnnotation(Parameter.class);
                if (a != null && a.type() != ItemIO.OUTPUT
                        && (f.getType() == ImagePlus.class || f.getType() == File.class)) {
                    assertTrue(!a.persist(), name + "." + f.getName() + " must not be persisted");
                }
            }
            assertNotNull(COMMANDS.get(name));
        }
        assertEquals(COMMANDS.size(), COMMANDS.keySet().size());
    }
}
