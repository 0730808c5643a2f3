package dev.loopwire.transport.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One drain task at a time: only the first post of an idle mailbox asks for one. */
class SerialMailboxTests {

    @Test
    void whenBatchesArePostedThenOnlyTheFirstSchedulesADrainAndTakeSwapsEverythingOut() {
        SerialMailbox mailbox = new SerialMailbox();
        assertThat(mailbox.busy()).isFalse();
        assertThat(mailbox.post(batch("a", "b"))).isTrue();
        assertThat(mailbox.post(batch("c"))).isFalse(); // the drain is already scheduled
        assertThat(mailbox.busy()).isTrue();

        ArrayList<Object> taken = mailbox.take(new ArrayList<>());
        assertThat(taken).containsExactly("a", "b", "c");
        assertThat(mailbox.busy()).isTrue(); // still draining until a take finds nothing

        assertThat(mailbox.post(batch("d"))).isFalse(); // posted while the drain runs: that drain takes it
        assertThat(mailbox.take(new ArrayList<>())).containsExactly("d");
        assertThat(mailbox.take(new ArrayList<>())).isNull();
        assertThat(mailbox.busy()).isFalse();
        assertThat(mailbox.post(batch("e"))).isTrue(); // idle again: the next post schedules a drain
    }

    @Test
    void whenPostedThenTheCallersBatchIsLeftEmptyForReuse() {
        SerialMailbox mailbox = new SerialMailbox();
        ArrayList<Object> batch = batch("a");
        mailbox.post(batch);
        assertThat(batch).isEmpty();
    }

    private static ArrayList<Object> batch(String... events) {
        return new ArrayList<>(List.of((Object[]) events));
    }
}
