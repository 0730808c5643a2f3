package dev.loopwire.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwire.transport.server.BusinessExecutors;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Loopwire's business pool runs on business threads, each the only user of its own direct staging buffer. */
class BusinessThreadTests {

    @Test
    void whenTheBusinessPoolRunsATaskThenItsThreadIsABusinessThreadWithOneDirectStagingBuffer() throws Exception {
        ExecutorService pool = BusinessExecutors.bounded("staging-test", 1, 4);
        try {
            Object[] seen = pool.submit(() -> {
                Thread thread = Thread.currentThread();
                if (!(thread instanceof BusinessThread business)) {
                    return new Object[] {thread};
                }
                return new Object[] {thread, business.writeStaging(), business.writeStaging()};
            }).get(10, TimeUnit.SECONDS);

            assertThat(seen[0]).isInstanceOf(BusinessThread.class);
            ByteBuffer staging = (ByteBuffer) seen[1];
            assertThat(staging.isDirect()).isTrue();
            assertThat(staging.capacity()).isEqualTo(BusinessThread.WRITE_STAGING_SIZE);
            assertThat(seen[2]).as("made once, then reused").isSameAs(staging);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenAnotherThreadAsksForABusinessThreadsStagingBufferThenItIsRefused() {
        BusinessThread thread = new BusinessThread(() -> { }, "not-started");

        assertThatThrownBy(thread::writeStaging).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("its own");
    }
}
