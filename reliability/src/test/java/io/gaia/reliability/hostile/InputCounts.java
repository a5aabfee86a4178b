package io.gaia.reliability.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** How many inputs of each class a suite tried; the figures go to target/reliability-figures as Markdown. */
final class InputCounts {

    private final Map<String, AtomicInteger> tried = new TreeMap<>();

    void count(String inputClass) {
        synchronized (tried) {
            tried.computeIfAbsent(inputClass, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    int total() {
        synchronized (tried) {
            return tried.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    /** A two-column table: {@code classColumn}, then the inputs tried of each class. */
    StringBuilder table(String classColumn) {
        StringBuilder out = new StringBuilder("| " + classColumn + " | inputs tried |\n|---|---|\n");
        synchronized (tried) {
            tried.forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v.get()).append(" |\n"));
        }
        return out;
    }

    /** Writes {@code text} to target/reliability-figures/{@code fileName} and prints it. */
    static void write(String fileName, CharSequence text) throws IOException {
        Path figures = Path.of("target", "reliability-figures");
        Files.createDirectories(figures);
        Files.writeString(figures.resolve(fileName), text);
        System.out.println(text);
    }
}
