package io.gaia.events.socket;

/**
 * The {@code type} of every frame on session-service's {@code /ws/experience} WebSocket, defined once.
 * Documented, with one example each, in docs/protocol.md ("session-service WebSocket").
 */
public final class SocketTypes {

    // Client -> server
    public static final String ACTION = "action";
    public static final String PING = "ping";
    public static final String GET_COMMANDS = "get_commands";
    public static final String UPDATE_LOCATION = "update_location";
    public static final String CHAT = "chat";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String RESUME = "resume";

    // Server -> client
    public static final String CONNECTED = "connected";
    public static final String ACTION_RESPONSE = "action_response";
    public static final String WORLD_UPDATE = "world_update";
    public static final String AREA_OF_INTEREST = "area_of_interest";
    public static final String QUEST_UPDATE = "quest_update";
    public static final String QUEST_COMPLETE = "quest_complete";
    public static final String PONG = "pong";
    public static final String COMMANDS_SCHEMA = "commands_schema";
    public static final String ERROR = "error";
    public static final String TOKEN_REFRESHED = "token_refreshed";
    public static final String TOKEN_EXPIRING = "token_expiring";
    public static final String RESUMED = "resumed";
    public static final String CHAT_STARTED = "chat_started";
    public static final String CHAT_CONTENT = "chat_content";
    public static final String CHAT_COMPLETE = "chat_complete";

    private SocketTypes() {
    }
}
