package io.gaia.support.kb;

import io.gaia.events.ErrorCodes;
import io.gaia.events.kb.KbHeaders;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.io.ByteArrayOutputStream;

/**
 * The parts of one answer received so far. An answer bigger than the server's max payload arrives as
 * {@code Gaia-Parts} messages numbered by {@code Gaia-Part}; the first one seen says the total size, so an
 * answer above the client's limit is refused before the rest arrives.
 */
final class PartialReply {

    private final int maxBytes;
    private byte[][] parts;
    private int received;
    private int status;

    PartialReply(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Adds a message; returns the whole reply once every part is in, else null. */
    synchronized KbReply add(Message message) {
        Headers headers = message.getHeaders();
        status = number(headers, KbHeaders.STATUS, -1);
        if (status < 0) {
            throw new KbException(ErrorCodes.UPSTREAM_UNAVAILABLE, "kb-service's reply has no " + KbHeaders.STATUS
                    + " header", 502);
        }
        byte[] data = message.getData() == null ? new byte[0] : message.getData();
        int count = number(headers, KbHeaders.PARTS, 1);
        if (count <= 1) {
            checkSize(data.length);
            return new KbReply(status, data);
        }
        if (parts == null) {
            checkSize(number(headers, KbHeaders.SIZE, 0));
            parts = new byte[count][];
        }
        int index = number(headers, KbHeaders.PART, 0) - 1;
        if (index < 0 || index >= parts.length || parts[index] != null) {
            throw new KbException(ErrorCodes.UPSTREAM_UNAVAILABLE, "kb-service sent an unexpected part " + (index + 1)
                    + " of " + parts.length, 502);
        }
        parts[index] = data;
        received++;
        return received == parts.length ? new KbReply(status, join()) : null;
    }

    private byte[] join() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        checkSize(out.size());
        return out.toByteArray();
    }

    private void checkSize(long bytes) {
        if (bytes > maxBytes) {
            throw new KbException(ErrorCodes.PAYLOAD_TOO_LARGE, "kb-service's answer (" + bytes + " bytes) exceeds "
                    + maxBytes + " bytes (kb-max-response-size)", 502);
        }
    }

    private static int number(Headers headers, String name, int fallback) {
        String value = headers == null ? null : headers.getFirst(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new KbException(ErrorCodes.UPSTREAM_UNAVAILABLE, "kb-service's reply has a malformed " + name
                    + " header", 502);
        }
    }
}
