package io.gaia.kb.world;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.ExperienceLifecycleEvent;
import io.gaia.events.StatePaths;
import io.gaia.events.Subjects;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.events.ZoneChain;
import io.gaia.kb.experience.ExperienceContent;
import io.gaia.kb.experience.Interest;
import io.gaia.kb.experience.StateModel;
import io.gaia.kb.experience.WorldTemplates;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.NpcState;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.QuestProgress;
import io.gaia.kb.state.WorldState;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One job's view of an experience's state, and the only way to change it. Every mutation records
 * the {@link Change} a client needs, on the document it belongs to; {@link #finish()} then bumps
 * each touched document's version once and turns its changes into one {@link WorldUpdateEvent}.
 * The first access to a player creates it (auto-bootstrap), whatever the entry point.
 */
public final class Tx {

    public static final String SOURCE = "kb-service";
    /** Paths kb-service uses beyond {@link StatePaths}. */
    public static final String PLAYER_STATS = "player.stats";
    public static final String WORLD_ROOT = "world";
    public static final String PLAYER_ROOT = "player";

    private final GameState state;
    private final String actorId;
    private final String requestId;
    private final long now;
    private final BootstrapListener bootstrapListener;
    private final Map<DocKey, List<Change>> changes = new LinkedHashMap<>();
    private final Set<DocKey> dirty = new LinkedHashSet<>();
    /** Dirty documents changed other than through the change-recording mutations: saved whole. */
    private final Set<DocKey> dirtyWhole = new java.util.HashSet<>();
    /** The zones of each world document this job's recorded changes lay in (changes in no zone add none). */
    private final Map<DocKey, Set<String>> zonesChanged = new java.util.HashMap<>();
    private final Map<WorldState, DocKey> worldKeys = new IdentityHashMap<>();
    private List<Delta> deltas;
    private ExperienceLifecycleEvent lifecycle;
    private Runnable beforeReplacingState = () -> { };

    /** Told when a player is created in an experience (e.g. to update the cross-experience profile). */
    @FunctionalInterface
    public interface BootstrapListener {
        BootstrapListener NONE = (experience, userId, now) -> { };

        void bootstrapped(String experience, String userId, long now);
    }

    public Tx(GameState state, String actorId, String requestId, long now, BootstrapListener bootstrapListener) {
        this.state = state;
        this.actorId = actorId;
        this.requestId = requestId;
        this.now = now;
        this.bootstrapListener = bootstrapListener;
    }

    public ExperienceContent content() {
        return state.content();
    }

    public String experienceId() {
        return state.experienceId();
    }

    public String actorId() {
        return actorId;
    }

    public long now() {
        return now;
    }

    public StateModel model() {
        return state.model();
    }

    /** The history the versions this job sees belong to. */
    public String epoch() {
        return state.store().epoch();
    }

    public tools.jackson.databind.json.JsonMapper mapper() {
        return state.mapper();
    }

    /** The acting player, created on first contact. */
    public PlayerState player() {
        return playerOf(actorId);
    }

    /** The acting player's world: the shared one, or their private copy (created on first contact). */
    public WorldState world() {
        return worldOf(actorId);
    }

    /** Another player, created on first contact like the actor (used by admin commands and resets). */
    public PlayerState playerOf(String userId) {
        Optional<PlayerState> existing = state.loadedOrStoredPlayer(userId);
        if (existing.isPresent()) {
            return existing.get();
        }
        PlayerState player = WorldTemplates.newPlayer(content(), userId, now);
        state.putPlayer(player);
        DocKey key = DocKey.player(userId);
        dirtyWhole(key);
        record(key, Change.update(StatePaths.PLAYER_LOCATION, null, Change.Location.NOWHERE, location(player)));
        for (Item item : player.inventory) {
            record(key, Change.add(StatePaths.INVENTORY, item.instanceId, Change.Location.NOWHERE, itemMap(item)));
        }
        bootstrapListener.bootstrapped(experienceId(), userId, now);
        return player;
    }

    /** An existing player, without creating one. */
    public Optional<PlayerState> existingPlayer(String userId) {
        return state.loadedOrStoredPlayer(userId);
    }

    public List<String> playerIds() {
        return state.store().playerIds();
    }

    public WorldState worldOf(String userId) {
        WorldState world;
        DocKey key;
        if (model() == StateModel.SHARED) {
            boolean[] created = new boolean[1];
            world = state.sharedWorld(created);
            key = DocKey.sharedWorld();
            if (created[0]) {
                dirtyWhole(key);
            }
        } else {
            key = DocKey.privateWorld(userId);
            world = state.loadedOrStoredPrivateWorld(userId).orElse(null);
            if (world == null) {
                world = state.freshWorld();
                state.putPrivateWorld(userId, world);
                dirtyWhole(key);
            }
        }
        worldKeys.put(world, key);
        return world;
    }

    public boolean isKnownItem(String instanceId) {
        return state.isKnownItem(instanceId);
    }

    /** {@code template}, or {@code template-2}, {@code -3}...: the first id no item of this experience ever had. */
    public String freshItemId(String template) {
        return freshItemId(template, id -> false);
    }

    /** As {@link #freshItemId(String)}, also skipping ids {@code alsoTaken} (e.g. planned but not yet added). */
    public String freshItemId(String template, java.util.function.Predicate<String> alsoTaken) {
        if (!isKnownItem(template) && !alsoTaken.test(template)) {
            return template;
        }
        String base = template.length() > 56 ? template.substring(0, 56) : template;
        for (int n = 2; ; n++) {
            String id = base + "-" + n;
            if (!isKnownItem(id) && !alsoTaken.test(id)) {
                return id;
            }
        }
    }

    // ---- world mutations

    public void removeFromSpot(WorldState world, SpotRef at, Item item) {
        at.spot().items.removeIf(i -> i.instanceId.equals(item.instanceId));
        record(keyOf(world), Change.remove(at.path(), item.instanceId, at.location()));
    }

    public void addToSpot(WorldState world, SpotRef at, Item item) {
        at.spot().items.add(item);
        state.rememberItem(item.instanceId);
        record(keyOf(world), Change.add(at.path(), item.instanceId, at.location(), itemMap(item)));
    }

    public void updateSpotItem(WorldState world, SpotRef at, Item item, Map<String, Object> fields) {
        record(keyOf(world), Change.update(at.path(), item.instanceId, at.location(), nonNull(fields)));
    }

    /** Hands {@code item} to an NPC: it joins the NPC's keeping (an {@code update} of the NPC listing what it holds). */
    public void giveToNpc(WorldState world, String npcId, Item item) {
        NpcState npc = world.npcs.computeIfAbsent(npcId, id -> new NpcState());
        npc.inventory.add(item);
        state.rememberItem(item.instanceId);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("inventory", npc.inventory.stream().map(i -> i.instanceId).toList());
        record(keyOf(world), Change.update(StatePaths.npc(npcId), item.instanceId, Change.Location.NOWHERE, fields));
    }

    /** Takes {@code item} from an NPC's keeping (an {@code update} of the NPC listing what it still holds). */
    public void removeFromNpc(WorldState world, String npcId, Item item) {
        NpcState npc = world.npcs.computeIfAbsent(npcId, id -> new NpcState());
        npc.inventory.removeIf(i -> i.instanceId.equals(item.instanceId));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("inventory", npc.inventory.stream().map(i -> i.instanceId).toList());
        record(keyOf(world), Change.update(StatePaths.npc(npcId), item.instanceId, Change.Location.NOWHERE, fields));
    }

    public void updateNpcState(WorldState world, String npcId, Map<String, Object> fields) {
        NpcState npc = world.npcs.computeIfAbsent(npcId, id -> new NpcState());
        npc.state.putAll(fields);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", new LinkedHashMap<>(npc.state));
        record(keyOf(world), Change.update(StatePaths.npc(npcId), null, Change.Location.NOWHERE, out));
    }

    public void updateGlobalState(WorldState world, Map<String, Object> fields) {
        world.globalState.putAll(fields);
        record(keyOf(world), Change.update(StatePaths.GLOBAL_STATE, null, Change.Location.NOWHERE, nonNull(fields)));
    }

    // ---- player mutations

    public void addToInventory(PlayerState player, Item item) {
        player.inventory.add(item);
        state.rememberItem(item.instanceId);
        record(DocKey.player(player.userId), Change.add(StatePaths.INVENTORY, item.instanceId, Change.Location.NOWHERE,
                itemMap(item)));
    }

    public void removeFromInventory(PlayerState player, Item item) {
        player.inventory.removeIf(i -> i.instanceId.equals(item.instanceId));
        record(DocKey.player(player.userId), Change.remove(StatePaths.INVENTORY, item.instanceId, Change.Location.NOWHERE));
    }

    public void updateInventoryItem(PlayerState player, Item item, Map<String, Object> fields) {
        record(DocKey.player(player.userId), Change.update(StatePaths.INVENTORY, item.instanceId, Change.Location.NOWHERE,
                nonNull(fields)));
    }

    public void moveTo(PlayerState player, String zone, String area) {
        player.currentLocation = zone;
        player.currentArea = area;
        record(DocKey.player(player.userId), Change.update(StatePaths.PLAYER_LOCATION, null, Change.Location.NOWHERE,
                location(player)));
    }

    public void putQuest(PlayerState player, String questId, QuestProgress progress, boolean added) {
        player.quests.put(questId, progress);
        Map<String, Object> map = nonNull(mapper().convertValue(progress, Map.class));
        map.put("quest_id", questId);
        DocKey key = DocKey.player(player.userId);
        record(key, added ? Change.add(StatePaths.quest(questId), questId, Change.Location.NOWHERE, map)
                : Change.update(StatePaths.quest(questId), questId, Change.Location.NOWHERE, map));
    }

    /** Sets keys of the player's own state ({@code player.state}). */
    public void updatePlayerState(PlayerState player, Map<String, Object> fields) {
        if (player.state == null) {
            player.state = new LinkedHashMap<>();
        }
        player.state.putAll(fields);
        record(DocKey.player(player.userId), Change.update(StatePaths.PLAYER_STATE, null, Change.Location.NOWHERE,
                nonNull(fields)));
    }

    public void incrementStat(PlayerState player, String name) {
        long value = player.stats.merge(name, 1L, Long::sum);
        record(DocKey.player(player.userId), Change.update(PLAYER_STATS, null, Change.Location.NOWHERE, Map.of(name, value)));
    }

    /** Empties a player's quest progress and counters (player reset); each quest is removed by a delta. */
    public void clearProgress(PlayerState player) {
        DocKey key = DocKey.player(player.userId);
        for (String questId : List.copyOf(player.quests.keySet())) {
            player.quests.remove(questId);
            record(key, Change.remove(StatePaths.quest(questId), questId, Change.Location.NOWHERE));
        }
        if (!player.stats.isEmpty()) {
            Map<String, Object> zeros = new LinkedHashMap<>();
            player.stats.keySet().forEach(name -> zeros.put(name, 0L));
            player.stats.clear();
            record(key, Change.update(PLAYER_STATS, null, Change.Location.NOWHERE, zeros));
        }
    }

    /** Whether backup {@code id} exists (a valid id and a folder under {@code backups/}). */
    public boolean hasBackup(String id) {
        return state.store().hasBackup(id);
    }

    /** Whether {@code id} is taken by a backup (complete or still being completed). */
    public boolean backupIdTaken(String id) {
        return state.store().backupIdTaken(id);
    }

    /** The ids of this experience's backups, oldest first by name. */
    public List<String> backups() {
        try {
            return state.store().backups();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("backups cannot be listed", e);
        }
    }

    // ---- history breaks (admin reset/restore): no deltas, a new epoch, one lifecycle event

    /**
     * The history breaks in this job: from here on the state is in {@code newEpoch}. The job
     * publishes no deltas (a client cannot apply a reset); once it is durable the engine publishes
     * one {@link ExperienceLifecycleEvent} and every client resyncs from a snapshot.
     */
    void breakHistory(String previousEpoch, String reason) {
        changes.clear();
        lifecycle = ExperienceLifecycleEvent.of(experienceId(), epoch(), previousEpoch, reason, now);
    }

    /** What the engine must do before this job replaces the state underneath the batch (see {@link #replacingState}). */
    void beforeReplacingState(Runnable settleEarlierJobs) {
        this.beforeReplacingState = settleEarlierJobs;
    }

    /**
     * Called by a reset or restore before it archives, backs up or replaces the state: the engine
     * first saves, publishes and answers the jobs that ran before this one in the same batch.
     */
    void replacingState() {
        beforeReplacingState.run();
    }

    /** The lifecycle event this job caused, if it broke the history. */
    ExperienceLifecycleEvent lifecycle() {
        return lifecycle;
    }

    GameState state() {
        return state;
    }

    /** Saves a document changed outside the delta-recording mutations (only while breaking the history). */
    void markDirty(DocKey key) {
        dirtyWhole(key);
    }

    /** Forgets what this job touched before the state was replaced underneath it (archive/restore). */
    void forgetTouched() {
        changes.clear();
        dirty.clear();
        dirtyWhole.clear();
        zonesChanged.clear();
        worldKeys.clear();
    }

    // ---- for the engine

    /** Bumps each touched document's version once and builds its delta. Call once, after the job. */
    List<Delta> finish() {
        if (deltas != null) {
            return deltas;
        }
        deltas = new ArrayList<>();
        if (lifecycle != null) {
            return deltas; // a new epoch: clients take a snapshot, there is nothing to apply
        }
        String epoch = epoch();
        EventMetadata metadata = new EventMetadata(SOURCE, model().wireName(), requestId);
        for (Map.Entry<DocKey, List<Change>> entry : changes.entrySet()) {
            DocKey key = entry.getKey();
            io.gaia.kb.state.DocMetadata doc = metadataOf(key);
            long base = doc.version;
            doc.version = base + 1;
            doc.updatedAt = now;
            if (key.kind() == DocKey.Kind.SHARED_WORLD) {
                zoneDeltas(worldOf(actorId), entry.getValue(), metadata, epoch);
                continue;
            }
            deltas.add(new Delta(Subjects.userUpdates(key.userId()), WorldUpdateEvent.of(experienceId(), key.userId(),
                    key.scope(), base, base + 1, entry.getValue(), now, metadata).withEpoch(epoch)));
        }
        return deltas;
    }

    /**
     * A shared world's changes as links of the chains' own version counters ({@link ZoneChain}: each
     * zone's, or each area's where the experience scopes interest by area): each chain a change happens
     * in moves one version on and gets one delta with its changes; a change that is in no zone (global
     * state, an NPC's keeping) is visible everywhere, so every chain moves on and every chain's delta
     * carries it, in the order the job made the changes.
     */
    private void zoneDeltas(WorldState world, List<Change> all, EventMetadata metadata, String epoch) {
        Map<String, List<Change>> byChain = new LinkedHashMap<>();
        for (Change change : all) {
            for (String chain : chainsOf(world, change)) {
                byChain.computeIfAbsent(chain, c -> new ArrayList<>()).add(change);
            }
        }
        for (Map.Entry<String, List<Change>> chain : byChain.entrySet()) {
            long base = world.metadata.bumpZone(chain.getKey());
            deltas.add(new Delta(Subjects.zoneUpdates(experienceId(), chain.getKey()), WorldUpdateEvent.of(experienceId(),
                    actorId, io.gaia.events.VersionScope.WORLD, base, base + 1, chain.getValue(), now, metadata)
                    .withEpoch(epoch).inZone(chain.getKey())));
        }
    }

    /**
     * The chains a shared-world change is a link of: its zone's (or its area's); every area's of its
     * zone when it names no area; every chain when it is in no zone.
     */
    private List<String> chainsOf(WorldState world, Change change) {
        if (change.zoneId() == null) {
            List<String> every = new ArrayList<>();
            world.locations.keySet().forEach(zone -> every.addAll(chainsOfZone(world, zone)));
            return every;
        }
        if (!byArea() || change.areaId() != null) {
            return List.of(ZoneChain.of(change.zoneId(), change.areaId(), byArea()));
        }
        return chainsOfZone(world, change.zoneId());
    }

    /** A zone's chains: the zone's own, or each of its areas' where interest is scoped by area. */
    private List<String> chainsOfZone(WorldState world, String zone) {
        io.gaia.kb.state.Zone z = world.locations.get(zone);
        if (!byArea() || z == null || z.areas.isEmpty()) {
            return List.of(zone);
        }
        return z.areas.keySet().stream().map(area -> ZoneChain.of(zone, area, true)).toList();
    }

    /** True when this job's shared-world changes move {@code chain} on (a change there, or one everywhere). */
    private boolean touchesChain(List<Change> worldChanges, String chain) {
        for (Change change : worldChanges) {
            if (linksTo(change, chain)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code change} is a link of {@code chain} (as {@link #chainsOf} says, without listing every chain). */
    private boolean linksTo(Change change, String chain) {
        if (change.zoneId() == null) {
            return true;
        }
        if (!byArea() || change.areaId() != null) {
            return ZoneChain.of(change.zoneId(), change.areaId(), byArea()).equals(chain);
        }
        return ZoneChain.parse(chain).zone().equals(change.zoneId());
    }

    /** True when the experience scopes interest by area (each area of a zone has its own chain). */
    private boolean byArea() {
        return content().config().interest() == Interest.AREA;
    }

    Set<DocKey> dirty() {
        return dirty;
    }

    /**
     * For a dirty world document changed only through the change-recording mutations: the zones those
     * changes lay in (a commit record then carries those zones and the world's other members, not the
     * whole world). Null when the document must be saved whole (created, replaced, or not a world).
     */
    Set<String> zonesChangedOnly(DocKey key) {
        if (!key.isWorld() || dirtyWhole.contains(key)) {
            return null;
        }
        return zonesChanged.getOrDefault(key, Set.of());
    }

    private void dirtyWhole(DocKey key) {
        dirty.add(key);
        dirtyWhole.add(key);
    }

    /** The actor's versions now (after {@link #finish()}: after the job). */
    public Versions versions() {
        Optional<PlayerState> actor = state.loadedOrStoredPlayer(actorId);
        String chain = chainOf(actor.map(p -> p.currentLocation).orElse(null), actor.map(p -> p.currentArea).orElse(null));
        long world = worldVersion(worldOf(actorId), chain);
        long player = actor.map(p -> p.metadata.version).orElse(0L);
        return new Versions(world, player, epoch(), chain);
    }

    /** The actor's versions as they will be once this job commits (for snapshots built inside the job). */
    public Versions versionsAfterCommit() {
        WorldState world = world();
        PlayerState player = player();
        long pending = deltas == null ? 1 : 0;
        List<Change> worldChanges = changes.get(keyOf(world));
        String chain = chainOf(player.currentLocation, player.currentArea);
        long worldVersion = worldVersion(world, chain);
        if (worldChanges != null && (model() != StateModel.SHARED || touchesChain(worldChanges, chain))) {
            worldVersion += pending;
        }
        long playerVersion = player.metadata.version + (changes.containsKey(DocKey.player(actorId)) ? pending : 0);
        return new Versions(worldVersion, playerVersion, epoch(), chain);
    }

    /** The version of the world chain {@code userId} holds while standing in {@code zone}, {@code area} (as {@link #versions} reports it). */
    public long worldVersionHeldBy(String userId, String zone, String area) {
        return worldVersion(worldOf(userId), chainOf(zone, area));
    }

    /**
     * The chain a player in {@code zone}, {@code area} holds ({@link ZoneChain}): in a shared world, that
     * zone's, or that area's where interest is scoped by area; none in a private one.
     */
    public String chainOf(String zone, String area) {
        return model() == StateModel.SHARED ? ZoneChain.of(zone, area, byArea()) : null;
    }

    /** The version of the world chain named {@code chain}: in a shared world that chain's own, else the world's. */
    private long worldVersion(WorldState world, String chain) {
        return model() == StateModel.SHARED ? world.metadata.zoneVersion(chain) : world.metadata.version;
    }

    // ---- helpers

    public Map<String, Object> itemMap(Item item) {
        return nonNull(mapper().convertValue(item, Map.class));
    }

    /** An item as clients see it, copied (its state deeply) so it can be written after this job. */
    @SuppressWarnings("unchecked")
    public io.gaia.events.kb.Item itemView(Item item) {
        Map<String, Object> state = item.state == null ? null
                : item.state.isEmpty() ? new LinkedHashMap<>() : mapper().convertValue(item.state, Map.class);
        return new io.gaia.events.kb.Item(item.instanceId, item.templateId, item.type, item.name, item.semanticName,
                item.description, item.collectible, item.visible, state);
    }

    private io.gaia.kb.state.DocMetadata metadataOf(DocKey key) {
        return switch (key.kind()) {
            case SHARED_WORLD -> worldOf(actorId).metadata;
            case PRIVATE_WORLD -> worldOf(key.userId()).metadata;
            case PLAYER -> state.loadedOrStoredPlayer(key.userId()).orElseThrow().metadata;
        };
    }

    private DocKey keyOf(WorldState world) {
        DocKey key = worldKeys.get(world);
        if (key == null) {
            throw new IllegalStateException("world not obtained through this transaction");
        }
        return key;
    }

    private void record(DocKey key, Change change) {
        changes.computeIfAbsent(key, k -> new ArrayList<>()).add(change);
        dirty.add(key);
        if (key.isWorld() && change.zoneId() != null) {
            zonesChanged.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(change.zoneId());
        }
    }

    private static Map<String, Object> location(PlayerState player) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("current_location", player.currentLocation);
        if (player.currentArea != null) {
            fields.put("current_area", player.currentArea);
        }
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nonNull(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<String, Object>) map).forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
