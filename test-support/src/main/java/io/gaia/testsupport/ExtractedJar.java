package io.gaia.testsupport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * A service's Spring Boot jar unpacked once into {@code <module>/target/extracted/} (Spring Boot's
 * {@code -Djarmode=tools extract}: the application jar with its libraries beside it in {@code lib/}), which
 * starts about a third faster than the packed jar (measured on the 2-core CI machine: 8.5-10.2 s to a
 * started kb-service packed, 5.6-7.9 s unpacked), since no nested jar is opened and inflated at each
 * start. Every test JVM of the build shares the one copy: it is made under a file lock, and made again
 * only when the packed jar changed (size and modification time, written beside it).
 *
 * <p>Tests only: benchmarks run the packed jar, as deployed. Two latency runs of {@code SessionBench latency}
 * with the services unpacked measured a p50 about 1 ms higher than packed on the same machine minutes
 * apart (docs/benchmarks.md, 2026-12-02 16:35-16:53); not explained, and not worth a benchmark's doubt.
 */
final class ExtractedJar {

    private static final long EXTRACT_TIMEOUT_SECONDS = 120;

    private ExtractedJar() {
    }

    /** The unpacked application jar for {@code packed} (same file name), extracting it first when needed. */
    static synchronized Path of(Path packed) throws IOException, InterruptedException {
        Path target = packed.getParent();
        Path dir = target.resolve("extracted");
        Path app = dir.resolve(packed.getFileName());
        String source = Files.size(packed) + " " + Files.getLastModifiedTime(packed).toMillis();
        Path marker = dir.resolve(".source");
        try (FileChannel lockFile = FileChannel.open(target.resolve("extracted.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            if (Files.isRegularFile(app) && Files.isRegularFile(marker) && Files.readString(marker).equals(source)) {
                return app;
            }
            Path fresh = target.resolve("extracted.tmp");
            Folders.delete(fresh);
            Process extract = new ProcessBuilder(JvmLaunch.javaBinary(), "-Djarmode=tools", "-jar", packed.toString(), "extract",
                    "--destination", fresh.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!extract.waitFor(EXTRACT_TIMEOUT_SECONDS, TimeUnit.SECONDS) || extract.exitValue() != 0) {
                extract.destroyForcibly();
                throw new IOException("could not extract " + packed + " (java -Djarmode=tools ... extract)");
            }
            Files.writeString(fresh.resolve(".source"), source);
            Folders.delete(dir);
            Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
            return app;
        }
    }

}
