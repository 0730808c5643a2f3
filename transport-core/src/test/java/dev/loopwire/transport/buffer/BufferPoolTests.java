package dev.loopwire.transport.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwire.transport.loop.DrivenLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Size classes, bounds, misses, cross-thread returns and leak reports of one loop's pool. */
class BufferPoolTests {

    private final DrivenLoop driven = DrivenLoop.onCurrentThread("pool-test");

    @AfterEach
    void closeLoop() {
        driven.close();
    }

    private BufferPool pool(BufferPoolConfig config) {
        return new BufferPool(driven.loop(), config);
    }

    @Test
    void whenCapacityIsRequestedThenTheSmallestFittingClassIsLentDirect() {
        ConnectionBuffers buffers = new ConnectionBuffers(pool(BufferPoolConfig.DEFAULTS));

        assertThat(capacityFor(buffers, 1)).isEqualTo(4096);
        assertThat(capacityFor(buffers, 4096)).isEqualTo(4096);
        assertThat(capacityFor(buffers, 4097)).isEqualTo(8192);
        assertThat(capacityFor(buffers, 65_536)).isEqualTo(65_536);
        assertThat(capacityFor(buffers, 65_537)).isEqualTo(131_072);
        assertThat(capacityFor(buffers, 1 << 20)).isEqualTo(1 << 20);
    }

    private static int capacityFor(ConnectionBuffers buffers, int requested) {
        PooledBuffer buffer = buffers.acquireInLoop(requested);
        try {
            assertThat(buffer.isPooled()).isTrue();
            assertThat(buffer.buffer().isDirect()).isTrue();
            assertThat(buffer.buffer().position()).isZero();
            assertThat(buffer.buffer().limit()).isEqualTo(requested);
            return buffer.capacity();
        } finally {
            buffer.release();
        }
    }

    @Test
    void whenABufferIsReleasedOnTheLoopThenTheNextAcquireOfItsClassReusesIt() {
        BufferPool pool = pool(BufferPoolConfig.DEFAULTS);
        ConnectionBuffers buffers = new ConnectionBuffers(pool);

        PooledBuffer first = buffers.acquireInLoop(60_000);
        first.release();
        PooledBuffer second = buffers.acquireInLoop(65_536);

        assertThat(second).isSameAs(first);
        assertThat(second.buffer().limit()).isEqualTo(65_536);
        BufferPoolStats stats = pool.stats();
        assertThat(stats.allocations()).isEqualTo(1);
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isZero();
        assertThat(stats.bytesHeld()).isEqualTo(65_536);
        assertThat(stats.outstanding()).isEqualTo(1);
        second.release();
        assertThat(pool.outstanding()).isZero();
    }

    @Test
    void whenARequestIsLargerThanTheLargestClassThenItIsAHeapMissOutsideThePool() {
        BufferPool pool = pool(BufferPoolConfig.DEFAULTS);
        PooledBuffer huge = new ConnectionBuffers(pool).acquireInLoop((1 << 20) + 1);

        assertThat(huge.isPooled()).isFalse();
        assertThat(huge.buffer().isDirect()).isFalse();
        assertThat(pool.stats().misses()).isEqualTo(1);
        assertThat(pool.stats().bytesHeld()).isZero();
        assertThat(pool.outstanding()).isEqualTo(1);
        huge.release();
        assertThat(pool.outstanding()).isZero();
    }

