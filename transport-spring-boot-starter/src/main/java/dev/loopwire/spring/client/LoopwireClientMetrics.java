package dev.loopwire.spring.client;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of each client, read when the registry is read: {@code loopwire.client.connections} (open),
 * {@code loopwire.client.connections.connecting}, {@code loopwire.client.requests.in-flight},
 * {@code loopwire.client.requests.waiting} and {@code loopwire.client.connect.failures} (consecutive),
 * tagged with {@code client}. Bound by Spring Boot like any {@link MeterBinder}.
 */
public class LoopwireClientMetrics implements MeterBinder {

    private final LoopwireClients clients;

    public LoopwireClientMetrics(LoopwireClients clients) {
        this.clients = clients;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (LoopwireClient client : clients.clients()) {
            gauge(registry, "loopwire.client.connections", "Open connections of the client", client,
                    c -> c.stats().openConnections());
            gauge(registry, "loopwire.client.connections.connecting", "Connection attempts running or backing off",
                    client, c -> c.stats().connecting());
            gauge(registry, "loopwire.client.requests.in-flight", "Requests sent and not yet answered", client,
                    c -> c.stats().inFlight());
            gauge(registry, "loopwire.client.requests.waiting", "Requests waiting for room or for a connection",
                    client, c -> c.stats().waiting());
            gauge(registry, "loopwire.client.connect.failures", "Connection attempts failed since the last success",
                    client, c -> c.stats().consecutiveFailures());
        }
    }

    private static void gauge(MeterRegistry registry, String name, String description, LoopwireClient client,
            ToDoubleFunction<LoopwireClient> value) {
        Gauge.builder(name, client, value).description(description).tag("client", client.name()).register(registry);
    }
}
