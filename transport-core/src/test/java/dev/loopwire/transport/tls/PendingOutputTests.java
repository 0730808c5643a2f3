package dev.loopwire.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import org.junit.jupiter.api.Test;

/** The encrypted backlog of a TLS connection: order kept through partial writes, and appends that stay cheap. */
class PendingOutputTests {

    /** the size of a TLS 1.3 KeyUpdate record as the JDK makes it */
    private static final int RECORD = 43;

    @Test
    void whenRecordsAreKeptAndTheSocketTakesLittleAtATimeThenBytesLeaveInOrder() throws Exception {
        PendingOutput pending = new PendingOutput();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        StingyChannel socket = new StingyChannel();
        int next = 0;
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < 1 + round % 7; i++) {
                byte[] record = new byte[round % 3 == 0 ? 20_000 : RECORD]; // some larger than a chunk
                for (int b = 0; b < record.length; b++) {
                    record[b] = (byte) next++;
                }
                expected.write(record);
                ByteBuffer scratch = ByteBuffer.allocate(record.length + 10).position(5); // offset, like a slice
                scratch.put(record).flip().position(5);
                pending.keep(scratch);
                assertThat(scratch.hasRemaining()).isFalse();
            }
            socket.budget = 1 + round * 37 % 9000;
            pending.writeTo(socket);
            assertThat(pending.size()).isEqualTo(expected.size() - socket.received.size());
        }
        socket.budget = Integer.MAX_VALUE;
        pending.writeTo(socket);
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.size()).isZero();
        assertThat(socket.received.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void whenManySmallRecordsPileUpThenEachByteIsCopiedOnce() {
        PendingOutput pending = new PendingOutput();
        ByteBuffer record = ByteBuffer.allocate(RECORD);
        int records = 8_000;
        pending.keep(record); // warm up: the deque and the scratch array
        long before = allocatedByThisThread();
        for (int i = 0; i < records; i++) {
            pending.keep(record.clear());
        }
        long allocated = allocatedByThisThread() - before;
        long kept = (long) records * RECORD;
        System.out.printf("[figure] PendingOutput: %d records of %d bytes kept, %d bytes allocated%n", records, RECORD,
                allocated);
        // copying the whole backlog again per record would allocate about records^2 * RECORD / 2 = 1.4 GB
        assertThat(allocated).isLessThan(2 * kept);
        assertThat(pending.size()).isEqualTo(kept + RECORD);
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** A socket that takes at most {@link #budget} bytes per write call. */
    private static final class StingyChannel implements GatheringByteChannel {
        int budget;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long total = 0;
            int left = budget;
            for (int i = offset; i < offset + length && left > 0; i++) {
                int n = Math.min(left, srcs[i].remaining());
                byte[] bytes = new byte[n];
                srcs[i].get(bytes);
                received.writeBytes(bytes);
                left -= n;
                total += n;
            }
            return total;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