    @Test
    void whenAConnectionHoldsItsMaximumThenItsNextAcquireMissesWhileOthersStillHit() {
        BufferPool pool = pool(new BufferPoolConfig(1 << 20, 2, 4096, 65_536, false));
        ConnectionBuffers greedy = new ConnectionBuffers(pool);
        ConnectionBuffers other = new ConnectionBuffers(pool);

        PooledBuffer a = greedy.acquireInLoop(100);
        PooledBuffer b = greedy.acquireInLoop(100);
        PooledBuffer c = greedy.acquireInLoop(100);
        PooledBuffer d = other.acquireInLoop(100);

        assertThat(a.isPooled()).isTrue();
        assertThat(b.isPooled()).isTrue();
        assertThat(c.isPooled()).isFalse();
        assertThat(d.isPooled()).isTrue();
        assertThat(greedy.held()).isEqualTo(2);
        assertThat(greedy.tryAcquireInLoop(100)).isNull();
        assertThat(pool.stats().misses()).isEqualTo(2);

        a.release();
        assertThat(greedy.held()).isEqualTo(1);
        PooledBuffer e = greedy.acquireInLoop(100);
        assertThat(e.isPooled()).isTrue();
        for (PooledBuffer buffer : new PooledBuffer[] {b, c, d, e}) {
            buffer.release();
        }
        assertThat(pool.outstanding()).isZero();
        assertThat(greedy.held()).isZero();
    }

    @Test
    void whenTheLoopBoundIsReachedThenRequestsMissAndIdleBuffersOfOtherClassesAreGivenUp() {
        BufferPool pool = pool(new BufferPoolConfig(128 * 1024, 16, 4096, 65_536, false));
        ConnectionBuffers buffers = new ConnectionBuffers(pool);

        PooledBuffer first = buffers.acquireInLoop(65_536);
        PooledBuffer second = buffers.acquireInLoop(65_536);
        PooledBuffer third = buffers.acquireInLoop(65_536);

        assertThat(third.isPooled()).isFalse();
        assertThat(pool.stats().bytesHeld()).isEqualTo(128 * 1024);

        first.release();
        second.release();
        PooledBuffer small = buffers.acquireInLoop(4096); // both idle 64 KiB buffers hold the bound: one is given up
        assertThat(small.isPooled()).isTrue();
        assertThat(pool.stats().bytesHeld()).isEqualTo(64 * 1024 + 4096);
        assertThat(pool.stats().bytesHeld()).isLessThanOrEqualTo(pool.config().maxBytesPerLoop());
        small.release();
        third.release();
        assertThat(pool.outstanding()).isZero();
    }

    @Test
    void whenReleasedOnAnotherThreadThenTheBufferComesBackThroughTheReturnQueue() throws Exception {
        BufferPool pool = pool(BufferPoolConfig.DEFAULTS);
        ConnectionBuffers buffers = new ConnectionBuffers(pool);
        PooledBuffer lent = buffers.acquireInLoop(8192);

        Thread releaser = new Thread(lent::release);
        releaser.start();
        releaser.join();

        assertThat(pool.outstanding()).isZero();
        assertThat(buffers.held()).isZero();
        PooledBuffer again = buffers.acquireInLoop(8192);
        assertThat(again).isSameAs(lent);
        assertThat(pool.stats().hits()).isEqualTo(1);
        again.release();
    }

    @Test
    void whenABufferIsReleasedTwiceThenTheSecondReleaseFails() {
        PooledBuffer buffer = new ConnectionBuffers(pool(BufferPoolConfig.DEFAULTS)).acquireInLoop(10);
        buffer.release();

        assertThatThrownBy(buffer::release).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released twice");
    }

    @Test
    void whenLeakTrackingIsOnThenAnUnreleasedBufferIsReportedWithItsAcquiringStack() {
        BufferPool pool = pool(BufferPoolConfig.DEFAULTS.withLeakTracking(true));
        ConnectionBuffers buffers = new ConnectionBuffers(pool);
        PooledBuffer kept = buffers.acquireInLoop(100);
        buffers.acquireInLoop(100).release();

        assertThat(pool.outstanding()).isEqualTo(1);
        assertThat(pool.leaks()).singleElement().asString()
                .contains("whenLeakTrackingIsOnThenAnUnreleasedBufferIsReportedWithItsAcquiringStack");
        kept.release();
        assertThat(pool.leaks()).isEmpty();
    }

    @Test
    void whenCalledOffTheLoopThenAcquireFails() throws Exception {
        ConnectionBuffers buffers = new ConnectionBuffers(pool(BufferPoolConfig.DEFAULTS));
        Throwable[] failure = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                buffers.acquireInLoop(10);
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        other.start();
        other.join();

        assertThat(failure[0]).isNotNull();
    }
}
