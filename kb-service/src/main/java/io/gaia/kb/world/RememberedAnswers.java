package io.gaia.kb.world;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers an experience gave to requests with a {@code request_id}, so a repeat of the same
 * (user, request id) gets the first answer and runs nothing. Bounded three ways (whichever bites
 * first): answers older than {@link Limits#window}, more than {@link Limits#maxEntries}, more than
 * {@link Limits#maxBytes} of answer JSON; the oldest go first. Part of the durable state: every
 * answer travels in its batch's commit record, the state folder and snapshots keep the whole set.
 *
 * <p>The state folder keeps them in a file of one answer per line: a fold appends what was added since the
 * last one ({@link #takeUnsaved}), and rewrites the whole file only now and then, so a fold's cost follows
 * the answers added, not the whole remembered set (tens of megabytes at thousands of actions/s).
 *
 * <p>Threads: the writer adds and looks up; the fold thread copies ({@link #encode}, {@link #takeUnsaved}).
 */
public final class RememberedAnswers {

    /** How much is remembered. */
    public record Limits(Duration window, int maxEntries, long maxBytes) {
        public static final Limits DEFAULT = new Limits(Duration.ofMinutes(2), 20_000, 8L * 1024 * 1024);
    }

    /** One remembered answer: whose request, when (epoch ms), and the answer's JSON. */
    public record Answer(String userId, String requestId, long at, byte[] json) {
    }

    private record Key(String userId, String requestId) {
    }

    private final Limits limits;
    private final LinkedHashMap<Key, Answer> answers = new LinkedHashMap<>();
    private long bytes;
    private long changes;
    /** Added since the last {@link #takeUnsaved}, oldest first. */
    private List<Answer> unsaved = new ArrayList<>();
    /** The next save must write every answer (at first, after a clear, after a failed save). */
    private boolean saveWhole = true;

    /** What a save must write: every answer ({@code whole}, replacing the file) or those to append. */
    public record Unsaved(boolean whole, List<Answer> answers) {
    }

    public RememberedAnswers(Limits limits) {
        this.limits = limits;
    }

    /** The answer {@code userId} got for {@code requestId}, or null (another user's answer is never returned). */
    public synchronized byte[] find(String userId, String requestId) {
        Answer answer = answers.get(new Key(userId, requestId));
        return answer == null ? null : answer.json();
    }

    public synchronized void add(Answer answer) {
        Answer previous = answers.remove(new Key(answer.userId(), answer.requestId()));
        if (previous != null) {
            bytes -= previous.json().length;
        }
        answers.put(new Key(answer.userId(), answer.requestId()), answer);
        bytes += answer.json().length;
        changes++;
        if (!saveWhole) {
            unsaved.add(answer);
        }
        evict(answer.at());
    }

    /**
     * The answers to save now, and forgets them: those added since the last call, or every one when
     * {@code whole} is asked for or needed. A caller whose save fails calls {@link #saveWholeNext}.
     */
    public synchronized Unsaved takeUnsaved(boolean whole) {
        if (whole || saveWhole) {
            saveWhole = false;
            unsaved = new ArrayList<>();
            return new Unsaved(true, List.copyOf(answers.values()));
        }
        List<Answer> taken = unsaved;
        unsaved = new ArrayList<>();
        return new Unsaved(false, taken);
    }

    /** The file no longer holds what it should (a failed save, a moved state folder): the next save writes all. */
    public synchronized void saveWholeNext() {
        saveWhole = true;
        unsaved = new ArrayList<>();
    }

    /** Every remembered answer, oldest first. */
    public synchronized List<Answer> all() {
        return List.copyOf(answers.values());
    }

    public synchronized int size() {
        return answers.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Counts additions, so a writer can tell whether anything changed since it last saved. */
    public synchronized long changes() {
        return changes;
    }

    public synchronized void clear() {
        answers.clear();
        bytes = 0;
        changes++;
        saveWholeNext();
    }

    private void evict(long now) {
        long oldest = now - limits.window().toMillis();
        Iterator<Answer> it = answers.values().iterator();
        while (it.hasNext()) {
            Answer first = it.next();
            if (first.at() >= oldest && answers.size() <= limits.maxEntries() && bytes <= limits.maxBytes()) {
                return;
            }
            it.remove();
            bytes -= first.json().length;
        }
    }

    /** The answers as a JSON array of {@code {user, request, at, answer}}, oldest first. */
    public byte[] encode(JsonMapper mapper) {
        return encode(mapper, all()); // encoded outside the lock: the writer never waits for a fold's copy
    }

    static byte[] encode(JsonMapper mapper, List<Answer> list) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + list.stream().mapToInt(a -> a.json().length + 96).sum());
        out.write('[');
        boolean first = true;
        for (Answer answer : list) {
            if (!first) {
                out.write(',');
            }
            writeOne(out, mapper, answer);
            first = false;
        }
        out.write(']');
        return out.toByteArray();
    }

    private static void writeOne(ByteArrayOutputStream out, JsonMapper mapper, Answer answer) {
        out.writeBytes(("{\"user\":" + mapper.writeValueAsString(answer.userId()) + ",\"request\":"
                + mapper.writeValueAsString(answer.requestId()) + ",\"at\":" + answer.at() + ",\"answer\":")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(answer.json());
        out.write('}');
    }

    /** One answer per line, each as an element of {@link #encode}'s array (the state folder's file). */
    public static byte[] encodeLines(JsonMapper mapper, List<Answer> list) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(list.stream().mapToInt(a -> a.json().length + 96).sum());
        for (Answer answer : list) {
            writeOne(out, mapper, answer);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Reads back what {@link #encodeLines} wrote; a line that does not parse (cut short by a crash) is skipped. */
    public static List<Answer> decodeLines(JsonMapper mapper, byte[] lines) {
        List<Answer> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= lines.length; i++) {
            if (i == lines.length || lines[i] == '\n') {
                if (i > start) {
                    try {
                        out.addAll(decode(mapper, mapper.createArrayNode().add(mapper.readTree(
                                java.util.Arrays.copyOfRange(lines, start, i)))));
                    } catch (RuntimeException unreadable) {
                        // a line cut short: its answer is also in a commit record not yet folded
                    }
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** Reads back what {@link #encode} wrote (entries that do not check out are skipped). */
    static List<Answer> decode(JsonMapper mapper, JsonNode array) {
        List<Answer> out = new ArrayList<>();
        for (JsonNode node : array) {
            JsonNode user = node.path("user");
            JsonNode request = node.path("request");
            if (user.isString() && request.isString() && node.has("answer")) {
                out.add(new Answer(user.asString(), request.asString(), node.path("at").asLong(0),
                        mapper.writeValueAsBytes(node.get("answer"))));
            }
        }
        return out;
    }
}
