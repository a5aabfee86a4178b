package io.gaia.kb.world;

import io.gaia.events.ExperienceLifecycleEvent;
import io.gaia.kb.experience.StateModel;
import io.gaia.kb.experience.WorldTemplates;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.NpcState;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin resets and the restore, keeping every item in exactly one place:
 * <ul>
 * <li>experience: the whole state folder becomes a backup; the world starts from the template and
 *     every player starts again (with their own starting items) on first contact. New epoch.</li>
 * <li>world: the world starts from the template; every template item a player carries is taken
 *     back (it is in its template spot again); items that are not the template's (players' own
 *     starting items lying in a spot or given to an NPC) stay where they are. New epoch.</li>
 * <li>player: location, quests and counters start over; every item the player carries that is not
 *     one of their own starting items returns to the world: to the spot the template puts it, else
 *     the first spot of the player's current area. Normal deltas, same epoch.</li>
 * <li>restore: the state becomes a backup's (the current one is backed up first). New epoch.</li>
 * </ul>
 */
public final class Resets {

    private Resets() {
    }

    /** What a reset would change, for the confirmation preview. */
    public record Preview(int players, int itemsReturned) {
    }

    public static Preview preview(Tx tx, String scope, String userId) {
        return switch (scope) {
            case "player" -> new Preview(1, returnedByPlayer(tx, tx.existingPlayer(userId).orElseThrow()).size());
            case "world" -> new Preview(tx.playerIds().size(), carriedTemplateItems(tx).size());
            default -> new Preview(tx.playerIds().size(), carriedTemplateItems(tx).size());
        };
    }

    /** {@code @reset experience}: archives everything into backup {@code backupId} and starts over. */
    public static void experience(Tx tx, String backupId) throws IOException {
        tx.replacingState();
        String previous = tx.epoch();
        tx.state().store().archive(backupId);
        tx.state().forgetLoaded();
        tx.forgetTouched();
        if (tx.model() == StateModel.SHARED) {
            tx.worldOf(tx.actorId()); // the template world, saved
            tx.markDirty(DocKey.sharedWorld());
        }
        tx.breakHistory(previous, ExperienceLifecycleEvent.REASON_RESET);
    }

    /** {@code @reset world}: backs up, then the template world; returns how many carried items were taken back. */
    public static int world(Tx tx, String backupId) throws IOException {
        tx.replacingState();
        String previous = tx.epoch();
        tx.state().store().backup(backupId);
        // everything that can fail on disk before the first change: a failed job's changes are saved,
        // and a reset world saved without its new epoch and lifecycle event would desync every client
        tx.state().store().newEpoch();
        int taken = 0;
        if (tx.model() == StateModel.SHARED) {
            Set<String> carried = carriedTemplateItems(tx);
            WorldState fresh = freshKeepingOwnItems(tx, tx.world());
            tx.state().putSharedWorld(fresh);
            tx.markDirty(DocKey.sharedWorld());
            if (!carried.isEmpty()) {
                for (String userId : tx.playerIds()) {
                    taken += takeBack(tx, userId, carried);
                }
            }
        } else {
            Set<String> template = templateItems(tx);
            for (String userId : tx.playerIds()) {
                WorldState fresh = freshKeepingOwnItems(tx, tx.worldOf(userId));
                tx.state().putPrivateWorld(userId, fresh);
                tx.markDirty(DocKey.privateWorld(userId));
                taken += takeBack(tx, userId, template);
            }
        }
        tx.breakHistory(previous, ExperienceLifecycleEvent.REASON_RESET);
        return taken;
    }

    /** {@code @reset player}: returns the items the player carried to the world; returns how many. */
    public static int player(Tx tx, String userId) {
        PlayerState player = tx.existingPlayer(userId).orElseThrow();
        WorldState world = tx.worldOf(userId);
        List<Item> returned = returnedByPlayer(tx, player);
        PlayerState template = WorldTemplates.newPlayer(tx.content(), userId, tx.now());
        for (Item item : returned) {
            tx.removeFromInventory(player, item);
            tx.addToSpot(world, homeOf(tx, world, item, player), item);
        }
        tx.moveTo(player, template.currentLocation, template.currentArea);
        tx.clearProgress(player);
        return returned.size();
    }

