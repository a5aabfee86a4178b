package io.gaia.session.delta;

import io.gaia.support.nats.JetStreamErrors;
import io.gaia.events.CodecException;
import io.gaia.events.EventMetadata;
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
 *
 * <p>World deltas of a shared experience never travel on a user's subject: a search for them there
 * ends at the first message that shows the experience is shared, instead of reading the user's whole
 * history (one round trip per message) on every gap fill; and reading stops at a hole in the chain
 * instead of going on to the end of the stream. After a kb-service failover every socket of the
 * experience has the same hole (the dead owner's last, unpublished changes) and fills it at once:
 * those reads held every socket's action responses up for 10-15 s.
 */
public final class JetStreamReplay {


    private final GaiaJson json;

    public JetStreamReplay(GaiaJson json) {
        this.json = json;
    }

    /**
     * The unbroken chain of deltas after {@code after}, in order (it ends at the first hole: a change
     * that was never published, e.g. committed by an owner killed before it published); {@code truncated}
     * when the chain is longer than {@code limit}; {@code reads} counts the stream reads it took (each
     * one a round trip to nats-server).
     */
    public record Result(List<Delta> deltas, boolean truncated, int reads) {
    }

    public Result replay(Connection connection, String subject, String experience, VersionScope scope, long after,
                         int limit) throws IOException, JetStreamApiException {
        return replay(connection, subject, experience, scope, after, limit, null);
    }

    /**
     * As above, only deltas of {@code epoch} (when not null): replay never crosses an epoch. Deltas
     * that no kb-service change produces (see {@link DeltaSequencer#implausible}) are never replayed,
     * nor do they steer the search.
     */
    public Result replay(Connection connection, String subject, String experience, VersionScope scope, long after,
                         int limit, String epoch) throws IOException, JetStreamApiException {
        Reader reader = new Reader(connection.jetStreamManagement(), subject, experience, scope, epoch);
        Found start = reader.firstAfter(after);
        List<Delta> out = new ArrayList<>();
        long next = after;
        for (Found cur = start; cur != null; cur = reader.at(cur.seq() + 1)) {
            Delta delta = cur.delta();
            if (delta.snapshot() <= next) {
                continue; // a repeat of one already in the chain
            }
            if (delta.base() != next) {
                break; // a hole: nothing after it can be applied, only a snapshot closes it
            }
            if (out.size() == limit) {
                return new Result(out, true, reader.reads);
            }
            out.add(delta);
            next = delta.snapshot();
        }
        return new Result(out, false, reader.reads);
    }

    private record Found(long seq, Delta delta) {
    }

    /** A probed message of this experience and scope: its stream sequence, and whether it is newer than wanted. */
    private record Probe(long seq, boolean newer) {
    }

    private final class Reader {
        private final JetStreamManagement jsm;
        private final String subject;
        private final String experience;
        private final VersionScope scope;
        private final String epoch;
        private int reads;

        Reader(JetStreamManagement jsm, String subject, String experience, VersionScope scope, String epoch) {
            this.jsm = jsm;
            this.subject = subject;
            this.experience = experience;
            this.scope = scope;
            this.epoch = epoch;
        }

        /**
         * The first matching delta newer than {@code after}. Versions grow with the stream sequence
         * within an epoch, and an epoch's deltas follow all earlier epochs' ones: so when the subject's
         * last message is of the wanted epoch (the usual case: the socket is in the current epoch), a
         * binary search over the sequence finds it in a few reads, taking other epochs' deltas as older.
         * When the last message is of another epoch, nothing is replayed: either the socket's history
         * was replaced (a reset, a restore, a wiped state: only a snapshot of the new one helps, and the
         * lifecycle resync sends it), or the subject has no delta of the socket's epoch yet. Looking
         * would read the subject one message per round trip from its start, for nothing, on one of the
         * few threads that fill gaps.
         */
        Found firstAfter(long after) throws IOException, JetStreamApiException {
            MessageInfo last = last();
            if (last == null || endsSearch(read(last.getData()))) {
                return null;
            }
            if (epoch != null && otherEpochLast(last.getData())) {
                return null;
            }
            long low = 1;
            long high = last.getSeq() + 1;
            // Invariant: classifiable messages before `low` are not newer; the first one at or after `high` is (or none is).
            while (low < high) {
                long mid = low + (high - low) / 2;
                Probe probe = probe(mid, after);
                if (probe == null || probe.newer()) {
                    high = mid;
                } else {
                    low = probe.seq() + 1;
                }
            }
            Found found = at(low);
            return found == null || found.delta().snapshot() > after ? found : linearAfter(found, after);
        }

        /** Reads on from {@code from} (not newer) to the first matching delta newer than {@code after}. */
        private Found linearAfter(Found from, long after) throws IOException, JetStreamApiException {
            Found cur = from;
            while (cur != null && cur.delta().snapshot() <= after) {
                cur = at(cur.seq() + 1);
            }
            return cur;
        }

        /**
         * The first message of this experience and scope at or after {@code seq} (other experiences,
         * scopes and implausible deltas are read past), classified: newer when it is of the wanted
         * epoch and after {@code after}; a delta of another epoch counts as older. Null when none.
         */
        private Probe probe(long seq, long after) throws IOException, JetStreamApiException {
            long next = seq;
            while (true) {
                MessageInfo info = get(next);
                if (info == null) {
                    return null;
                }
                Delta delta = read(info.getData());
                if (endsSearch(delta)) {
                    return null;
                }
                if (delta != null && delta.sequenced() && delta.scope() == scope
                        && experience.equals(delta.event().experience()) && DeltaSequencer.implausible(delta) == null) {
                    boolean sameEpoch = epoch == null || epoch.equals(delta.event().epoch());
                    return new Probe(info.getSeq(), sameEpoch && delta.snapshot() > after);
                }
                next = info.getSeq() + 1;
            }
        }

        /** The first delta of this experience and scope at or after stream sequence {@code seq}, or null. */
        Found at(long seq) throws IOException, JetStreamApiException {
            long next = seq;
            while (true) {
                MessageInfo info = get(next);
                if (info == null) {
                    return null;
                }
                Delta delta = read(info.getData());
                if (endsSearch(delta)) {
                    return null;
                }
                if (matches(delta)) {
                    return new Found(info.getSeq(), delta);
                }
                next = info.getSeq() + 1;
            }
        }

        private MessageInfo last() throws IOException, JetStreamApiException {
            reads++;
            try {
                return jsm.getLastMessage(Subjects.WORLD_UPDATES_STREAM, subject);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == JetStreamErrors.NO_MESSAGE || e.getApiErrorCode() == JetStreamErrors.NO_STREAM) {
                    return null;
                }
                throw e;
            }
        }

        private MessageInfo get(long seq) throws IOException, JetStreamApiException {
            reads++;
            try {
                return jsm.getNextMessage(Subjects.WORLD_UPDATES_STREAM, seq, subject);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == JetStreamErrors.NO_MESSAGE || e.getApiErrorCode() == JetStreamErrors.NO_STREAM) {
                    return null;
                }
                throw e;
            }
        }

        private boolean matches(Delta delta) {
            return delta != null && delta.sequenced() && delta.scope() == scope
                    && experience.equals(delta.event().experience())
                    && (epoch == null || epoch.equals(delta.event().epoch()))
                    && DeltaSequencer.implausible(delta) == null;
        }

        /**
         * True when looking for world deltas and {@code delta} is another scope's delta of this experience
         * saying it is shared: it is on a user's subject, where a shared experience's world deltas never are.
         */
        private boolean endsSearch(Delta delta) {
            return scope == VersionScope.WORLD && delta != null && delta.scope() != VersionScope.WORLD
                    && experience.equals(delta.event().experience()) && delta.event().metadata() != null
                    && EventMetadata.SHARED.equals(delta.event().metadata().stateModel());
        }

        /** True when the subject's last message is of this experience but of another epoch than the wanted one. */
        private boolean otherEpochLast(byte[] lastData) {
            Delta delta = read(lastData);
            return delta != null && experience.equals(delta.event().experience())
                    && !epoch.equals(delta.event().epoch());
        }

        private Delta read(byte[] data) {
            try {
                return new Delta(json.read(data, WorldUpdateEvent.class), data);
            } catch (CodecException | IllegalArgumentException e) {
                return null;
            }
        }
    }
}
