package dev.loopwire.spring.connection;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.spring.autoconfigure.LoopwireProperties;
import dev.loopwire.spring.autoconfigure.LoopwireServerCustomizer;
import dev.loopwire.spring.autoconfigure.LoopwireServerProperties;
import dev.loopwire.transport.server.TcpServerConfig;
import java.util.List;
import java.util.Map;

/**
 * Gives each server its connection lifecycle (the {@code @OnConnect}/{@code @OnDisconnect} methods naming
 * it, and the connection events) and its slow-consumer policy. A server with no such method, while no
 * listener takes the events, gets no lifecycle at all, so its connections pay nothing for it. Validates
 * that every method names a configured server and that one method at most per server returns a greeting.
 * Main thread, while the servers start.
 */
public class ConnectionLifecycleCustomizer implements LoopwireServerCustomizer {

    private final LoopwireProperties properties;
    private final ConnectionLifecycleRegistry registry;
    private final ConnectionEventPublisher events;
    private boolean validated;

    public ConnectionLifecycleCustomizer(LoopwireProperties properties, ConnectionLifecycleRegistry registry,
            ConnectionEventPublisher events) {
        this.properties = properties;
        this.registry = registry;
        this.events = events;
    }

    @Override
    public void customize(String serverName, TcpServerConfig.Builder builder) {
        Map<String, LoopwireServerProperties> servers = properties.getServers();
        validate(servers);
        LoopwireServerProperties server = servers.get(serverName);
        if (server == null) {
            return;
        }
        builder.slowConsumerPolicy(server.getSlowConsumer());
        boolean only = servers.size() == 1;
        List<LifecycleMethod> onConnect = registry.onConnect(serverName, only);
        List<LifecycleMethod> onDisconnect = registry.onDisconnect(serverName, only);
        long greeters = onConnect.stream().filter(LifecycleMethod::returnsGreeting).count();
        if (greeters > 1) {
            throw new LoopwireConfigurationException("Server '" + serverName + "' has " + greeters
                    + " @OnConnect methods that return a greeting", "let one method return the greeting and make the others void");
        }
        if (onConnect.isEmpty() && onDisconnect.isEmpty() && !events.listensToOpened() && !events.listensToClosed()) {
            return; // nothing to call: the connections skip the lifecycle entirely
        }
        builder.lifecycle(new SpringConnectionLifecycle(serverName, onConnect, onDisconnect, events,
                server.getLine().getCharset()));
    }

    private void validate(Map<String, LoopwireServerProperties> servers) {
        if (validated) {
            return;
        }
        validated = true;
        for (LifecycleMethod method : registry.all()) {
            if (method.server().isEmpty() && servers.size() != 1) {
                throw new LoopwireConfigurationException(method.describe() + " names no server, but " + servers.size()
                        + " servers are configured " + servers.keySet(),
                        "set @OnConnect/@OnDisconnect(server = ...) to one of " + servers.keySet());
            }
            if (!method.server().isEmpty() && !servers.containsKey(method.server())) {
                throw new LoopwireConfigurationException(method.describe() + " names server '" + method.server()
                        + "', but loopwire.servers." + method.server() + " is not configured (configured servers: "
                        + servers.keySet() + ")", "fix the server name or configure the server");
            }
        }
    }
}