    /** {@code @restore}: the state becomes backup {@code backupId}; the current one goes to {@code archiveId} first. */
    public static void restore(Tx tx, String backupId, String archiveId) throws IOException {
        tx.replacingState();
        String previous = tx.epoch();
        tx.state().store().restore(backupId, archiveId);
        tx.state().forgetLoaded();
        tx.forgetTouched();
        tx.breakHistory(previous, ExperienceLifecycleEvent.REASON_RESTORE);
    }

    /** Items the player carries that are not their own starting items. */
    private static List<Item> returnedByPlayer(Tx tx, PlayerState player) {
        Set<String> own = new HashSet<>();
        WorldTemplates.newPlayer(tx.content(), player.userId, tx.now()).inventory.forEach(i -> own.add(i.instanceId));
        return player.inventory.stream().filter(i -> !own.contains(i.instanceId)).map(Item::copy).toList();
    }

    /** Where an item goes back to: its template spot, else the first spot of the player's area (else of the world). */
    private static SpotRef homeOf(Tx tx, WorldState world, Item item, PlayerState player) {
        Optional<WorldQueries.Placed> inTemplate = WorldQueries.findInSpots(tx.content().worldTemplate(), item.instanceId);
        if (inTemplate.isPresent()) {
            SpotRef at = inTemplate.get().at();
            List<SpotRef> live = WorldQueries.spotsIn(world, at.zoneId(), at.areaId());
            Optional<SpotRef> same = live.stream().filter(ref -> ref.spotId().equals(at.spotId())).findFirst();
            if (same.isPresent()) {
                return same.get();
            }
        }
        List<SpotRef> here = WorldQueries.spotsIn(world, player.currentLocation, player.currentArea);
        return here.isEmpty() ? WorldQueries.allSpots(world).get(0) : here.get(0);
    }

    /** Template items not lying in the live world or kept by an NPC there: some player carries them. */
    private static Set<String> carriedTemplateItems(Tx tx) {
        if (tx.model() != StateModel.SHARED) {
            return Set.of();
        }
        Set<String> missing = templateItems(tx);
        WorldState world = tx.world();
        WorldQueries.allSpots(world).forEach(ref -> ref.spot().items.forEach(i -> missing.remove(i.instanceId)));
        world.npcs.values().forEach(npc -> npc.inventory.forEach(i -> missing.remove(i.instanceId)));
        return missing;
    }

    private static Set<String> templateItems(Tx tx) {
        Set<String> ids = new HashSet<>();
        WorldState template = tx.content().worldTemplate();
        WorldQueries.allSpots(template).forEach(ref -> ref.spot().items.forEach(i -> ids.add(i.instanceId)));
        template.npcs.values().forEach(npc -> npc.inventory.forEach(i -> ids.add(i.instanceId)));
        return ids;
    }

    /** The template world, plus the non-template items of {@code current} where they are (spots and NPCs). */
    private static WorldState freshKeepingOwnItems(Tx tx, WorldState current) {
        Set<String> template = templateItems(tx);
        WorldState fresh = WorldTemplates.copy(tx.content(), tx.mapper());
        fresh.metadata.version = current.metadata.version;
        fresh.metadata.updatedAt = tx.now();
        for (SpotRef ref : WorldQueries.allSpots(current)) {
            for (Item item : ref.spot().items) {
                if (!template.contains(item.instanceId)) {
                    List<SpotRef> same = WorldQueries.spotsIn(fresh, ref.zoneId(), ref.areaId()).stream()
                            .filter(r -> r.spotId().equals(ref.spotId())).toList();
                    SpotRef target = same.isEmpty() ? WorldQueries.allSpots(fresh).get(0) : same.get(0);
                    target.spot().items.add(item);
                }
            }
        }
        for (Map.Entry<String, NpcState> npc : current.npcs.entrySet()) {
            for (Item item : npc.getValue().inventory) {
                if (!template.contains(item.instanceId)) {
                    fresh.npcs.computeIfAbsent(npc.getKey(), id -> new NpcState()).inventory.add(item);
                }
            }
        }
        return fresh;
    }

    private static int takeBack(Tx tx, String userId, Set<String> ids) {
        if (!tx.state().playerMayHold(userId, ids)) {
            return 0; // most players carry nothing of the template: skip loading them
        }
        PlayerState player = tx.existingPlayer(userId).orElse(null);
        if (player == null || player.inventory.stream().noneMatch(i -> ids.contains(i.instanceId))) {
            return 0;
        }
        int before = player.inventory.size();
        player.inventory.removeIf(i -> ids.contains(i.instanceId));
        tx.markDirty(DocKey.player(userId));
        return before - player.inventory.size();
    }
}
