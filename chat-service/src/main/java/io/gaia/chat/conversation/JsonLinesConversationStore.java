package io.gaia.chat.conversation;

import io.gaia.events.GaiaJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * One append-only JSON-lines file per conversation: a header line, then one line per turn, each
 * written with a single append and forced to disk. A line torn by a crash mid-write is skipped on
 * read, so a restart loses at most that turn.
 */
public class JsonLinesConversationStore implements ConversationStore {

    private static final Logger log = LoggerFactory.getLogger(JsonLinesConversationStore.class);

    private final Path dir;
    private final GaiaJson json;
    private final Object[] locks = new Object[64];

    public JsonLinesConversationStore(Path dir, GaiaJson json) {
        this.dir = dir;
        this.json = json;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public Mono<Conversation> find(String conversationId) {
        return Mono.fromCallable(() -> read(conversationId)).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Conversation> create(String conversationId, String userId, String experience) {
        return Mono.fromCallable(() -> {
            Conversation conversation = new Conversation(conversationId, userId, experience, System.currentTimeMillis(), List.of());
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("type", "conversation");
            header.put("conversation_id", conversationId);
            header.put("user_id", userId);
            header.put("experience", experience);
            header.put("created_at", conversation.createdAt());
            appendLine(conversationId, header, true);
            return conversation;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> append(String conversationId, ConversationTurn turn) {
        return Mono.<Void>fromRunnable(() -> appendLine(conversationId, turn, false))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private Conversation read(String id) throws IOException {
        Path file = file(id);
        if (!Files.exists(file)) {
            return null;
        }
        List<String> lines;
        synchronized (lock(id)) {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        JsonNode header = null;
        List<ConversationTurn> turns = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = json.readTree(line);
                if (header == null) {
                    header = node;
                } else {
                    turns.add(json.convert(node, ConversationTurn.class));
                }
            } catch (RuntimeException torn) {
                log.warn("skipping an unreadable line in {}: {}", file, torn.getMessage());
            }
        }
        if (header == null) {
            return null;
        }
        return new Conversation(id, header.path("user_id").asString(), header.path("experience").asString(),
                header.path("created_at").asLong(), turns);
    }

    private void appendLine(String id, Object value, boolean createNew) {
        byte[] line = (json.writeString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (lock(id)) {
            try {
                Files.createDirectories(dir);
                StandardOpenOption mode = createNew ? StandardOpenOption.CREATE_NEW : StandardOpenOption.APPEND;
                try (FileChannel channel = FileChannel.open(file(id), StandardOpenOption.WRITE, mode)) {
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(false);
                }
            } catch (FileAlreadyExistsException e) {
                throw new ConversationTakenException(id);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write conversation " + id, e);
            }
        }
    }

    private Path file(String id) {
        if (!VALID_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid conversation id");
        }
        return dir.resolve(id + ".jsonl");
    }

    private Object lock(String id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }
}
