package io.gaia.kb.experience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/** A cheap summary (paths, sizes, modification times) of a folder, to notice edits by polling. */
final class Fingerprint {

    private Fingerprint() {
    }

    static String of(Path folder) {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(folder, 4)) {
            files.filter(Files::isRegularFile).sorted().forEach(file -> {
                try {
                    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                    out.append(folder.relativize(file)).append(':').append(attrs.size()).append(':')
                            .append(attrs.lastModifiedTime().toMillis()).append('\n');
                } catch (IOException e) {
                    out.append(file).append(":unreadable\n");
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            out.append("unlistable:").append(e.getMessage());
        }
        return Integer.toHexString(out.toString().hashCode()) + ":" + out.length();
    }
}
