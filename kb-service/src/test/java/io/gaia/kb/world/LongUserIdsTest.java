package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.SubjectToken;
import io.gaia.events.UserIds;
import io.gaia.kb.support.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User ids of any length the protocol accepts never become over-long file names: the players act,
 * the fold succeeds, and after a restart the experience is loaded with their state. State folders
 * written with the earlier (longer) names still load.
 */
class LongUserIdsTest {

    static final String WOODS = "wylding-woods";
    static final String ASCII_300 = "player." + "x".repeat(293);
    static final String CYRILLIC_120 = "пользователь".repeat(10);
    static final String LONGEST = "y".repeat(UserIds.MAX_BYTES);

    @TempDir
    Path state;

    @Test
    void longAndNonAsciiIdsActFoldAndAreLoadedAfterARestart() throws Exception {
        assertThat(ASCII_300).hasSize(300);
        assertThat(CYRILLIC_120).hasSize(120);
        assertThat(UserIds.isValid(LONGEST)).isTrue();
        Map<String, String> bottles = Map.of(ASCII_300, "bottle_joy", CYRILLIC_120, "bottle_energy", LONGEST, "bottle_nature");
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            bottles.forEach((user, bottle) -> assertThat(sandbox.act(user, WOODS, "collect_item",
                    Map.of("instance_id", bottle)).success()).as(bottle).isTrue());
            assertThat(sandbox.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_mystery")).success()).isTrue();
        }
        Path experience = state.resolve(WOODS);
        // folded on close: each player's own file holds its id; every file name is short
        for (String user : bottles.keySet()) {
            Path file = experience.resolve("players").resolve(UserFileNames.of(user) + ".json");
            assertThat(Files.readString(file)).contains(user).contains(bottles.get(user));
        }
        try (Stream<Path> files = Files.walk(state)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.git/")))
                    .allSatisfy(p -> assertThat(p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length)
                            .as(p.getFileName().toString()).isLessThan(100));
        }
        assertThat(experience.resolve("players/alice.json")).exists(); // short ids keep their readable name
        try (Sandbox restarted = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            assertThat(restarted.engines().failures()).isEmpty();
            bottles.forEach((user, bottle) -> {
                assertThat(restarted.areaOfInterest(user, WOODS).toString()).as(bottle).contains(bottle);
                assertThat(restarted.act("bob", WOODS, "collect_item", Map.of("instance_id", bottle)).code())
                        .isEqualTo(ErrorCodes.ALREADY_TAKEN);
            });
            List<String> players = playerIds(restarted);
            assertThat(players).contains(ASCII_300, CYRILLIC_120, LONGEST, "alice");
            ActionResponse where = restarted.act(Sandbox.admin("admin"), WOODS, "@where " + ASCII_300, Map.of());
            assertThat(where.success()).as(where.message()).isTrue();
            assertThat(where.metadata().get("inventory")).isEqualTo(List.of("bottle_joy"));
        }
    }

    @Test
    void adminCommandsNamingAnUnknownLongIdAnswerNotFound() throws Exception {
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            for (String id : List.of("z".repeat(300), "ж".repeat(600), "q".repeat(1_500))) {
                ActionResponse where = sandbox.act(Sandbox.admin("admin"), WOODS, "@where " + id, Map.of());
                assertThat(where.code()).as(where.message()).isEqualTo(ErrorCodes.NOT_FOUND);
            }
        }
    }

    @Test
    void stateWrittenWithTheEarlierLongFileNamesIsLoadedAndMigrated() throws Exception {
        String user = "legacy." + "l".repeat(150);
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            assertThat(sandbox.act(user, WOODS, "collect_item", Map.of("instance_id", "bottle_joy")).success()).isTrue();
        }
        // what an earlier version wrote: the whole encoded id as the file name
        Path players = state.resolve(WOODS).resolve("players");
        Path current = players.resolve(UserFileNames.of(user) + ".json");
        Path legacy = players.resolve(SubjectToken.encode(user) + ".json");
        assertThat(current.getFileName().toString()).contains("~");
        Files.move(current, legacy);
        try (Stream<Path> records = Files.list(state.resolve(WOODS).resolve("commits"))) {
            for (Path record : records.toList()) {
                Files.delete(record); // all folded already; an earlier version's records named the legacy file
            }
        }
        try (Sandbox restarted = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            assertThat(playerIds(restarted)).containsOnlyOnce(user);
            assertThat(restarted.areaOfInterest(user, WOODS).toString()).contains("bottle_joy");
            assertThat(restarted.act(user, WOODS, "drop_item", Map.of("instance_id", "bottle_joy")).success()).isTrue();
        }
        assertThat(current).exists();
        assertThat(legacy).doesNotExist();
        assertThat(Files.readString(current)).contains(user);
        try (Sandbox again = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            assertThat(again.act("bob", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")).success()).isTrue();
        }
    }

    @Test
    void aWorldResetTakesBackWhatAPlayerStillStoredUnderTheLegacyNameCarries() throws Exception {
        String user = "legacy." + "l".repeat(150);
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            assertThat(sandbox.act(user, WOODS, "collect_item", Map.of("instance_id", "bottle_joy")).success()).isTrue();
        }
        Path players = state.resolve(WOODS).resolve("players");
        Files.move(players.resolve(UserFileNames.of(user) + ".json"), players.resolve(SubjectToken.encode(user) + ".json"));
        try (Stream<Path> records = Files.list(state.resolve(WOODS).resolve("commits"))) {
            for (Path record : records.toList()) {
                Files.delete(record);
            }
        }
        try (Sandbox restarted = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            ActionResponse reset = restarted.act(Sandbox.admin("admin"), WOODS, "@reset world CONFIRM", Map.of());
            assertThat(reset.success()).as(reset.message()).isTrue();
            assertThat(reset.metadata()).containsEntry("items_returned", 1);
            ActionResponse where = restarted.act(Sandbox.admin("admin"), WOODS, "@where " + user, Map.of());
            assertThat(where.metadata().get("inventory")).isEqualTo(List.of());
            assertThat(restarted.act("bob", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")).success()).isTrue();
        }
    }

    private static List<String> playerIds(Sandbox sandbox) {
        ExperienceEngine engine = sandbox.engines().engine(WOODS).orElseThrow();
        return engine.submit("admin", null, Tx::playerIds).join().value();
    }
}
