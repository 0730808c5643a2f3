package dev.loopwire.spring.client;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured clients of an application, by name: the one place declarative clients, health,
 * metrics and the actuator endpoint find them. Filled while the context starts; reads are safe from any
 * thread.
 */
public final class LoopwireClients {

    private final Map<String, LoopwireClient> clients;

    public LoopwireClients(Map<String, LoopwireClient> clients) {
        this.clients = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clients));
    }

    /** The client of that name, if configured. */
    public Optional<LoopwireClient> client(String name) {
        return Optional.ofNullable(clients.get(name));
    }

    /**
     * The client of that name.
     *
     * @throws dev.loopwire.spring.LoopwireConfigurationException when there is none
     */
    public LoopwireClient required(String name, String who) {
        LoopwireClient client = clients.get(name);
        if (client == null) {
            throw new dev.loopwire.spring.LoopwireConfigurationException(who + " names client '" + name
                    + "', but loopwire.clients." + name + " is not configured (configured clients: " + clients.keySet()
                    + ")", "add loopwire.clients." + name + ".host and .port (or .server), or fix the client name");
        }
        return client;
    }

    /** Every client, in configuration order. */
    public Collection<LoopwireClient> clients() {
        return List.copyOf(clients.values());
    }

    /** Every client's state now, by name, for the {@code loopwire} actuator endpoint. */
    public Map<String, ClientDescriptor> describe() {
        Map<String, ClientDescriptor> described = new LinkedHashMap<>();
        clients.forEach((name, client) -> {
            LoopwireClient.Stats stats = client.stats();
            described.put(name, new ClientDescriptor(client.address(), client.localServer(), client.description(),
                    stats.openConnections(), stats.connecting(), stats.inFlight(), stats.waiting(),
                    stats.consecutiveFailures(), stats.lastFailure(), stats.stopped() ? "STOPPED"
                            : stats.down() ? "DOWN" : "UP"));
        });
        return described;
    }

    /**
     * One client, as the actuator endpoint shows it.
     *
     * @param address        the server's host:port
     * @param server         the server of this application it connects to, or null
     * @param framing        framing, payload, TLS
     * @param connections    open connections
     * @param connecting     attempts running or backing off
     * @param inFlight       requests sent and not answered
     * @param waiting        requests waiting for room or a connection
     * @param failedAttempts connection attempts failed since the last success
     * @param lastFailure    the last attempt's failure, or null
     * @param state          UP, DOWN (nothing open, last attempt failed) or STOPPED
     */
    public record ClientDescriptor(String address, String server, String framing, int connections, int connecting,
            int inFlight, int waiting, int failedAttempts, String lastFailure, String state) {
    }

    /** The client names. */
    public java.util.Set<String> names() {
        return clients.keySet();
    }
}
