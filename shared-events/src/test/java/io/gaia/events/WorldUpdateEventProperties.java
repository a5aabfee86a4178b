package io.gaia.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class WorldUpdateEventProperties {

    private final GaiaJson json = GaiaJson.create();

    @Property(tries = 500)
    void currentShapeRoundTrips(@ForAll("events") WorldUpdateEvent event) {
        assertThat(json.read(json.write(event), WorldUpdateEvent.class)).isEqualTo(event);
    }

    @Property(tries = 500)
    void legacyShapeRoundTripsEverythingV03Carries(@ForAll("events") WorldUpdateEvent event) {
        List<Change> readBack = new ArrayList<>();
        for (String message : json.writeLegacy(event)) {
            WorldUpdateEvent legacy = json.read(message, WorldUpdateEvent.class);
            assertThat(legacy.version()).isEqualTo(WorldUpdateEvent.LEGACY_VERSION);
            assertThat(legacy.experience()).isEqualTo(event.experience());
            assertThat(legacy.userId()).isEqualTo(event.userId());
            assertThat(legacy.timestamp()).isEqualTo(event.timestamp());
            readBack.addAll(legacy.changes());
        }
        assertThat(readBack).hasSameSizeAs(event.changes());
        for (int i = 0; i < readBack.size(); i++) {
            Change original = event.changes().get(i);
            Change legacy = readBack.get(i);
            assertThat(legacy.operation()).isEqualTo(original.operation());
            assertThat(legacy.path()).isEqualTo(original.path());
            assertThat(legacy.instanceId()).isEqualTo(original.instanceId());
            assertThat(legacy.zoneId()).isEqualTo(original.zoneId());
            assertThat(legacy.spotId()).isEqualTo(original.spotId());
            assertThat(legacy.item()).isEqualTo(original.item() != null ? original.item() : original.fields());
        }
    }

    @Provide
    Arbitrary<WorldUpdateEvent> events() {
        Arbitrary<String> ids = Arbitraries.strings().withCharRange('a', 'z').withChars('_', '-').ofMinLength(1).ofMaxLength(12);
        Arbitrary<List<Change>> changes = change(ids).list().ofMaxSize(6);
        return Combinators.combine(ids, ids.injectNull(0.2), Arbitraries.longs().between(0, 1_000_000),
                        Arbitraries.of(VersionScope.class), changes, Arbitraries.longs().between(0, 4_000_000_000_000L),
                        ids.injectNull(0.5))
                .as((exp, user, base, scope, list, ts, requestId) -> WorldUpdateEvent.of(exp, user, scope, base, base + 1,
                        list, ts, new EventMetadata("kb-service", "shared", requestId)));
    }

    private Arbitrary<Change> change(Arbitrary<String> ids) {
        Arbitrary<Map<String, Object>> item = Combinators.combine(ids, ids, Arbitraries.of(true, false))
                .as((instance, semantic, visible) -> Map.<String, Object>of("instance_id", instance,
                        "semantic_name", semantic, "visible", visible));
        return Combinators.combine(Arbitraries.of(Operation.class), ids, ids, ids, ids, Arbitraries.of(true, false), item)
                .as((op, zone, area, spot, instance, inWorld, body) -> {
                    Change.Location at = inWorld ? new Change.Location(zone, area, spot) : Change.Location.NOWHERE;
                    String path = inWorld ? StatePaths.spotItems(zone, area, spot) : StatePaths.INVENTORY;
                    Map<String, Object> withId = new java.util.HashMap<>(body);
                    withId.put("instance_id", instance);
                    return switch (op) {
                        case ADD -> Change.add(path, instance, at, withId);
                        case REMOVE -> Change.remove(path, instance, at);
                        case UPDATE -> Change.update(path, instance, at, Map.of("visible", body.get("visible")));
                    };
                });
    }
}
