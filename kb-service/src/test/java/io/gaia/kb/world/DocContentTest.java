package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.GaiaJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** How the parts of a document a commit record carries combine and apply. */
class DocContentTest {

    private final JsonMapper mapper = GaiaJson.create().mapper();

    @Test
    void partsSetMembersOnTheDocumentBeforeAndANullRemovesOne() {
        DocContent parts = DocContent.parts(parts(
                "/locations/shop", "{\"items\":[]}",
                "/locations/gone", "null",
                "/metadata", "{\"version\":8}"));

        String after = text(parts.bytes(() -> bytes(
                "{\"locations\":{\"shop\":{\"items\":[1]},\"gone\":{},\"park\":{\"items\":[2]}},\"metadata\":{\"version\":7}}"),
                mapper));

        assertThat(mapper.readTree(after)).isEqualTo(mapper.readTree(
                "{\"locations\":{\"shop\":{\"items\":[]},\"park\":{\"items\":[2]}},\"metadata\":{\"version\":8}}"));
    }

    @Test
    void laterPartsReplaceEarlierOnesAtOrUnderTheirPointerAndAWholeReplacesEverything() {
        DocContent first = DocContent.parts(parts("/locations/shop", "{\"a\":1}", "/metadata", "{\"version\":1}"));
        DocContent widened = first.then(DocContent.parts(parts("/locations", "{\"park\":{}}")));
        assertThat(widened.parts()).containsOnlyKeys("/metadata", "/locations");

        DocContent narrowed = widened.then(DocContent.parts(parts("/locations/shop", "{\"b\":2}")));
        assertThat(mapper.readTree(narrowed.bytes(() -> bytes("{}"), mapper))).isEqualTo(mapper.readTree(
                "{\"metadata\":{\"version\":1},\"locations\":{\"park\":{},\"shop\":{\"b\":2}}}"));

        DocContent whole = DocContent.whole(bytes("{\"x\":1}"));
        assertThat(narrowed.then(whole)).isSameAs(whole);
        assertThat(text(whole.then(DocContent.parts(parts("/y", "2"))).bytes(() -> null, mapper)))
                .isEqualTo("{\"x\":1,\"y\":2}");
    }

    @Test
    void aZoneIdWithASlashOrATildeIsOneMember() {
        String pointer = DocContent.pointer(DocContent.pointer("", "locations"), "a/b~c");
        assertThat(pointer).isEqualTo("/locations/a~1b~0c");
        DocContent parts = DocContent.parts(parts(pointer, "{\"n\":1}"));
        assertThat(mapper.readTree(parts.bytes(() -> bytes("{\"locations\":{}}"), mapper)).path("locations").path("a/b~c")
                .path("n").asInt()).isEqualTo(1);
    }

    @Test
    void partsOfADocumentThatDoesNotExistAreRefused() {
        DocContent parts = DocContent.parts(parts("/metadata", "{}"));
        assertThatThrownBy(() -> parts.bytes(() -> null, mapper)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not exist");
    }

    private static Map<String, byte[]> parts(String... pointerAndJson) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < pointerAndJson.length; i += 2) {
            out.put(pointerAndJson[i], bytes(pointerAndJson[i + 1]));
        }
        return out;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
