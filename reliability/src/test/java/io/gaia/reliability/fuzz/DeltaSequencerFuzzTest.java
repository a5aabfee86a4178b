package io.gaia.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.GaiaJson;
import io.gaia.events.StatePaths;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.events.socket.Versions;
import io.gaia.session.delta.Delta;
import io.gaia.session.delta.DeltaSequencer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * session-service's per-connection delta applier ({@link DeltaSequencer}) driven by an arbitrary
 * interleaving of deltas (duplicated, reordered, gapped, even malformed: base after snapshot,
 * negative, huge), snapshots, held responses and expectations. Whatever the input, what it emits
 * is what a client can apply: after each snapshot, every scope's deltas form an unbroken chain with
 * growing versions, held responses come out in order, and the pending buffer stays bounded.
 */
class DeltaSequencerFuzzTest {

    private static final GaiaJson JSON = GaiaJson.create();
    private static final int PENDING_LIMIT = 16;

    @FuzzTest(maxDuration = "10s")
    void whateverArrivesTheClientSeesUnbrokenChains(FuzzedDataProvider data) {
        DeltaSequencer sequencer = new DeltaSequencer(PENDING_LIMIT);
        Map<VersionScope, Long> client = new EnumMap<>(VersionScope.class);
        List<String> heldOrder = new ArrayList<>();
        List<String> released = new ArrayList<>();
        int heldSent = 0;
        DeltaSequencer.Emitter out = new DeltaSequencer.Emitter() {
            @Override
            public void emit(byte[] frame, long eventTimestamp) {
                String text = new String(frame, StandardCharsets.UTF_8);
                if (text.startsWith("snapshot:")) {
                    String[] v = text.substring("snapshot:".length()).split(",");
                    putOrClear(client, VersionScope.WORLD, v[0]);
                    putOrClear(client, VersionScope.PLAYER, v[1]);
                } else {
                    released.add(text);
                }
            }

            @Override
            public void emitDelta(Delta delta) {
                Long held = client.get(delta.scope());
                assertThat(held).as("a delta before any snapshot").isNotNull();
                assertThat(delta.base()).as("chain of " + delta.scope()).isEqualTo(held);
                assertThat(delta.snapshot()).as("versions grow").isGreaterThan(held);
                client.put(delta.scope(), delta.snapshot());
            }
        };
        int steps = data.consumeInt(1, 200);
        for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
            switch (data.consumeInt(0, 5)) {
                case 0, 1 -> sequencer.offer(delta(data), out);
                case 2 -> {
                    // kb-service's snapshots, and GapFiller's resume baselines, always name both versions
                    Versions versions = new Versions(data.consumeLong(-2, 40), data.consumeLong(-2, 40));
                    byte[] snapshot = ("snapshot:" + versions.world() + "," + versions.player()).getBytes(StandardCharsets.UTF_8);
                    // a resume baseline (no frame) is the client's own versions
                    boolean withFrame = data.consumeBoolean();
                    if (!withFrame) {
                        client.put(VersionScope.WORLD, versions.world());
                        client.put(VersionScope.PLAYER, versions.player());
                    }
                    sequencer.baseline(versions, withFrame ? snapshot : null, out);
                }
                case 3 -> {
                    String frame = "held-" + heldSent++;
                    heldOrder.add(frame);
                    sequencer.hold(frame.getBytes(StandardCharsets.UTF_8), new Versions(version(data), version(data)), out);
                }
                case 4 -> sequencer.expect(new Versions(version(data), version(data)));
                default -> sequencer.releaseAll(out);
            }
            assertThat(sequencer.heldCount()).isLessThanOrEqualTo(heldOrder.size());
        }
        assertThat(released).as("held frames leave in the order they were held").isEqualTo(heldOrder.subList(0, released.size()));
        if (sequencer.isBaselined()) {
            assertThat(sequencer.delivered().world()).isEqualTo(client.get(VersionScope.WORLD));
            assertThat(sequencer.delivered().player()).isEqualTo(client.get(VersionScope.PLAYER));
        }
    }

    private static void putOrClear(Map<VersionScope, Long> client, VersionScope scope, String value) {
        if (!"null".equals(value)) {
            client.put(scope, Long.parseLong(value));
        }
    }

    private static Long version(FuzzedDataProvider data) {
        return data.consumeBoolean() ? null : data.consumeLong(-2, 40);
    }

    /** A delta as it would arrive from NATS: parsed by the codec from the bytes kb-service (or anyone) published. */
    private static Delta delta(FuzzedDataProvider data) {
        VersionScope scope = data.consumeBoolean() ? VersionScope.WORLD : VersionScope.PLAYER;
        long base = data.consumeLong(-2, 40);
        long snapshot = data.consumeBoolean() ? base + 1 : data.consumeLong(-2, 40);
        WorldUpdateEvent event = WorldUpdateEvent.of("wylding-woods", "u", scope, base, snapshot,
                List.of(Change.remove(StatePaths.INVENTORY, "x", Change.Location.NOWHERE)), 1L, EventMetadata.EMPTY);
        byte[] bytes = JSON.write(event);
        return new Delta(JSON.read(bytes, WorldUpdateEvent.class), bytes);
    }
}
