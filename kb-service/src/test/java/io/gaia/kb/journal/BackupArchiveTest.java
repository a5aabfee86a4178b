package io.gaia.kb.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupArchiveTest {

    @TempDir
    Path dir;

    @Test
    void aBackupFolderComesBackFileForFile() throws IOException {
        Path backup = dir.resolve("reset-1");
        Files.createDirectories(backup.resolve("players"));
        Files.writeString(backup.resolve("world.json"), "{\"v\":1}");
        Files.writeString(backup.resolve("players").resolve("alice.json"), "{\"inventory\":[]}");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        BackupArchive.zip(backup, zip);

        Path back = dir.resolve("back");
        BackupArchive.unzip(new ByteArrayInputStream(zip.toByteArray()), back, 1 << 20);

        assertThat(Files.readString(back.resolve("world.json"))).isEqualTo("{\"v\":1}");
        assertThat(Files.readString(back.resolve("players").resolve("alice.json"))).isEqualTo("{\"inventory\":[]}");
    }

    @Test
    void anEntryThatWouldLeaveTheFolderIsRefusedAndNothingIsWrittenOutside() throws IOException {
        byte[] evil = zipOf("../../outside.json", "{}");
        assertThatThrownBy(() -> BackupArchive.unzip(new ByteArrayInputStream(evil), dir.resolve("into"), 1 << 20))
                .isInstanceOf(IOException.class).hasMessageContaining("outside");
        assertThat(dir.resolve("outside.json")).doesNotExist();
        assertThat(dir.getParent().resolve("outside.json")).doesNotExist();
    }

    @Test
    void anArchiveLargerThanTheBoundUnpackedIsRefused() {
        byte[] big = zipOf("world.json", "x".repeat(10_000));
        assertThatThrownBy(() -> BackupArchive.unzip(new ByteArrayInputStream(big), dir.resolve("into"), 1_000))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than 1000 bytes");
    }

    private static byte[] zipOf(String name, String content) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(content.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
