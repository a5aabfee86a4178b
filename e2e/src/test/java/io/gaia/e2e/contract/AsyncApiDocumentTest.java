package io.gaia.e2e.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ErrorCodes;
import io.gaia.events.socket.CloseCodes;
import io.gaia.events.socket.SocketTypes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * docs/asyncapi.yaml against the code that defines the protocol (shared-events): every frame type,
 * error code and close code is documented, nothing else is, every reference resolves and every
 * example matches its own schema. Real traffic is checked by {@code AsyncApiMatchesRealTrafficIT}.
 */
class AsyncApiDocumentTest {

    private static AsyncApiDocument doc;

    @BeforeAll
    static void load() throws Exception {
        doc = AsyncApiDocument.load();
    }

    @Test
    void isAnAsyncApi3Document() {
        assertThat(doc.root().path("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(doc.root().path("channels").propertyNames())
                .contains("experienceSocket", "worldUpdatesUser", "worldUpdatesZone", "chatStream");
        assertThat(doc.root().path("channels").path("worldUpdatesUser").path("address").asString())
                .isEqualTo("world.updates.user.{user}");
        assertThat(doc.root().path("channels").path("worldUpdatesZone").path("address").asString())
                .isEqualTo("world.updates.zone.{experience}.{zone}");
    }

    @Test
    void everyReferenceResolves() {
        Map<String, Boolean> refs = doc.refs();
        assertThat(refs).isNotEmpty();
        assertThat(refs).allSatisfy((ref, resolves) -> assertThat(resolves).as(ref).isTrue());
    }

    @Test
    void theSocketFrameTypesAreExactlyThoseOfSocketTypes() throws Exception {
        Set<String> documented = new TreeSet<>(doc.operationTypes("receiveClientFrames").keySet());
        documented.addAll(doc.operationTypes("sendServerFrames").keySet());
        assertThat(documented).isEqualTo(new TreeSet<>(constants(SocketTypes.class, String.class)));
        assertThat(doc.channelTypes("experienceSocket").keySet()).containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void theErrorCodesAreExactlyThoseOfErrorCodes() throws Exception {
        List<String> documented = new ArrayList<>();
        doc.root().at("/components/schemas/ErrorCode/enum").forEach(code -> documented.add(code.asString()));
        assertThat(new TreeSet<>(documented)).isEqualTo(new TreeSet<>(constants(ErrorCodes.class, String.class)));
    }

    @Test
    void theCloseCodesAreExactlyThoseOfCloseCodes() throws Exception {
        Set<Integer> documented = new TreeSet<>();
        doc.root().at("/channels/experienceSocket/x-close-codes").propertyNames()
                .forEach(code -> documented.add(Integer.parseInt(code)));
        assertThat(documented).isEqualTo(new TreeSet<>(constants(CloseCodes.class, Integer.class)));
    }

    @Test
    void everyExampleMatchesItsMessageSchema() {
        JsonNode messages = doc.root().at("/components/messages");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String name : messages.propertyNames()) {
            JsonNode message = messages.get(name);
            String payload = message.path("payload").path("$ref").asString().substring(1);
            for (JsonNode example : message.path("examples")) {
                checked++;
                doc.validate(payload, example.path("payload")).forEach(error -> failures.add(name + ": " + error));
            }
        }
        assertThat(checked).isGreaterThan(20);
        assertThat(failures).isEmpty();
    }

    @Test
    void aFrameWithAnUndocumentedFieldIsRejected() {
        // The schemas are closed, so a field added to a frame without documenting it fails the traffic test.
        JsonNode pong = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree("{\"type\":\"pong\",\"timestamp\":1,\"server_timestamp\":2,\"surprise\":true}");
        assertThat(doc.validate(doc.operationTypes("sendServerFrames"), pong)).anyMatch(e -> e.contains("surprise"));
    }

    @Test
    void everyRecordOfTheKbAndChatContractsIsDocumented() throws Exception {
        Set<String> documented = new TreeSet<>();
        JsonNode schemas = doc.root().at("/components/schemas");
        for (String name : schemas.propertyNames()) {
            String java = schemas.get(name).path("x-java").asString("");
            if (!java.isEmpty()) {
                documented.add(java.split(" ")[0]);
            }
        }
        Set<String> records = new TreeSet<>();
        records.addAll(records(io.gaia.events.kb.AreaOfInterest.class));
        records.addAll(records(io.gaia.events.chat.ChatStreamEvent.class));
        records.remove(io.gaia.events.kb.AreaOfInterest.Placed.class.getCanonicalName()); // a reader's view, never sent
        records.remove(io.gaia.events.chat.ChatStreamEvent.WorldUpdate.class.getCanonicalName()); // written as WorldUpdateEvent
        assertThat(records).hasSizeGreaterThan(20);
        assertThat(documented).containsAll(records);
    }

    /** Every record (nested ones too) of {@code anchor}'s package, by canonical name, from a folder or a jar. */
    private static Set<String> records(Class<?> anchor) throws Exception {
        String folder = anchor.getPackageName().replace('.', '/') + "/";
        java.net.URL url = anchor.getResource(anchor.getSimpleName() + ".class");
        List<String> names = new ArrayList<>();
        if ("jar".equals(url.getProtocol())) {
            String jar = url.getPath().substring("file:".length(), url.getPath().indexOf('!'));
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(java.net.URLDecoder.decode(jar, "UTF-8"))) {
                file.stream().map(java.util.jar.JarEntry::getName)
                        .filter(n -> n.startsWith(folder) && n.indexOf('/', folder.length()) < 0).forEach(names::add);
            }
        } else {
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of(url.toURI()).getParent())) {
                files.forEach(f -> names.add(folder + f.getFileName()));
            }
        }
        Set<String> out = new TreeSet<>();
        for (String name : names) {
            if (name.endsWith(".class")) {
                Class<?> type = Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                if (type.isRecord()) {
                    out.add(type.getCanonicalName());
                }
            }
        }
        return out;
    }

    private static <T> Set<T> constants(Class<?> holder, Class<T> type) throws IllegalAccessException {
        Set<T> values = new LinkedHashSet<>();
        for (Field field : holder.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                    && (field.getType() == type || (type == Integer.class && field.getType() == int.class))) {
                values.add(type.cast(field.get(null)));
            }
        }
        return values;
    }
}
