package io.gaia.session.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadReceiptsTest {

    @Test
    void aPongAnswersItsPingAndEveryEarlierOne() {
        ReadReceipts receipts = new ReadReceipts();
        long first = receipts.next(100);
        long second = receipts.next(200);
        long third = receipts.next(300);

        receipts.answered(second);

        assertThat(receipts.read(first)).isTrue();
        assertThat(receipts.read(second)).isTrue();
        assertThat(receipts.read(third)).isFalse();
        assertThat(receipts.oldestUnansweredNanos(1000)).isEqualTo(300);
    }

    @Test
    void aPongNamingNoPingSentIsIgnored() {
        ReadReceipts receipts = new ReadReceipts();
        long sent = receipts.next(100);

        receipts.answered(sent + 5);
        receipts.answered(-1);

        assertThat(receipts.read(sent)).isFalse();
        assertThat(receipts.anyUnanswered()).isTrue();
        assertThat(receipts.oldestUnansweredNanos(1000)).isEqualTo(100);
    }

    @Test
    void noMorePingsAreSentOnceTooManyAreUnanswered() {
        ReadReceipts receipts = new ReadReceipts();
        for (int i = 0; i < ReadReceipts.MAX_OUTSTANDING; i++) {
            assertThat(receipts.next(i)).isPositive();
        }

        assertThat(receipts.next(99)).isEqualTo(-1);
        receipts.answered(1);
        assertThat(receipts.next(100)).isPositive();
    }

    @Test
    void withNothingUnansweredTheClientHasReadEverything() {
        ReadReceipts receipts = new ReadReceipts();
        receipts.answered(receipts.next(100));

        assertThat(receipts.anyUnanswered()).isFalse();
        assertThat(receipts.oldestUnansweredNanos(5000)).isEqualTo(5000);
    }
}
