package io.gaia.chat.narrative;

import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Re-cuts a model's token stream into content chunks a client can render as they come: a chunk
 * never ends inside a word, and a JSON directive the model emits ({@code {"action": ...}}) leaves
 * in one chunk of its own, whole. Not thread-safe: one instance per stream.
 */
public final class ContentChunker {

    /** A "directive" that never closes is released as text past this size, so nothing is held forever. */
    private static final int MAX_DIRECTIVE = 16 * 1024;

    private final StringBuilder buffer = new StringBuilder();

    public static Flux<String> chunk(Flux<String> tokens) {
        return Flux.defer(() -> {
            ContentChunker chunker = new ContentChunker();
            return tokens.concatMapIterable(chunker::push).concatWith(Flux.defer(() -> Flux.fromIterable(chunker.flush())));
        });
    }

    public List<String> push(String piece) {
        buffer.append(piece);
        List<String> out = new ArrayList<>();
        while (true) {
            int brace = buffer.indexOf("{");
            if (brace == 0) {
                int end = directiveEnd();
                if (end < 0) {
                    if (buffer.length() > MAX_DIRECTIVE) {
                        out.add(take(buffer.length()));
                    }
                    return out;
                }
                out.add(take(end + 1));
                continue;
            }
            if (brace > 0) {
                // The brace ends the word before it, so the text before it is a whole chunk.
                out.add(take(brace));
                continue;
            }
            int cut = lastWhitespace() + 1;
            if (cut > 0) {
                out.add(take(cut));
            }
            return out;
        }
    }

    /** The rest, at the end of the stream. */
    public List<String> flush() {
        return buffer.isEmpty() ? List.of() : List.of(take(buffer.length()));
    }

    private int directiveEnd() {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < buffer.length(); i++) {
            char c = buffer.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private int lastWhitespace() {
        for (int i = buffer.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(buffer.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private String take(int length) {
        String chunk = buffer.substring(0, length);
        buffer.delete(0, length);
        return chunk;
    }
}
