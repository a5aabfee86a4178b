package io.gaia.support.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorBody;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.kb.InteractRequest;
import io.gaia.events.kb.KbHeaders;
import io.gaia.events.kb.KbOperation;
import io.gaia.support.nats.NatsConnection;
import io.gaia.support.nats.NatsProperties;
import io.gaia.testsupport.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the shared kb client sends a call again, over a real nats-server, with a kb-service peer that answers
 * as the protocol allows (docs/asyncapi.yaml): a call that may have run is repeated only when repeating
 * it cannot run it twice (a read, or a write with a request id), always with the same request id.
 */
class KbClientRetriesTest {

    static final String WOODS = "wylding-woods";
    static final Duration TIMEOUT = Duration.ofMillis(600);
    static final Duration WINDOW = Duration.ofMillis(1500);
    static final GaiaJson JSON = GaiaJson.create();

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    NatsConnection connection;
    Connection kbSide;
    Dispatcher kb;
    /** Every request the kb-service peer received: its request id header and body. */
    final List<Message> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        connection = new NatsConnection(new NatsProperties(nats.url(), Duration.ofSeconds(2), Duration.ofMillis(200),
                "gaia"), "kb-client-retries-test");
        await().atMost(Duration.ofSeconds(10)).until(connection::isConnected);
        kbSide = Nats.connect(nats.url());
    }

    @AfterEach
    void close() throws Exception {
        kbSide.close();
        connection.destroy();
    }

    KbClient client() {
        return new KbClient(connection, JSON, new KbClientSettings(TIMEOUT, 1024 * 1024, WINDOW), null);
    }

    /** A kb-service peer on {@code operation}: {@code answer} gets each request with its 1-based number. */
    void serve(KbOperation operation, BiConsumer<Message, Integer> answer) throws Exception {
        kb = kbSide.createDispatcher(message -> {
            received.add(message);
            answer.accept(message, received.size());
        });
        kb.subscribe(Subjects.kbRequest(WOODS, operation));
        kbSide.flush(Duration.ofSeconds(2));
    }

    void reply(Message request, int status, Object body) {
        kbSide.publish(request.getReplyTo(), new Headers().put(KbHeaders.STATUS, Integer.toString(status)),
                JSON.write(body));
    }

    void unconfirmed(Message request) {
        reply(request, 503, ErrorBody.of(ErrorCodes.COMMIT_UNCONFIRMED,
                "the experience's state journal did not confirm a commit; the action may have been saved"));
    }

    /** The owner's journal did not confirm the first request; the repeat finds the action done. */
    BiConsumer<Message, Integer> unconfirmedThenCollected() {
        return (request, n) -> {
            if (n == 1) {
                unconfirmed(request);
            } else {
                reply(request, 200, collected());
            }
        };
    }

    static ActionResponse collected() {
        return ActionResponse.ok("collect_item", "You take the bottle.", Map.of(), "bottle_joy", 1_796_000_000_000L,
                List.of());
    }

    ActionRequest collect(String requestId) {
        return new ActionRequest(WOODS, "collect_item", Map.of("instance_id", "bottle_joy"), requestId);
    }

    @Test
    void anActionAnsweredCommitUnconfirmedIsSentAgainWithTheSameRequestIdAndGetsTheOwnersNextAnswer() throws Exception {
        serve(KbOperation.ACTION, unconfirmedThenCollected());

        ActionResponse answer = client().action(collect("req-7"), "token").block(Duration.ofSeconds(10));

        assertThat(answer.success()).isTrue();
        assertThat(received).hasSize(2);
        assertThat(received).allSatisfy(m -> assertThat(m.getHeaders().getFirst(KbHeaders.REQUEST_ID)).isEqualTo("req-7"));
        assertThat(new String(received.get(1).getData())).isEqualTo(new String(received.get(0).getData()));
    }

    @Test
    void anActionStillUnconfirmedAfterTheRetryWindowFailsWithKbsCodeNotAsUnreachable() throws Exception {
        serve(KbOperation.ACTION, (request, n) -> unconfirmed(request));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client().action(collect("req-8"), "token").block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(KbException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.COMMIT_UNCONFIRMED);
                    assertThat(e.getMessage()).contains("may have been saved");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(WINDOW, WINDOW.plusSeconds(2));
        assertThat(received.size()).isBetween(3, 40);
    }

    @Test
    void anActionUnconfirmedWhileItsOwnerCannotReopenYetEndsWithAnAnswerOrAnUnknownOutcomeNeverAsARefusal() throws Exception {
        // the owner stops after the unconfirmed commit and fails to reopen for a while: the catalog says so
        Dispatcher catalog = kbSide.createDispatcher(message -> reply(message, 503, ErrorBody.of(
                ErrorCodes.EXPERIENCE_UNAVAILABLE, "experience 'wylding-woods' is unavailable: state could not be loaded")));
        catalog.subscribe(Subjects.kbCatalog(WOODS));
        serve(KbOperation.ACTION, (request, n) -> {
            unconfirmed(request);
            kb.unsubscribe(Subjects.kbRequest(WOODS, KbOperation.ACTION));
        });

        var call = client().action(collect("req-12"), "token").toFuture();
        Thread.sleep(WINDOW.toMillis() / 3);
        serve(KbOperation.ACTION, (request, n) -> reply(request, 200, collected())); // reopened: the record was stored

        assertThat(call.get(10, java.util.concurrent.TimeUnit.SECONDS).success())
                .as("not experience_unavailable: the first attempt's outcome was unknown").isTrue();
        assertThat(received).allSatisfy(m -> assertThat(m.getHeaders().getFirst(KbHeaders.REQUEST_ID)).isEqualTo("req-12"));
    }

    @Test
    void aTimedOutActionThatNobodyServesAfterwardsEndsAsUnknownNotAsTheCatalogsRefusal() throws Exception {
        Dispatcher catalog = kbSide.createDispatcher(message -> reply(message, 503, ErrorBody.of(
                ErrorCodes.EXPERIENCE_UNAVAILABLE, "experience 'wylding-woods' is unavailable: state could not be loaded")));
        catalog.subscribe(Subjects.kbCatalog(WOODS));
        serve(KbOperation.ACTION, (request, n) -> kb.unsubscribe(Subjects.kbRequest(WOODS, KbOperation.ACTION)));

        assertThatThrownBy(() -> client().action(collect("req-13"), "token").block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(KbException.class, e -> {
                    assertThat(e.code()).as("the first attempt's unknown outcome, not 'nobody ran it'").isEqualTo(ErrorCodes.TIMEOUT);
                    assertThat(e.getMessage()).contains("outcome is unknown");
                });
    }

    @Test
    void aTimedOutActionIsSentOnceMoreWithTheSameRequestId() throws Exception {
        serve(KbOperation.ACTION, (request, n) -> {
            if (n > 1) { // the first request's answer is lost
                reply(request, 200, collected());
            }
        });

        ActionResponse answer = client().action(collect("req-9"), "token").block(Duration.ofSeconds(10));

        assertThat(answer.success()).isTrue();
        assertThat(received).hasSize(2);
        assertThat(received).allSatisfy(m -> assertThat(m.getHeaders().getFirst(KbHeaders.REQUEST_ID)).isEqualTo("req-9"));
    }

    @Test
    void anActionThatTimesOutTwiceFailsAsTimeoutAfterTwoRequests() throws Exception {
        serve(KbOperation.ACTION, (request, n) -> { });

        assertThatThrownBy(() -> client().action(collect("req-10"), "token").block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(KbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.TIMEOUT));
        assertThat(received).hasSize(2);
    }

    @Test
    void aPhraseWithoutARequestIdIsNeverSentTwiceAfterItMayHaveRun() throws Exception {
        serve(KbOperation.INTERACT, (request, n) -> unconfirmed(request));
        assertThatThrownBy(() -> client().interact(new InteractRequest("take the bottle", WOODS), "token", null)
                .block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(KbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.COMMIT_UNCONFIRMED));
        assertThat(received).hasSize(1);

        received.clear();
        kb.unsubscribe(Subjects.kbRequest(WOODS, KbOperation.INTERACT));
        serve(KbOperation.INTERACT, (request, n) -> { });
        assertThatThrownBy(() -> client().interact(new InteractRequest("take the bottle", WOODS), "token", null)
                .block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(KbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.TIMEOUT));
        assertThat(received).hasSize(1);
    }

    @Test
    void aPhraseWithARequestIdIsRetriedLikeAnAction() throws Exception {
        serve(KbOperation.INTERACT, unconfirmedThenCollected());

        ActionResponse answer = client().interact(new InteractRequest("take the bottle", WOODS), "token", "req-11")
                .block(Duration.ofSeconds(10));

        assertThat(answer.success()).isTrue();
        assertThat(received).hasSize(2);
        assertThat(received).allSatisfy(m -> assertThat(m.getHeaders().getFirst(KbHeaders.REQUEST_ID)).isEqualTo("req-11"));
    }
}
