package io.gaia.kb.world;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A player's profile across experiences ({@code <state-dir>/_profiles/<user>.json}, the
 * file named by {@link UserFileNames}, the id inside): when they
 * first and last joined each experience. Written when a player is created in an experience, from
 * that experience's writer thread; the lock only orders writers of different experiences.
 */
public final class ProfileStore implements Tx.BootstrapListener {

    private static final Logger log = LoggerFactory.getLogger(ProfileStore.class);
    static final String DIR = "_profiles";

    private final Path dir;
    private final JsonMapper mapper;

    public ProfileStore(Path stateRoot, JsonMapper mapper) {
        this.dir = stateRoot.resolve(DIR);
        this.mapper = mapper;
    }

    @Override
    public synchronized void bootstrapped(String experience, String userId, long now) {
        Path file = file(userId);
        try {
            Map<String, Object> profile = read(userId);
            profile.put("user_id", userId);
            profile.putIfAbsent("created_at", now);
            @SuppressWarnings("unchecked")
            Map<String, Object> experiences = (Map<String, Object>) profile.computeIfAbsent("experiences",
                    k -> new LinkedHashMap<>());
            experiences.put(experience, Map.of("joined_at", now));
            profile.put("last_experience", experience);
            AtomicFiles.write(file, mapper.writeValueAsBytes(profile));
            Optional<Path> legacy = legacyFile(userId);
            if (legacy.isPresent()) {
                Files.deleteIfExists(legacy.get());
            }
        } catch (IOException | RuntimeException e) {
            // the profile is a convenience; never fail a game action over it
            log.warn("profile of '{}' not updated: {}", userId, e.toString());
        }
    }

    /** The profile, also from the longer file name an earlier version used (migrated on the next write). */
    public Map<String, Object> read(String userId) throws IOException {
        Path file = file(userId);
        if (!Files.exists(file)) {
            file = legacyFile(userId).filter(Files::exists).orElse(file);
        }
        return read(file);
    }

    private Path file(String userId) {
        return dir.resolve(UserFileNames.of(userId) + ".json");
    }

    private Optional<Path> legacyFile(String userId) {
        return UserFileNames.legacy(userId).map(name -> dir.resolve(name + ".json"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>(mapper.readValue(Files.readAllBytes(file), Map.class));
    }
}
