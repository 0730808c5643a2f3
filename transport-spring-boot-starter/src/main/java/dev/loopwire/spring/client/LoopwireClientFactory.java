package dev.loopwire.spring.client;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.Framing;
import dev.loopwire.transport.tls.TlsConfig;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.boot.ssl.SslBundles;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds one {@link LoopwireClient} from its {@code loopwire.clients.<name>} properties, validating them
 * with the property at fault named. Main thread only.
 */
public class LoopwireClientFactory {

    private final ClientThreads threads;
    private final JsonMapper jsonMapper;
    private final SslBundles sslBundles;
    private final Supplier<LoopwireServers> servers;
    private final ClientObservation observation;

    /**
     * @param threads     the shared client loops and scheduler
     * @param jsonMapper  for JSON payloads
     * @param sslBundles  for {@code ssl.bundle}; may be null
     * @param servers     this application's servers, for {@code server: <name>}; may supply null
     * @param observation told of every request
     */
    public LoopwireClientFactory(ClientThreads threads, JsonMapper jsonMapper, SslBundles sslBundles,
            Supplier<LoopwireServers> servers, ClientObservation observation) {
        this.threads = threads;
        this.jsonMapper = jsonMapper;
        this.sslBundles = sslBundles;
        this.servers = servers;
        this.observation = observation;
    }

    /**
     * @throws LoopwireConfigurationException when the properties are invalid
     */
    public LoopwireClient create(String name, LoopwireClientProperties properties) {
        validate(name, properties);
        Framing framing = ClientFramings.framing(name, properties);
        RouteWriter routes = ClientFramings.routes(name, properties);
        TlsConfig tls = properties.getSsl().isEnabled() ? ClientTls.create(name, properties.getSsl(), sslBundles) : null;
        TcpClient tcpClient = new TcpClient(threads.loops(), framing, tls);
        boolean local = properties.getServer() != null && !properties.getServer().isBlank();
        Connector connector = local ? TcpConnector.toLocalServer(tcpClient, servers, properties.getServer())
                : TcpConnector.to(tcpClient, properties.getHost(), properties.getPort());
        ConnectionPool pool = new ConnectionPool(name, PoolSettings.of(properties), connector, threads.scheduler());
        ClientCodec codec = new ClientCodec(properties.getPayload(), properties.getLine().getCharset(), jsonMapper,
                routes, properties.getFraming() == dev.loopwire.spring.autoconfigure.FramingType.LINE);
        String description = framing + ", payload " + properties.getPayload().name().toLowerCase()
                + (tls == null ? "" : ", TLS");
        return new LoopwireClient(name, pool, codec, observation, connector, description);
    }

    private static void validate(String name, LoopwireClientProperties client) {
        String prefix = "loopwire.clients." + name + ".";
        boolean local = client.getServer() != null && !client.getServer().isBlank();
        if (!local && (client.getPort() < 1 || client.getPort() > 65535)) {
            throw new LoopwireConfigurationException(prefix + "port is " + client.getPort() + ", but a client needs the "
                    + "server's port", "set " + prefix + "port to 1-65535, or " + prefix + "server to a server of this "
                    + "application");
        }
        if (!local && (client.getHost() == null || client.getHost().isBlank())) {
            throw new LoopwireConfigurationException(prefix + "host is empty", "set " + prefix + "host");
        }
        atLeastOne(prefix + "connections", client.getConnections());
        atLeastOne(prefix + "max-in-flight-per-connection", client.getMaxInFlightPerConnection());
        positive(prefix + "connect-timeout", client.getConnectTimeout());
        positive(prefix + "request-timeout", client.getRequestTimeout());
        notNegative(prefix + "max-in-flight-wait", client.getMaxInFlightWait());
        notNegative(prefix + "idle-timeout", client.getIdleTimeout());
        LoopwireClientProperties.Reconnect reconnect = client.getReconnect();
        notNegative(prefix + "reconnect.initial-backoff", reconnect.getInitialBackoff());
        if (reconnect.getMaxBackoff() == null || reconnect.getMaxBackoff().compareTo(reconnect.getInitialBackoff()) < 0) {
            throw new LoopwireConfigurationException(prefix + "reconnect.max-backoff (" + reconnect.getMaxBackoff()
                    + ") is below initial-backoff (" + reconnect.getInitialBackoff() + ")",
                    "set " + prefix + "reconnect.max-backoff to initial-backoff or more");
        }
        if (!(reconnect.getJitter() >= 0 && reconnect.getJitter() <= 1)) {
            throw new LoopwireConfigurationException(prefix + "reconnect.jitter is " + reconnect.getJitter(),
                    "set it between 0 (none) and 1");
        }
    }

    private static void atLeastOne(String property, int value) {
        if (value < 1) {
            throw new LoopwireConfigurationException(property + " is " + value, "set " + property + " to 1 or more");
        }
    }

    private static void positive(String property, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new LoopwireConfigurationException(property + " is " + value, "set " + property
                    + " to a positive duration, e.g. 5s");
        }
    }

    private static void notNegative(String property, Duration value) {
        if (value == null || value.isNegative()) {
            throw new LoopwireConfigurationException(property + " is " + value, "set " + property + " to 0 or more");
        }
    }
}
