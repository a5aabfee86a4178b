package io.gaia.kb.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A backup (a state folder) as one zip, so the shared journal can keep it as one object: every regular
 * file under the folder, by its relative path. Unpacking refuses an entry that would leave the target
 * folder and stops past {@code maxBytes} unpacked, so a bad object can neither write elsewhere nor fill
 * the disk.
 */
final class BackupArchive {

    private BackupArchive() {
    }

    static void zip(Path dir, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out); Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                zip.putNextEntry(new ZipEntry(dir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    /** Unpacks into {@code into} (created); an {@link IOException} for an entry outside it or past {@code maxBytes}. */
    static void unzip(InputStream in, Path into, long maxBytes) throws IOException {
        Path root = Files.createDirectories(into).toAbsolutePath().normalize();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IOException("backup archive entry outside its folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                        total += n;
                        if (total > maxBytes) {
                            throw new IOException("backup archive larger than " + maxBytes + " bytes unpacked");
                        }
                        out.write(buffer, 0, n);
                    }
                }
            }
        }
    }
}
