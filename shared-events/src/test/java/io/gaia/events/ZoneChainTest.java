package io.gaia.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZoneChainTest {

    @Test
    void aZonesChainIsNamedByTheZoneAndAnAreasByZoneSlashArea() {
        assertThat(ZoneChain.of("market", "fish_stall", false)).isEqualTo("market");
        assertThat(ZoneChain.of("market", "fish_stall", true)).isEqualTo("market/fish_stall");
        assertThat(ZoneChain.of("market", null, true)).as("a player in no area holds the zone's").isEqualTo("market");
        assertThat(ZoneChain.of(null, "fish_stall", true)).isNull();
    }

    @Test
    void aNameReadsBackAsTheZoneAndAreaItWasMadeOf() {
        assertThat(ZoneChain.parse("market/fish_stall")).isEqualTo(new ZoneChain("market", "fish_stall"));
        assertThat(ZoneChain.parse("market")).isEqualTo(new ZoneChain("market", null));
        assertThat(ZoneChain.parse("market/fish_stall").name()).isEqualTo("market/fish_stall");
        assertThat(ZoneChain.byArea("market/fish_stall")).isTrue();
        assertThat(ZoneChain.byArea("market")).isFalse();
    }

    @Test
    void onlyOneOrTwoPlainIdsAreANameAClientMaySend() {
        assertThat(ZoneChain.isName("market")).isTrue();
        assertThat(ZoneChain.isName("market/fish_stall")).isTrue();
        assertThat(ZoneChain.isName("a/b/c")).isFalse();
        assertThat(ZoneChain.isName("market/")).isFalse();
        assertThat(ZoneChain.isName("/stall")).isFalse();
        assertThat(ZoneChain.isName("market.>")).isFalse();
        assertThat(ZoneChain.isName("x".repeat(SubjectToken.MAX_ID_LENGTH + 1))).isFalse();
        assertThat(ZoneChain.isName(null)).isFalse();
    }

    @Test
    void anAreasChainIsOneLiteralSubjectToken() {
        String subject = Subjects.zoneUpdates("town", "market/fish_stall");
        assertThat(subject).isEqualTo("world.updates.zone.town.market%002Ffish_stall");
        assertThat(Subjects.zoneOf(subject).zoneId()).isEqualTo("market/fish_stall");
    }
}
