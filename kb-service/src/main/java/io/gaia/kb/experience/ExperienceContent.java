package io.gaia.kb.experience;

import io.gaia.kb.state.WorldState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One experience's content as loaded and validated from {@code experiences/<id>/}. Immutable except
 * {@code worldTemplate}, which callers must copy (see {@link WorldTemplates#copy}) and never mutate.
 * {@code commands} are the commands its pages define (in page order); {@code refusedCommands} are those
 * whose pages have errors (by name, with the errors): refused on their own, the rest still serves.
 */
public record ExperienceContent(
        ExperienceConfig config,
        WorldState worldTemplate,
        Map<String, ItemTemplate> items,
        Map<String, NpcTemplate> npcs,
        Map<String, QuestDefinition> quests,
        List<Waypoint> waypoints,
        List<GameLogicDoc> gameLogic,
        Map<String, AuthoredCommand> commands,
        Map<String, List<String>> refusedCommands) {

    public String id() {
        return config.id();
    }

    public Optional<NpcTemplate> npc(String id) {
        return Optional.ofNullable(npcs.get(id));
    }

    public Optional<ItemTemplate> item(String templateId) {
        return Optional.ofNullable(items.get(templateId));
    }

    public Optional<AuthoredCommand> command(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    public Optional<GameLogicDoc> logicFor(String command) {
        return gameLogic.stream().filter(doc -> doc.command().equals(command)).findFirst();
    }
}
