package io.gaia.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OwnershipRecordsTest {

    private final GaiaJson json = GaiaJson.create();

    @Test
    void anOwnerLeaseRoundTripsWithSnakeCaseNames() {
        OwnerLease lease = new OwnerLease("kb-a", "wylding-woods", "3f2c");
        String wire = json.writeString(lease);
        assertThat(wire).contains("\"instance\":\"kb-a\"", "\"experience\":\"wylding-woods\"", "\"lease_id\":\"3f2c\"");
        assertThat(json.read(wire, OwnerLease.class)).isEqualTo(lease);
    }

    @Test
    void aKbInstanceRoundTrips() {
        KbInstance instance = new KbInstance("kb-a", 1_700_000_000_000L, List.of("lantern-grove", "wylding-woods"));
        assertThat(json.writeString(instance)).contains("\"started_at\":1700000000000",
                "\"experiences\":[\"lantern-grove\",\"wylding-woods\"]");
        assertThat(json.read(json.write(instance), KbInstance.class)).isEqualTo(instance);
        assertThat(json.read("{\"instance\":\"kb-b\",\"started_at\":1}", KbInstance.class).experiences()).isEmpty();
    }

    @Test
    void aLeaseWithoutItsIdIsRejectedByName() {
        assertThatThrownBy(() -> json.read("{\"instance\":\"kb-a\",\"experience\":\"x\"}", OwnerLease.class))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.field()).isEqualTo("lease_id"));
    }
}
