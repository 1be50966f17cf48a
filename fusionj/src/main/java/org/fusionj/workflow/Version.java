package org.fusionj.workflow;

/** FusionJ's version as packaged in the jar manifest ("dev" when run from classes). */
public final class Version {

    private Version() {
    }

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
