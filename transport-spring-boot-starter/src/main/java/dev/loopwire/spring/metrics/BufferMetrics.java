package dev.loopwire.spring.metrics;

import dev.loopwire.transport.buffer.BufferPoolStats;
import dev.loopwire.transport.server.TcpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;

/**
 * Buffer-pool meters of a server whose handler takes frames as buffers (a core
 * {@code BufferFrameHandler}), read from {@link TcpServer#bufferPoolStats()} summed over its loops:
 * {@code loopwire.buffers.hits}, {@code loopwire.buffers.misses}, {@code loopwire.buffers.allocations}
 * (counters), {@code loopwire.buffers.held} (direct bytes held, gauge), {@code loopwire.buffers.outstanding}
 * (buffers lent and not released, gauge), all tagged {server}. Servers whose handlers take arrays have no pool
 * and get none of these.
 *
 * <p>Bound on the thread that binds {@link LoopwireMetrics}; read on whichever thread reads the registry.
 */
final class BufferMetrics {

    private BufferMetrics() {
    }

    static void bind(MeterRegistry registry, TcpServer server) {
        if (server.config().bufferHandler() == null) {
            return;
        }
        Tags tags = Tags.of("server", server.name());
        FunctionCounter.builder("loopwire.buffers.hits", server, s -> s.bufferPoolStats().hits()).tags(tags)
                .baseUnit("buffers").description("Pooled buffers lent from an idle buffer of their size class")
                .register(registry);
        FunctionCounter.builder("loopwire.buffers.allocations", server, s -> s.bufferPoolStats().allocations())
                .tags(tags).baseUnit("buffers").description("Direct buffers the pools made, within their bounds")
                .register(registry);
        FunctionCounter.builder("loopwire.buffers.misses", server, s -> s.bufferPoolStats().misses()).tags(tags)
                .baseUnit("buffers")
                .description("Buffers served outside the pool (heap) because a bound was reached or the frame was "
                        + "larger than the largest size class")
                .register(registry);
        Gauge.builder("loopwire.buffers.held", server, s -> s.bufferPoolStats().bytesHeld()).tags(tags)
                .baseUnit(BaseUnits.BYTES).description("Direct bytes the buffer pools hold, lent out or idle")
                .register(registry);
        Gauge.builder("loopwire.buffers.outstanding", server, s -> outstanding(s.bufferPoolStats())).tags(tags)
                .baseUnit("buffers").description("Buffers lent and not yet released").register(registry);
    }

    private static double outstanding(BufferPoolStats stats) {
        return stats.outstanding();
    }
}
