package dev.loopwire.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The write token's states: free, held, held with a missed flush, retired. */
class WriteTokenTests {

    @Test
    void whenTheTokenIsFreeThenOneTakesItAndTheNextIsRefused() {
        WriteToken token = new WriteToken();
        assertThat(token.acquire()).isTrue();
        assertThat(token.acquire()).isFalse();
    }

    @Test
    void whenSomeoneWasRefusedWhileItWasHeldThenTheReleaseSaysFlushAgain() {
        WriteToken token = new WriteToken();
        token.acquire();
        token.acquire(); // refused: leaves its mark
        assertThat(token.release()).as("holder must make the loop flush").isTrue();
        assertThat(token.acquire()).as("free again").isTrue();
        assertThat(token.release()).as("nobody missed anything this time").isFalse();
    }

    @Test
    void whenRetiredWhileHeldThenItStaysRetiredAndNobodyTakesItAgain() {
        WriteToken token = new WriteToken();
        token.acquire();
        token.retire();
        assertThat(token.release()).isFalse();
        assertThat(token.isRetired()).isTrue();
        assertThat(token.acquire()).isFalse();
    }

    @Test
    void whenTwoThreadsRaceForTheTokenThenNeverBothHoldIt() throws Exception {
        WriteToken token = new WriteToken();
        int[] holders = new int[1];
        int[] overlaps = new int[1];
        Runnable contender = () -> {
            for (int i = 0; i < 200_000; i++) {
                if (token.acquire()) {
                    synchronized (holders) {
                        if (++holders[0] > 1) {
                            overlaps[0]++;
                        }
                    }
                    synchronized (holders) {
                        holders[0]--;
                    }
                    token.release();
                }
            }
        };
        Thread a = new Thread(contender);
        Thread b = new Thread(contender);
        a.start();
        b.start();
        a.join();
        b.join();
        assertThat(overlaps[0]).isZero();
    }
}
