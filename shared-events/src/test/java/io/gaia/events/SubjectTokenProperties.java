package io.gaia.events;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

class SubjectTokenProperties {

    @Property(tries = 2000)
    void anyIdEncodesToOneTokenWithoutWildcardsOrSeparators(@ForAll("anyId") String id) {
        String token = SubjectToken.encode(id);
        assertThat(token).isNotEmpty().matches("[A-Za-z0-9_%-]+");
        assertThat(token).doesNotContain(".", "*", ">", " ");
    }

    @Property(tries = 2000)
    void decodingInvertsEncoding(@ForAll("anyId") String id) {
        assertThat(SubjectToken.decode(SubjectToken.encode(id))).isEqualTo(id);
    }

    @Property(tries = 500)
    void plainIdsStayUnchanged(@ForAll @AlphaChars @NumericChars @Chars({'-', '_'}) @StringLength(min = 1, max = 64) String id) {
        assertThat(SubjectToken.encode(id)).isEqualTo(id);
        assertThat(SubjectToken.isPlain(id)).isTrue();
    }

    @Property(tries = 1000)
    void aUserSubjectAlwaysHasExactlyFourTokens(@ForAll("anyId") String id) {
        String subject = Subjects.userUpdates(id);
        assertThat(subject.split("\\.", -1)).hasSize(4);
        assertThat(Subjects.userOf(subject)).isEqualTo(id);
    }

    @Property(tries = 500)
    void distinctIdsNeverShareASubject(@ForAll("anyId") String a, @ForAll("anyId") String b) {
        if (!a.equals(b)) {
            assertThat(Subjects.userUpdates(a)).isNotEqualTo(Subjects.userUpdates(b));
        }
    }

    @Example
    void wildcardIdsBecomeLiteralTokens() {
        assertThat(Subjects.userUpdates("*")).isEqualTo("world.updates.user.%002A");
        assertThat(Subjects.userUpdates(">")).isEqualTo("world.updates.user.%003E");
        assertThat(Subjects.userUpdates("a.>")).isEqualTo("world.updates.user.a%002E%003E");
        assertThat(Subjects.zoneUpdates("wylding-woods", "a.>")).isEqualTo("world.updates.zone.wylding-woods.a%002E%003E");
    }

    @Property
    void aZoneSubjectNamesItsExperienceAndZoneWhateverTheIds(@ForAll("anyId") String experience, @ForAll("anyId") String zone) {
        assertThat(Subjects.zoneOf(Subjects.zoneUpdates(experience, zone)))
                .isEqualTo(new Subjects.ZoneSubject(experience, zone));
        assertThat(Subjects.zoneOf(Subjects.userUpdates(zone))).isNull();
    }

    @Provide
    Arbitrary<String> anyId() {
        Arbitrary<String> tricky = Arbitraries.of("*", ">", ".", "a.b", "a.>", " ", "%", "%002A", "é", "\u0000", "\uD83D\uDE00");
        Arbitrary<String> anything = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(SubjectToken.MAX_ID_LENGTH / 5);
        Arbitrary<String> mixed = Arbitraries.strings().withChars("ab.*> %\t\n_-é").ofMinLength(1).ofMaxLength(20);
        return Arbitraries.oneOf(tricky, anything, mixed);
    }
}
