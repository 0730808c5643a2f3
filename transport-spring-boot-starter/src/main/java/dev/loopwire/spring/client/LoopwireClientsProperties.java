package dev.loopwire.spring.client;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The outbound connections of an application ({@code loopwire.clients.*}): one {@link LoopwireClient}
 * per key. Bound once while the context starts; read on the main thread only.
 *
 * <pre>
 * loopwire:
 *   clients:
 *     kv:     { host: kv.internal, port: 7000, framing: line, connections: 2 }
 *     orders: { server: json, framing: length-field, payload: json }
 * </pre>
 */
@ConfigurationProperties(prefix = "loopwire")
public class LoopwireClientsProperties {

    /**
     * The clients, by name. Each key becomes a LoopwireClient bean; see LoopwireClientProperties for its
     * settings (host, port, server, framing, line, length-field, payload, connections,
     * max-in-flight-per-connection, max-in-flight-wait, connect-timeout, request-timeout,
     * when-disconnected, reconnect, ssl, idle-timeout).
     */
    private Map<String, LoopwireClientProperties> clients = new LinkedHashMap<>();

    /** Event loops shared by every client's connections (they do little but read replies). */
    private int clientIoThreads = 1;

    public Map<String, LoopwireClientProperties> getClients() {
        return clients;
    }

    public void setClients(Map<String, LoopwireClientProperties> clients) {
        this.clients = clients;
    }

    public int getClientIoThreads() {
        return clientIoThreads;
    }

    public void setClientIoThreads(int clientIoThreads) {
        this.clientIoThreads = clientIoThreads;
    }
}
