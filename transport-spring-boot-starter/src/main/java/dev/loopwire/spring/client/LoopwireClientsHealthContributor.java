package dev.loopwire.spring.client;

import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the Loopwire clients, one component per client: DOWN while it has no open connection and
 * its last attempt to make one failed (the server is down or unreachable), UP otherwise, including while
 * it has no connection because it has been idle. Details: address, connections, requests in flight and
 * waiting, failed attempts and the last failure. Not part of the liveness group unless added to it: a
 * server that is down is no reason to restart this application. Called on the actuator's thread.
 */
public class LoopwireClientsHealthContributor implements CompositeHealthContributor {

    private final CompositeHealthContributor delegate;

    public LoopwireClientsHealthContributor(LoopwireClients clients) {
        Map<String, HealthIndicator> indicators = clients.clients().stream().collect(Collectors.toMap(
                LoopwireClient::name, LoopwireClientsHealthContributor::indicator, (a, b) -> a,
                java.util.LinkedHashMap::new));
        this.delegate = CompositeHealthContributor.fromMap(indicators);
    }

    static HealthIndicator indicator(LoopwireClient client) {
        return () -> {
            LoopwireClient.Stats stats = client.stats();
            Health.Builder builder = stats.down() ? Health.down() : Health.up();
            builder.withDetail("address", client.address())
                    .withDetail("connections", stats.openConnections())
                    .withDetail("inFlight", stats.inFlight())
                    .withDetail("waiting", stats.waiting())
                    .withDetail("failedAttempts", stats.consecutiveFailures());
            if (stats.lastFailure() != null) {
                builder.withDetail("lastFailure", stats.lastFailure());
            }
            return builder.build();
        };
    }

    @Override
    public HealthContributor getContributor(String name) {
        return delegate.getContributor(name);
    }

    @Override
    public java.util.stream.Stream<HealthContributors.Entry> stream() {
        return delegate.stream();
    }
}
