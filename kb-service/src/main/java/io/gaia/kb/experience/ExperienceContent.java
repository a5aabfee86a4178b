package io.gaia.kb.experience;

import io.gaia.kb.state.WorldState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One experience's content as loaded and validated from {@code experiences/<id>/}. Immutable except
 * {@code worldTemplate}, which callers must copy (see {@link WorldTemplates#copy}) and never mutate.
 */
public record ExperienceContent(
        ExperienceConfig config,
        WorldState worldTemplate,
        Map<String, ItemTemplate> items,
        Map<String, NpcTemplate> npcs,
        Map<String, QuestDefinition> quests,
        List<Waypoint> waypoints,
        List<GameLogicDoc> gameLogic) {

    public String id() {
        return config.id();
    }

    public Optional<NpcTemplate> npc(String id) {
        return Optional.ofNullable(npcs.get(id));
    }

    public Optional<ItemTemplate> item(String templateId) {
        return Optional.ofNullable(items.get(templateId));
    }

    public Optional<GameLogicDoc> logicFor(String command) {
        return gameLogic.stream().filter(doc -> doc.command().equals(command)).findFirst();
    }
}
