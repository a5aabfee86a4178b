package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.ActionResponse;
import io.gaia.kb.support.Sandbox;
import io.gaia.kb.world.BackupRetention;
import io.gaia.kb.world.CommitLog;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.kb.world.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Backups are bounded by count and by bytes: after each new one the oldest beyond the retention are
 * deleted, folder and all, and the listing names backups oldest first by time whatever their kind.
 */
class BackupRetentionTest extends CommandTestBase {

    private Sandbox keeping(BackupRetention retention) {
        sandbox.close();
        sandbox = new Sandbox(experiences(), state,
                ExperienceEngine.Settings.DEFAULT, Journal.Factory.file(CommitLog.DEFAULT_SEGMENT_BYTES), retention);
        return sandbox;
    }

    private static Path experiences() {
        try {
            return Sandbox.repositoryExperiences();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ActionResponse admin(String line) {
        ActionResponse response = sandbox.act(Sandbox.admin("root"), WOODS, line, Map.of());
        assertThat(response.success()).as("%s: %s", line, response.message()).isTrue();
        return response;
    }

    @SuppressWarnings("unchecked")
    private List<String> listed() {
        return (List<String>) admin("@restore").metadata().get("backups");
    }

    private List<String> folders() throws IOException {
        Path backups = state.resolve(WOODS).resolve("backups");
        try (Stream<Path> entries = Files.list(backups)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .sorted(BackupRetention.OLDEST_FIRST).toList();
        }
    }

    @Test
    void onlyTheNewestBackupsUpToTheCountAreKeptAndTheListingIsOldestFirstByTime() throws Exception {
        keeping(new BackupRetention(2, Long.MAX_VALUE));
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add((String) admin("@reset world CONFIRM").metadata().get("backup_id"));
            Thread.sleep(5); // distinct times in the ids
        }
        made.add((String) admin("@restore " + made.get(2) + " CONFIRM").metadata().get("backup_id"));
        assertThat(made.get(3)).startsWith("pre-restore-");

        List<String> newest = List.of(made.get(2), made.get(3));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(folders()).isEqualTo(newest));
        assertThat(listed()).as("newest last, though 'pre-restore' sorts before 'reset' by name").isEqualTo(newest);
    }

    @Test
    void olderBackupsAreDeletedOnceTheFolderHoldsMoreThanTheByteBoundButTheNewestIsAlwaysKept() throws Exception {
        keeping(new BackupRetention(50, 1));
        String first = (String) admin("@reset world CONFIRM").metadata().get("backup_id");
        Thread.sleep(5);
        String second = (String) admin("@reset world CONFIRM").metadata().get("backup_id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(folders()).containsExactly(second));
        assertThat(listed()).containsExactly(second);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void backupIdsOrderByTheirTimeThenTheirCounterWhateverTheirKind() {
        List<String> ids = new ArrayList<>(List.of("reset-200", "pre-restore-300", "reset-100-2", "reset-100", "reset-100-10"));
        ids.sort(BackupRetention.OLDEST_FIRST);
        assertThat(ids).containsExactly("reset-100", "reset-100-2", "reset-100-10", "reset-200", "pre-restore-300");
    }
}
