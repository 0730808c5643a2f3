package dev.loopwire.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.junit.jupiter.api.Test;

/**
 * The interest ops a connection asks for follow its reasons to read and write, and the selection key is
 * touched only when they change: after the flushes of a busy connection that leave nothing behind (every
 * request of a ping-pong), the key is neither read nor written.
 */
class ReadyInterestTests {

    @Test
    void whenFlushesLeaveNothingPendingThenTheKeyIsNotTouched() {
        CountingKey key = new CountingKey(SelectionKey.OP_READ);
        ReadyInterest interest = new ReadyInterest();
        interest.keyed(key);
        key.resetCounts();

        for (int i = 0; i < 1000; i++) {
            interest.afterFlush(false);
        }

        assertThat(key.reads).isZero();
        assertThat(key.writes).isZero();
        assertThat(key.ops).isEqualTo(SelectionKey.OP_READ);
    }

    @Test
    void whenTheSocketFillsAndDrainsThenOpWriteIsAskedForOnceAndDroppedOnce() {
        CountingKey key = new CountingKey(SelectionKey.OP_READ);
        ReadyInterest interest = new ReadyInterest();
        interest.keyed(key);

        interest.afterFlush(true);
        interest.afterFlush(true);
        assertThat(key.ops).isEqualTo(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        interest.writable();
        interest.afterFlush(false);
        interest.afterFlush(false);

        assertThat(key.ops).isEqualTo(SelectionKey.OP_READ);
        assertThat(key.writes).isEqualTo(2);
    }

    @Test
    void whenReasonsOverlapThenReadingResumesOnlyAfterTheLastOneIsLifted() {
        CountingKey key = new CountingKey(SelectionKey.OP_READ);
        ReadyInterest interest = new ReadyInterest();
        interest.keyed(key);

        interest.suspend(NioConnection.SUSPEND_WRITE_BACKLOG);
        interest.suspend(NioConnection.SUSPEND_BACKPRESSURE);
        assertThat(key.ops).isZero();
        interest.resume(NioConnection.SUSPEND_WRITE_BACKLOG);
        assertThat(key.ops).isZero();
        interest.resume(NioConnection.SUSPEND_BACKPRESSURE);

        assertThat(key.ops).isEqualTo(SelectionKey.OP_READ);
        assertThat(key.writes).isEqualTo(2);
    }

    @Test
    void whenRekeyedAfterASelectorRebuildThenChangesGoToTheNewKey() {
        CountingKey old = new CountingKey(SelectionKey.OP_READ);
        ReadyInterest interest = new ReadyInterest();
        interest.keyed(old);
        interest.suspend(NioConnection.SUSPEND_BACKPRESSURE);
        CountingKey fresh = new CountingKey(0); // the rebuild registers with the old key's ops

        interest.keyed(fresh);
        interest.resume(NioConnection.SUSPEND_BACKPRESSURE);

        assertThat(fresh.ops).isEqualTo(SelectionKey.OP_READ);
        assertThat(old.ops).isZero();
    }

    @Test
    void whenTheKeyIsCancelledThenNothingIsWrittenToIt() {
        CountingKey key = new CountingKey(SelectionKey.OP_READ);
        ReadyInterest interest = new ReadyInterest();
        interest.keyed(key);

        interest.cancel();
        interest.afterFlush(true);

        assertThat(key.writes).isZero();
    }

    /** A selection key that counts reads and writes of its interest ops. */
    private static final class CountingKey extends SelectionKey {
        int ops;
        int reads;
        int writes;
        boolean valid = true;

        CountingKey(int ops) {
            this.ops = ops;
        }

        void resetCounts() {
            reads = 0;
            writes = 0;
        }

        @Override
        public SelectableChannel channel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Selector selector() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isValid() {
            return valid;
        }

        @Override
        public void cancel() {
            valid = false;
        }

        @Override
        public int interestOps() {
            reads++;
            return ops;
        }

        @Override
        public SelectionKey interestOps(int newOps) {
            writes++;
            ops = newOps;
            return this;
        }

        @Override
        public int readyOps() {
            return 0;
        }
    }
}
