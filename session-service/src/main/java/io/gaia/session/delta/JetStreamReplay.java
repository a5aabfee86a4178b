package io.gaia.session.delta;

import io.gaia.events.CodecException;
import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads missed deltas back from the JetStream stream {@code WORLD_UPDATES} with direct message
 * gets: a binary search over the stream sequence finds the first delta of an experience and scope
 * newer than a version (versions grow with the sequence), then the following ones are read in
 * order. Blocking: callers run it on a bounded scheduler.
 */
public final class JetStreamReplay {

    /** JetStream's "no message found" and "stream not found" API error codes. */
    private static final int NO_MESSAGE = 10037;
    private static final int NO_STREAM = 10059;

    private final GaiaJson json;

    public JetStreamReplay(GaiaJson json) {
        this.json = json;
    }

    /** The deltas after {@code after}, in order; {@code truncated} when more than {@code limit} exist. */
    public record Result(List<Delta> deltas, boolean truncated) {
    }

    public Result replay(Connection connection, String subject, String experience, VersionScope scope, long after,
                         int limit) throws IOException, JetStreamApiException {
        return replay(connection, subject, experience, scope, after, limit, null);
    }

    /** As above, only deltas of {@code epoch} (when not null): replay never crosses an epoch. */
    public Result replay(Connection connection, String subject, String experience, VersionScope scope, long after,
                         int limit, String epoch) throws IOException, JetStreamApiException {
        Reader reader = new Reader(connection.jetStreamManagement(), subject, experience, scope, epoch);
        Found first = reader.at(1);
        if (first == null) {
            return new Result(List.of(), false);
        }
        Found start = first.delta().snapshot() > after ? first : reader.firstAfter(first, after);
        List<Delta> out = new ArrayList<>();
        for (Found cur = start; cur != null; cur = reader.at(cur.seq() + 1)) {
            if (out.size() == limit) {
                return new Result(out, true);
            }
            out.add(cur.delta());
        }
        return new Result(out, false);
    }

    private record Found(long seq, Delta delta) {
    }

    private final class Reader {
        private final JetStreamManagement jsm;
        private final String subject;
        private final String experience;
        private final VersionScope scope;
        private final String epoch;

        Reader(JetStreamManagement jsm, String subject, String experience, VersionScope scope, String epoch) {
            this.jsm = jsm;
            this.subject = subject;
            this.experience = experience;
            this.scope = scope;
            this.epoch = epoch;
        }

        /** Binary search: the first matching delta newer than {@code after}, knowing {@code below} is not. */
        Found firstAfter(Found below, long after) throws IOException, JetStreamApiException {
            long low = below.seq() + 1;
            long high = lastSeq() + 1;
            // Invariant: matching deltas before `low` are not newer; the first one at or after `high` is (or none is).
            while (low < high) {
                long mid = low + (high - low) / 2;
                Found probe = at(mid);
                if (probe == null || probe.delta().snapshot() > after) {
                    high = mid;
                } else {
                    low = probe.seq() + 1;
                }
            }
            return at(low);
        }

        /** The first delta of this experience and scope at or after stream sequence {@code seq}, or null. */
        Found at(long seq) throws IOException, JetStreamApiException {
            long next = seq;
            while (true) {
                MessageInfo info = get(next);
                if (info == null) {
                    return null;
                }
                Delta delta = matching(info.getData());
                if (delta != null) {
                    return new Found(info.getSeq(), delta);
                }
                next = info.getSeq() + 1;
            }
        }

        private long lastSeq() throws IOException, JetStreamApiException {
            try {
                return jsm.getLastMessage(Subjects.WORLD_UPDATES_STREAM, subject).getSeq();
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == NO_MESSAGE || e.getApiErrorCode() == NO_STREAM) {
                    return 0;
                }
                throw e;
            }
        }

        private MessageInfo get(long seq) throws IOException, JetStreamApiException {
            try {
                return jsm.getNextMessage(Subjects.WORLD_UPDATES_STREAM, seq, subject);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == NO_MESSAGE || e.getApiErrorCode() == NO_STREAM) {
                    return null;
                }
                throw e;
            }
        }

        private Delta matching(byte[] data) {
            try {
                WorldUpdateEvent event = json.read(data, WorldUpdateEvent.class);
                Delta delta = new Delta(event, data);
                return delta.sequenced() && delta.scope() == scope && experience.equals(event.experience())
                        && (epoch == null || epoch.equals(event.epoch())) ? delta : null;
            } catch (CodecException e) {
                return null;
            }
        }
    }
}
