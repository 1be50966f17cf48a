package org.fusionj.workflow;

import java.util.Map;

/**
 * Names the jar a missing class comes from, so that a {@link NoClassDefFoundError} (an install that left a library
 * out) ends in one sentence a user can act on instead of a stack trace or nothing at all.
 */
public final class MissingLibrary {

    /** Package prefix of each runtime dependency, and the jar that brings it (what install-fiji copies). */
    private static final Map<String, String> JARS = Map.of(
            "org/ejml/", "ejml-core and ejml-ddense (EJML 0.41)",
            "io/jhdf/", "jhdf (jhdf-0.10.0.jar)",
            "org/slf4j/", "slf4j-api (slf4j-api-2.0.17.jar)",
            "net/jpountz/", "lz4-java",
            "com/ning/compress/", "compress-lzf (compress-lzf-1.1.2.jar)",
            "org/apache/commons/lang3/", "commons-lang3",
            "org/scijava/", "scijava-common",
            "net/imglib2/", "imglib2");

    private MissingLibrary() {
    }

    /** The library of {@code error}'s missing class, or "the library providing CLASS" when FusionJ does not know it. */
    public static String jarOf(Throwable error) {
        String cls = missingClass(error);
        for (Map.Entry<String, String> e : JARS.entrySet()) {
            if (cls.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return "the library providing " + cls.replace('/', '.');
    }

    /** "a library FusionJ needs is missing: JAR (class C not found); install FusionJ with bin/fusionj install-fiji". */
    public static String message(Throwable error) {
        return "a library FusionJ needs is missing: " + jarOf(error) + " (class "
                + missingClass(error).replace('/', '.') + " not found). Install FusionJ with its libraries: "
                + "bin/fusionj install-fiji /path/to/Fiji.app (see the README)";
    }

    private static String missingClass(Throwable error) {
        String m = error.getMessage();
        if (m == null && error.getCause() != null) {
            m = error.getCause().getMessage();
        }
        if (m == null) {
            return "?";
        }
        m = m.trim();
        int space = m.indexOf(' ');
        return (space > 0 ? m.substring(0, space) : m).replace('.', '/');
    }
}
