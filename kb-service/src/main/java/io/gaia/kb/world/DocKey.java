package io.gaia.kb.world;

import io.gaia.events.SubjectToken;
import io.gaia.events.VersionScope;

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

    /** Path inside the experience's state folder. User ids are encoded, so no id can escape the folder. */
    public String relativePath() {
        return switch (kind) {
            case SHARED_WORLD -> WORLD_FILE;
            case PRIVATE_WORLD -> WORLDS_DIR + "/" + SubjectToken.encode(userId) + ".json";
            case PLAYER -> PLAYERS_DIR + "/" + SubjectToken.encode(userId) + ".json";
        };
    }

    /** The key a relative path names, or null for any other path (used when replaying a commit record). */
    public static DocKey parse(String relativePath) {
        if (WORLD_FILE.equals(relativePath)) {
            return SHARED;
        }
        String[] parts = relativePath.split("/");
        if (parts.length != 2 || !parts[1].endsWith(".json")) {
            return null;
        }
        String token = parts[1].substring(0, parts[1].length() - ".json".length());
        if (token.isEmpty() || !token.matches("[A-Za-z0-9_%-]+")) {
            return null;
        }
        String user;
        try {
            user = SubjectToken.decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return switch (parts[0]) {
            case WORLDS_DIR -> privateWorld(user);
            case PLAYERS_DIR -> player(user);
            default -> null;
        };
    }
}
