package dev.loopwire.spring.autoconfigure;

import dev.loopwire.transport.server.TcpServerConfig;

/**
 * Adjusts the core configuration of a server after the properties are applied (socket options, backlog,
 * a custom failure policy, ...). Declare beans of this type; they are called in order on the main thread
 * while the servers start.
 */
@FunctionalInterface
public interface LoopwireServerCustomizer {

    /**
     * @param serverName the key under {@code loopwire.servers}
     * @param builder    the server's configuration builder, properties already applied
     */
    void customize(String serverName, TcpServerConfig.Builder builder);
}
