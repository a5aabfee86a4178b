package io.gaia.kb.api;

import io.gaia.events.kb.CommandSchema;
import io.gaia.events.kb.CommandsSchema;
import io.gaia.events.kb.ExperienceInfo;
import io.gaia.events.kb.ExperienceList;
import io.gaia.events.kb.Gps;
import io.gaia.events.kb.Npc;
import io.gaia.events.kb.Npcs;
import io.gaia.events.kb.Waypoints;
import io.gaia.kb.command.CommandRegistry;
import io.gaia.kb.experience.ExperienceCatalog;
import io.gaia.kb.experience.ExperienceContent;
import io.gaia.kb.experience.GameLogicDoc;
import io.gaia.kb.experience.NpcTemplate;
import io.gaia.kb.world.WorldQueries;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Experience content as the HTTP API's records (io.gaia.events.kb). */
final class ExperienceViews {

    private ExperienceViews() {
    }

    static ExperienceList list(ExperienceCatalog catalog) {
        return new ExperienceList(catalog.entries().stream().map(entry -> {
            if (!entry.loaded()) {
                return new ExperienceList.Entry(entry.id(), false, null, null, null, null, entry.errors());
            }
            var config = entry.content().config();
            return new ExperienceList.Entry(entry.id(), true, config.name(), config.description(), config.version(),
                    config.model().wireName(), null);
        }).toList());
    }

    static ExperienceInfo info(ExperienceContent content, CommandRegistry commands) {
        var config = content.config();
        Map<String, ExperienceInfo.ZoneSummary> zones = new LinkedHashMap<>();
        content.worldTemplate().locations.forEach((id, zone) -> zones.put(id, new ExperienceInfo.ZoneSummary(
                zone.name, zone.description, zone.gps == null ? null : new Gps(zone.gps.lat(), zone.gps.lng()),
                List.copyOf(zone.areas.keySet()))));
        List<ExperienceInfo.QuestSummary> quests = content.quests().values().stream()
                .map(q -> new ExperienceInfo.QuestSummary(q.id(), q.name(), q.description(), q.giver(),
                        q.objective().count()))
                .toList();
        return new ExperienceInfo(content.id(), config.name(), config.description(), config.version(),
                config.model().wireName(), config.capabilities(),
                new ExperienceInfo.Bootstrap(config.bootstrap().zone(), config.bootstrap().inventory()), zones, quests,
                commands.all(content).stream().map(e -> e.spec().name()).toList());
    }

    /** Every command as a JSON Schema; the experience's game-logic document names and describes it when it has one. */
    static CommandsSchema commands(ExperienceContent content, CommandRegistry commands) {
        Map<String, CommandSchema> schemas = new LinkedHashMap<>();
        for (CommandRegistry.Entry entry : commands.all(content)) {
            String name = entry.spec().name();
            Optional<GameLogicDoc> doc = content.logicFor(name);
            schemas.put(name, entry.spec().schema(doc.map(GameLogicDoc::description).orElse(entry.spec().description()),
                    doc.map(GameLogicDoc::aliases).orElse(null)));
        }
        return new CommandsSchema(content.id(), schemas);
    }

    static Waypoints waypoints(ExperienceContent content) {
        return new Waypoints(content.id(), content.waypoints().stream().map(w -> new Waypoints.Waypoint(w.id(), w.name(),
                w.zone(), w.gps().lat(), w.gps().lng(), w.radiusM())).toList());
    }

    static Npcs npcs(ExperienceContent content) {
        return new Npcs(content.id(), content.npcs().values().stream()
                .sorted(Comparator.comparing(NpcTemplate::id))
                .map(npc -> new Npc(npc.id(), npc.name(), npc.description(), npc.persona(),
                        WorldQueries.npcSpot(content.worldTemplate(), npc.id())
                                .map(at -> new Npc.Location(at.zoneId(), at.areaId(), at.spotId())).orElse(null)))
                .toList());
    }
}
