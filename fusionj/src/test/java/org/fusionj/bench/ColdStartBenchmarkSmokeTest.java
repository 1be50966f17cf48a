package org.fusionj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the cold-start benchmark decides before it starts processes: which JDK a java is (its rows are labelled and
 * its archive kind chosen by it, as bin/fusionj chooses) and its refusals. Its full run starts some forty processes
 * and is not part of the test suite (docs/benchmarks.md).
 */
class ColdStartBenchmarkSmokeTest {

    @Test
    @Timeout(60)
    void featureVersionOfAJavaIsReadAsBinFusionjReadsIt() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertEquals(Runtime.version().feature(), ColdStartBenchmark.featureVersion(java));
        assertEquals(0, ColdStartBenchmark.featureVersion("/no/such/java"));
    }

    @Test
    void badOptionsAreRefusedBeforeAnyProcess() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ColdStartBenchmark.run(out, List.of("--rounds", "0")));
        assertTrue(e.getMessage().contains("--rounds"), e.getMessage());
    }
}
