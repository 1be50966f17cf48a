package org.fusionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.scijava.log.LogListener;
import org.scijava.log.LogLevel;
import org.scijava.log.LogMessage;
import org.scijava.log.LogService;

/** What every command shares through {@link FusionJCommand}: values read from its fields, titled log lines, refusals. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FusionJCommandTest extends SciJavaContext {

    private static final Schema PROBE = Schema.of("probe",
            Param.number("strength", 0.5).above(0).atMost(10),
            Param.integer("steps", 3).range(1, 100),
            Param.autoNumber("noise", "auto").atLeast(0).sciJavaAuto(-1),
            Param.text("label", ""));

    /** A command with the schema's fields under their names, as every real command has them. */
    static final class Probe extends FusionJCommand {
        private double strength = 2.5;
        private int steps = 7;
        private double noise = -1;
        private String label = "a label";
        ParamValues seen;

        Probe() {
            super("Probe");
        }

        @Override
        void execute() {
            seen = values(PROBE);
            info("read " + seen.number("strength"));
            warn("a warning");
        }
    }

    private static List<String> logged(Runnable action) {
        List<String> lines = new ArrayList<>();
        LogListener listener = (LogMessage m) -> lines.add(LogLevel.prefix(m.level()) + ": " + m.text());
        LogService log = context.service(LogService.class);
        log.addLogListener(listener);
        try {
            action.run();
        } finally {
            log.removeLogListener(listener);
        }
        return lines;
    }

    private static Probe probe() {
        Probe p = new Probe();
        p.setContext(context);
        return p;
    }

    @Test
    void valuesAreTheFieldsCheckedByTheSchemaWithTheNumericStandInReadAsAuto() {
        Probe p = probe();
        List<String> lines = logged(p::run);
        assertFalse(p.isCanceled(), p.getCancelReason());
        assertEquals(2.5, p.seen.number("strength"));
        assertEquals(7, p.seen.integer("steps"));
        assertTrue(p.seen.isAuto("noise"), "noise = -1 is the auto word");
        assertEquals("a label", p.seen.text("label"));
        assertTrue(p.seen.given("strength"));
        assertEquals(List.of("INFO: Probe: read 2.5", "WARNING: Probe: a warning"), lines);
    }

    @Test
    void aValueTheSchemaRefusesCancelsTheCommandWithTheTitleAndTheSchemasWords() {
        Probe p = probe();
        p.strength = 0;
        String expected;
        try {
            PROBE.read(name -> name.equals("strength") ? "0.0" : null);
            throw new AssertionError("the schema should refuse strength 0");
        } catch (InvalidInputException e) {
            expected = "Probe: " + e.getMessage();
        }
        List<String> lines = logged(p::run);
        assertTrue(p.isCanceled());
        assertEquals(expected, p.getCancelReason());
        assertTrue(expected.startsWith("Probe: strength"), expected);
        assertEquals(List.of("ERROR: " + expected), lines);
    }

    @Test
    void givenMeansNeitherNullNorBlank() {
        assertFalse(FusionJCommand.given(null));
        assertFalse(FusionJCommand.given(""));
        assertFalse(FusionJCommand.given("  \t"));
        assertTrue(FusionJCommand.given(" x "));
    }
}
