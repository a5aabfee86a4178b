package io.gaia.kb.experience;

import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import tools.jackson.databind.json.JsonMapper;

/** Makes fresh worlds, items and players from an experience's content. */
public final class WorldTemplates {

    private WorldTemplates() {
    }

    /**
     * A deep copy of the content's world template, ready to become live state (version 0), stamped
     * with the interest scope its chains will be named by.
     */
    public static WorldState copy(ExperienceContent content, JsonMapper mapper) {
        WorldState world = mapper.convertValue(content.worldTemplate(), WorldState.class);
        world.metadata.interest = content.config().interest().wireName();
        return world;
    }

    /** An item instance of {@code template}, with {@code instanceId}. */
    public static Item instantiate(ItemTemplate template, String instanceId) {
        Item item = new Item();
        item.instanceId = instanceId;
        item.templateId = template.id();
        item.type = template.type();
        item.name = template.name();
        item.semanticName = template.semanticName();
        item.description = template.description();
        item.collectible = template.collectible();
        item.visible = template.visible();
        item.state = new java.util.LinkedHashMap<>(template.state());
        return item;
    }

    /**
     * A new player at the starting zone and area with the starting inventory. Starting items get
     * per-player instance ids ({@code <template>-<hash of user>}) so they stay unique in a shared
     * world and are valid ids whatever characters the user id has.
     */
    public static PlayerState newPlayer(ExperienceContent content, String userId, long now) {
        PlayerState player = new PlayerState();
        player.userId = userId;
        player.experience = content.id();
        player.createdAt = now;
        ExperienceConfig.Bootstrap bootstrap = content.config().bootstrap();
        player.currentLocation = bootstrap.zone();
        player.currentArea = bootstrap.area() != null ? bootstrap.area() : entryArea(content, bootstrap.zone());
        for (String templateId : bootstrap.inventory()) {
            content.item(templateId).ifPresent(t -> player.inventory.add(instantiate(t, templateId + "-" + shortHash(userId))));
        }
        return player;
    }

    /** Where a player entering {@code zoneId} stands: its entry area, else its first area. */
    public static String entryArea(ExperienceContent content, String zoneId) {
        io.gaia.kb.state.Zone zone = content.worldTemplate().locations.get(zoneId);
        if (zone == null) {
            return null;
        }
        return zone.entryArea != null ? zone.entryArea : zone.areas.keySet().stream().findFirst().orElse(null);
    }

    private static String shortHash(String userId) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(userId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 5);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
