package dev.loopwire.spring.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times every client request as {@code loopwire.client.requests} {client, route, outcome}. Timers are
 * made once per tag combination and cached; recording is lock-free. Called on the thread that completes
 * the request.
 */
public class MicrometerClientObservation implements ClientObservation {

    /** The timer's name. */
    public static final String REQUESTS = "loopwire.client.requests";

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public MicrometerClientObservation(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void requestCompleted(String client, String route, String outcome, long nanos) {
        timers.computeIfAbsent(client + '\u0000' + route + '\u0000' + outcome, key -> Timer.builder(REQUESTS)
                .description("Requests of Loopwire clients, by outcome")
                .tag("client", client).tag("route", route).tag("outcome", outcome)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
