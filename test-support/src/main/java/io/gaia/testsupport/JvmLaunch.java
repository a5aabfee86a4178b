package io.gaia.testsupport;

import java.util.List;

/**
 * How a service's JVM is started: its flags, and whether from the unpacked jar ({@link ExtractedJar}:
 * it starts faster) or from the packed one, as {@code ./gaia up} and the Dockerfile run it.
 */
public record JvmLaunch(List<String> flags, boolean unpacked) {

    /** For tests, which start services often: start-up over peak speed (C1 only, a small heap), unpacked. */
    public static final JvmLaunch TEST = new JvmLaunch(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), true);

    public JvmLaunch {
        flags = List.copyOf(flags);
    }

    /** As in production (full JIT, G1, a fixed heap) plus {@code extra}, from the packed jar: what a benchmark measures. */
    public static JvmLaunch production(String heap, List<String> extra) {
        List<String> flags = new java.util.ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"));
        flags.addAll(extra);
        return new JvmLaunch(flags, false);
    }

    /** The {@code java} of the running JDK, to start another JVM with. */
    public static String javaBinary() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** These flags, from the packed jar. */
    public static JvmLaunch packed(List<String> flags) {
        return new JvmLaunch(flags, false);
    }
}
