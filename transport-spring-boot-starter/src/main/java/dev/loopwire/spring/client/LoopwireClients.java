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

    /** The client names. */
    public java.util.Set<String> names() {
        return clients.keySet();
    }
}
