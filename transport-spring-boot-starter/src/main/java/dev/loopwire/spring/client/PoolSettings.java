package dev.loopwire.spring.client;

import java.time.Duration;

/**
 * The connection-pool settings of one client, taken from its properties.
 *
 * @param connections      connections to keep open
 * @param maxInFlight      requests in flight per connection
 * @param maxInFlightWait  how long a request waits for room
 * @param connectTimeout   one connection attempt's limit, and a request's wait for a connection
 * @param requestTimeout   a request's wait for its reply
 * @param failWhenDisconnected whether a request fails at once while the server cannot be reached
 * @param idleTimeout      close connections idle this long; zero disables
 * @param backoff          reconnect back-off
 */
record PoolSettings(int connections, int maxInFlight, Duration maxInFlightWait, Duration connectTimeout,
        Duration requestTimeout, boolean failWhenDisconnected, Duration idleTimeout, Backoff backoff) {

    static PoolSettings of(LoopwireClientProperties properties) {
        LoopwireClientProperties.Reconnect reconnect = properties.getReconnect();
        return new PoolSettings(properties.getConnections(), properties.getMaxInFlightPerConnection(),
                properties.getMaxInFlightWait(), properties.getConnectTimeout(), properties.getRequestTimeout(),
                properties.getWhenDisconnected() == LoopwireClientProperties.WhenDisconnected.FAIL,
                properties.getIdleTimeout(),
                new Backoff(reconnect.getInitialBackoff(), reconnect.getMaxBackoff(), reconnect.getJitter()));
    }
}
