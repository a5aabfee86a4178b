package io.gaia.kb.world;

import io.gaia.events.SubjectToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A player's profile across experiences ({@code <state-dir>/_profiles/<user>.json}): when they
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
        Path file = dir.resolve(SubjectToken.encode(userId) + ".json");
        try {
            Map<String, Object> profile = read(file);
            profile.put("user_id", userId);
            profile.putIfAbsent("created_at", now);
            @SuppressWarnings("unchecked")
            Map<String, Object> experiences = (Map<String, Object>) profile.computeIfAbsent("experiences",
                    k -> new LinkedHashMap<>());
            experiences.put(experience, Map.of("joined_at", now));
            profile.put("last_experience", experience);
            AtomicFiles.write(file, mapper.writeValueAsBytes(profile));
        } catch (IOException | RuntimeException e) {
            // the profile is a convenience; never fail a game action over it
            log.warn("profile of '{}' not updated: {}", userId, e.toString());
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> read(String userId) throws IOException {
        return read(dir.resolve(SubjectToken.encode(userId) + ".json"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>(mapper.readValue(Files.readAllBytes(file), Map.class));
    }
}
