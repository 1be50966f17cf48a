package org.fusionj.workflow.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.fusionj.testing.TestData;
import org.fusionj.workflow.dictionary.DictionaryKeys;
import org.fusionj.workflow.cluster.ClusterKeys;
import org.fusionj.workflow.fusion.FusionKeys;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.tomo.TomoKeys;
import org.fusionj.workflow.spectrum.SpectrumKeys;
import org.fusionj.workflow.xanes.XanesKeys;
import org.junit.jupiter.api.Test;

/**
 * The docs' parameter tables are rendered from the schemas ({@link SchemaText#markdownTable}) between markers;
 * this test fails when a table is stale or missing. To refresh them after changing a schema:
 * {@code mvn -o -q -pl fusionj test -Dtest=SchemaDocsTest -Dfusionj.updateDocs=true}.
 */
class SchemaDocsTest {

    /** Each schema and the page that documents it. */
    static final Map<Schema, String> PAGES = Map.ofEntries(
            Map.entry(FusionKeys.SCHEMA, "docs/fusion.md"),
            Map.entry(XanesKeys.SCHEMA, "docs/xanes.md"),
            Map.entry(RegistrationKeys.SERIES_SCHEMA, "docs/registration.md"),
            Map.entry(RegistrationKeys.APPLY_SCHEMA, "docs/registration.md"),
            Map.entry(DictionaryKeys.LEARN_SCHEMA, "docs/dictionary.md"),
            Map.entry(DictionaryKeys.ENHANCE_SCHEMA, "docs/dictionary.md"),
            Map.entry(RegistrationKeys.SIMULATE_SCHEMA, "docs/cli.md"),
            Map.entry(XanesKeys.SIMULATE_SCHEMA, "docs/cli.md"),
            Map.entry(TomoKeys.SCHEMA, "docs/fusion-tomography.md"),
            Map.entry(TomoKeys.SIMULATE_SCHEMA, "docs/fusion-tomography.md"),
            Map.entry(SpectrumKeys.SCHEMA, "docs/spectrum-maps.md"),
            Map.entry(ClusterKeys.SCHEMA, "docs/scale-out.md"));

    @Test
    void everyParameterTableIsCurrent() throws IOException {
        boolean update = Boolean.getBoolean("fusionj.updateDocs");
        for (Map.Entry<Schema, String> e : PAGES.entrySet()) {
            Path page = TestData.projectDir().resolve(e.getValue());
            String doc = Files.readString(page, StandardCharsets.UTF_8);
            String op = e.getKey().operation();
            assertTrue(doc.contains("<!-- schema:" + op + " ") && doc.contains(SchemaText.endMarker(op)),
                    e.getValue() + " has no generated table of " + op + " (markers " + SchemaText.beginMarker(op)
                            + " ... " + SchemaText.endMarker(op) + ")");
            String fresh = SchemaText.refresh(doc, List.of(e.getKey()));
            if (update && !fresh.equals(doc)) {
                Files.writeString(page, fresh, StandardCharsets.UTF_8);
                doc = fresh;
            }
            assertEquals(fresh, doc, e.getValue() + ": the table of " + op + " differs from its schema; refresh it "
                    + "with -Dfusionj.updateDocs=true");
        }
    }
}
