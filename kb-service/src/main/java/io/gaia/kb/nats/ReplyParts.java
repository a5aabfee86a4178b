package io.gaia.kb.nats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An answer cut into messages that each fit the server's max payload. */
final class ReplyParts {

    /** Room left in every message for its headers (status and part numbers take well under 200 bytes). */
    static final int HEADER_ROOM = 512;

    record Part(int index, int count, byte[] data) {
    }

    private ReplyParts() {
    }

    static List<Part> split(byte[] body, int maxBytes) {
        int count = Math.max(1, (body.length + maxBytes - 1) / maxBytes);
        if (count == 1) {
            return List.of(new Part(1, 1, body));
        }
        List<Part> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * maxBytes;
            parts.add(new Part(i + 1, count, Arrays.copyOfRange(body, from, Math.min(body.length, from + maxBytes))));
        }
        return parts;
    }
}
