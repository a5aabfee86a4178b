package io.gaia.kb.world;

import io.gaia.events.VersionScope;
import java.util.Optional;

/**
 * Names one state document of an experience: the shared world, a player's private world
 * (isolated model) or a player's own state. Each document has its own version counter.
 */
public record DocKey(Kind kind, String userId) {

    public enum Kind { SHARED_WORLD, PRIVATE_WORLD, PLAYER }

    static final String WORLD_FILE = "world.json";
    static final String WORLDS_DIR = "worlds";
    static final String PLAYERS_DIR = "players";

    private static final DocKey SHARED = new DocKey(Kind.SHARED_WORLD, null);

    public static DocKey sharedWorld() {
        return SHARED;
    }

    public static DocKey privateWorld(String userId) {
        return new DocKey(Kind.PRIVATE_WORLD, userId);
    }

    public static DocKey player(String userId) {
        return new DocKey(Kind.PLAYER, userId);
    }

    public VersionScope scope() {
        return kind == Kind.PLAYER ? VersionScope.PLAYER : VersionScope.WORLD;
    }

    public boolean isWorld() {
        return kind != Kind.PLAYER;
    }

    /**
     * Path inside the experience's state folder. User ids are encoded ({@link UserFileNames}), so no
     * id can escape the folder and no name is longer than 100 bytes.
     */
    public String relativePath() {
        return switch (kind) {
            case SHARED_WORLD -> WORLD_FILE;
            case PRIVATE_WORLD -> WORLDS_DIR + "/" + UserFileNames.of(userId) + ".json";
            case PLAYER -> PLAYERS_DIR + "/" + UserFileNames.of(userId) + ".json";
        };
    }

    /** Where an earlier version stored this document, when that differs from {@link #relativePath} (read as a fallback). */
    public Optional<String> legacyRelativePath() {
        String dir = kind == Kind.PLAYER ? PLAYERS_DIR : WORLDS_DIR;
        return kind == Kind.SHARED_WORLD ? Optional.empty()
                : UserFileNames.legacy(userId).map(name -> dir + "/" + name + ".json");
    }

    /** True when a relative path names a state document (used when replaying a commit record). */
    public static boolean isDocumentPath(String relativePath) {
        if (WORLD_FILE.equals(relativePath)) {
            return true;
        }
        String[] parts = relativePath.split("/");
        return parts.length == 2 && (WORLDS_DIR.equals(parts[0]) || PLAYERS_DIR.equals(parts[0]))
                && parts[1].endsWith(".json") && UserFileNames.isValid(stem(parts[1]));
    }

    /**
     * The key a relative path names, or null for any other path and for hashed names (whose user id
     * is only inside the document).
     */
    public static DocKey parse(String relativePath) {
        if (WORLD_FILE.equals(relativePath)) {
            return SHARED;
        }
        String[] parts = relativePath.split("/");
        if (parts.length != 2 || !parts[1].endsWith(".json")) {
            return null;
        }
        String user = UserFileNames.decode(stem(parts[1])).orElse(null);
        if (user == null) {
            return null;
        }
        return switch (parts[0]) {
            case WORLDS_DIR -> privateWorld(user);
            case PLAYERS_DIR -> player(user);
            default -> null;
        };
    }

    private static String stem(String fileName) {
        return fileName.substring(0, fileName.length() - ".json".length());
    }
}
