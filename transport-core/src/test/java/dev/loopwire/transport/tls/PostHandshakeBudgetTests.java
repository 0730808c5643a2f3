package dev.loopwire.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The token bucket of post-handshake messages, on a hand-driven clock. */
class PostHandshakeBudgetTests {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void whenTheBurstIsSpentThenTheNextMessageIsRefusedUntilTheBucketRefills() {
        PostHandshakeBudget budget = new PostHandshakeBudget(4, 60 * SECOND, 0); // 4 per minute: one per 15 s
        for (int i = 0; i < 4; i++) {
            assertThat(budget.tryCharge(0)).as("message %d of the burst", i).isTrue();
        }
        assertThat(budget.tryCharge(0)).isFalse();
        assertThat(budget.tryCharge(14 * SECOND)).as("not a whole token yet").isFalse();
        assertThat(budget.tryCharge(15 * SECOND)).isTrue();
        assertThat(budget.tryCharge(15 * SECOND)).isFalse();
    }

    @Test
    void whenThePeerIsQuietForLongThenTheBucketHoldsNoMoreThanItsCapacity() {
        PostHandshakeBudget budget = new PostHandshakeBudget(3, 60 * SECOND, 0);
        long hourLater = 3600 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(budget.tryCharge(hourLater)).isTrue();
        }
        assertThat(budget.tryCharge(hourLater)).isFalse();
    }

    @Test
    void whenMessagesComeAtTheAllowedRateThenNoneIsEverRefused() {
        PostHandshakeBudget budget = new PostHandshakeBudget(32, 60 * SECOND, 0);
        for (long t = 0; t < 24 * 3600 * SECOND; t += 2 * SECOND) { // one every 2 s for a day, under 32/min
            assertThat(budget.tryCharge(t)).isTrue();
        }
    }

    @Test
    void whenTheLimitIsConfiguredBadlyThenTheBuilderSaysWhatIsAllowed() {
        TlsConfig.Builder builder = TestCertificates.get().server(ClientAuth.NONE);
        assertThat(builder.build().postHandshakeMessages()).isEqualTo(TlsConfig.DEFAULT_POST_HANDSHAKE_MESSAGES);
        assertThatThrownBy(() -> builder.postHandshakeMessageLimit(0, Duration.ofMinutes(1)))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> builder.postHandshakeMessageLimit(10, Duration.ZERO)).hasMessageContaining("positive");
    }
}
