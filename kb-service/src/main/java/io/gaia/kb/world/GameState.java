package io.gaia.kb.world;

import io.gaia.kb.experience.ExperienceContent;
import io.gaia.kb.experience.StateModel;
import io.gaia.kb.experience.WorldTemplates;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.NpcState;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live state of one experience in memory: the shared world (or the loaded private worlds)
 * and the loaded players, read from the {@link StateStore} on first use. Owned by the experience's
 * writer thread; nothing else touches it.
 */
public final class GameState {

    private final String experienceId;
    private final StateStore store;
    private final JsonMapper mapper;
    private volatile ExperienceContent content;
    private WorldState sharedWorld;
    private final Map<String, WorldState> privateWorlds = new HashMap<>();
    private final Map<String, PlayerState> players = new HashMap<>();
    /** Every instance id this experience has had, to tell "already taken" from "no such item". */
    private final Set<String> knownItems = new HashSet<>();

    public GameState(ExperienceContent content, StateStore store, JsonMapper mapper) {
        this.experienceId = content.id();
        this.content = content;
        this.store = store;
        this.mapper = mapper;
        remember(content.worldTemplate());
    }

    public String experienceId() {
        return experienceId;
    }

    public ExperienceContent content() {
        return content;
    }

    public void content(ExperienceContent content) {
        this.content = content;
    }

    public StateModel model() {
        return content.config().model();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    public StateStore store() {
        return store;
    }

    /** The shared world, loaded or (first start) made from the template; true in {@code created} means it is new. */
    WorldState sharedWorld(boolean[] created) {
        if (sharedWorld == null) {
            Optional<WorldState> stored = store.loadWorld(DocKey.sharedWorld());
            sharedWorld = stored.orElseGet(this::freshWorld);
            created[0] = stored.isEmpty();
            remember(sharedWorld);
        }
        return sharedWorld;
    }

    Optional<WorldState> loadedOrStoredPrivateWorld(String userId) {
        WorldState world = privateWorlds.get(userId);
        if (world == null) {
            world = store.loadWorld(DocKey.privateWorld(userId)).orElse(null);
            if (world != null) {
                privateWorlds.put(userId, world);
                remember(world);
            }
        }
        return Optional.ofNullable(world);
    }

    void putPrivateWorld(String userId, WorldState world) {
        privateWorlds.put(userId, world);
        remember(world);
    }

    void putSharedWorld(WorldState world) {
        sharedWorld = world;
        remember(world);
    }

    Optional<PlayerState> loadedOrStoredPlayer(String userId) {
        PlayerState player = players.get(userId);
        if (player == null) {
            player = store.loadPlayer(userId).orElse(null);
            if (player != null) {
                players.put(userId, player);
                player.inventory.forEach(item -> knownItems.add(item.instanceId));
            }
        }
        return Optional.ofNullable(player);
    }

    /** Whether a player may hold one of these items (exact for loaded players; a byte pre-check for stored ones). */
    boolean playerMayHold(String userId, Set<String> instanceIds) {
        PlayerState loaded = players.get(userId);
        if (loaded != null) {
            return loaded.inventory.stream().anyMatch(item -> instanceIds.contains(item.instanceId));
        }
        return store.playerMentions(userId, instanceIds);
    }

    void putPlayer(PlayerState player) {
        players.put(player.userId, player);
        player.inventory.forEach(item -> knownItems.add(item.instanceId));
    }

    /** Forgets every loaded document (the state folder was archived or restored underneath). */
    void forgetLoaded() {
        sharedWorld = null;
        privateWorlds.clear();
        players.clear();
    }

    /** The current bytes of a document, for the commit record. */
    byte[] serialize(DocKey key) {
        Object doc = switch (key.kind()) {
            case SHARED_WORLD -> sharedWorld;
            case PRIVATE_WORLD -> privateWorlds.get(key.userId());
            case PLAYER -> players.get(key.userId());
        };
        return mapper.writeValueAsBytes(doc);
    }

    /**
     * What a commit record needs of a world whose changes all lay in {@code zones} or outside every zone:
     * those zones and the world's members other than its locations (NPCs, global state, metadata with the
     * chains' versions), as {@link DocContent} parts. A zone no longer there is a part that removes it.
     */
    DocContent serializeParts(DocKey key, java.util.Collection<String> zones) {
        WorldState world = key.kind() == DocKey.Kind.SHARED_WORLD ? sharedWorld : privateWorlds.get(key.userId());
        Map<String, byte[]> parts = new java.util.LinkedHashMap<>();
        parts.put(DocContent.pointer("", WorldState.NPCS), mapper.writeValueAsBytes(world.npcs));
        parts.put(DocContent.pointer("", WorldState.GLOBAL_STATE), mapper.writeValueAsBytes(world.globalState));
        parts.put(DocContent.pointer("", WorldState.METADATA), mapper.writeValueAsBytes(world.metadata));
        String locations = DocContent.pointer("", WorldState.LOCATIONS);
        for (String zone : zones) {
            parts.put(DocContent.pointer(locations, zone), mapper.writeValueAsBytes(world.locations.get(zone)));
        }
        return DocContent.parts(parts);
    }

    WorldState freshWorld() {
        WorldState world = WorldTemplates.copy(content, mapper);
        world.metadata.version = 0;
        return world;
    }

    public boolean isKnownItem(String instanceId) {
        return knownItems.contains(instanceId);
    }

    void rememberItem(String instanceId) {
        knownItems.add(instanceId);
    }

    private void remember(WorldState world) {
        world.locations.values().forEach(zone -> zone.areas.values().forEach(area -> area.spots.values()
                .forEach(spot -> spot.items.forEach(item -> knownItems.add(item.instanceId)))));
        for (NpcState npc : world.npcs.values()) {
            for (Item item : npc.inventory) {
                knownItems.add(item.instanceId);
            }
        }
    }
}
