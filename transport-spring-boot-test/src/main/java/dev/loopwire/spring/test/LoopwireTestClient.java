package dev.loopwire.spring.test;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.handler.PayloadFormat;
import dev.loopwire.spring.lifecycle.LocalPortPropertyListener;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.server.TcpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client for {@code @SpringBootTest} tests of an application's Loopwire servers, injected with
 * {@code @Autowired LoopwireTestClient client}:
 *
 * <pre>
 * client.server("lines").send("PING").expectLine("+PONG");
 * client.server("json").sendJson(new OrderRequest("book", 2))
 *       .expectJson(OrderConfirmation.class).extracting(OrderConfirmation::status).isEqualTo("accepted");
 * client.handler("lines").send("GET k").expectLine("$nil");     // in memory, no socket
 * </pre>
 *
 * <p>{@link #server(String)} connects to {@code local.loopwire.<name>.port} with that server's own
 * framing; {@link #handler(String)} hands frames to the server's handler directly, through the same
 * routing and conversion. Each call opens a new exchange; all are closed with the context. Use from the
 * test's thread.
 */
public class LoopwireTestClient implements AutoCloseable {

    private final ApplicationContext context;
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    public LoopwireTestClient(ApplicationContext context) {
        this.context = context;
    }

    /**
     * A new connection to the server {@code name}, speaking its framing.
     *
     * @throws IllegalStateException when the server is not configured or not listening
     */
    public SocketExchange server(String name) {
        return connect(name, false);
    }

    /**
     * A new connection to the server {@code name}, which greets first (an {@code @OnConnect} method returns
     * a greeting): the greeting is the exchange's first reply, so {@code expectLine("+OK ready")} reads it,
     * and requests sent at once still get their own replies.
     *
     * @throws IllegalStateException when the server is not configured or not listening
     */
    public SocketExchange serverWithGreeting(String name) {
        return connect(name, true);
    }

    private SocketExchange connect(String name, boolean greeting) {
        TcpServer server = runningServer(name);
        Integer port = context.getEnvironment().getProperty(LocalPortPropertyListener.propertyName(name), Integer.class);
        if (port == null) {
            throw new IllegalStateException("local.loopwire." + name + ".port is not set: is the server listening?");
        }
        TcpClient client = TcpClient.create(1, server.config().framing());
        try {
            SocketExchange exchange = new SocketExchange(name, client, greeting
                    ? client.connectExpectingGreeting("127.0.0.1", port) : client.connect("127.0.0.1", port),
                    format(name), jsonMapper());
            if (greeting) {
                exchange.expectGreeting();
            }
            opened.add(exchange);
            return exchange;
        } catch (IOException e) {
            client.close();
            throw new UncheckedIOException("could not connect to server '" + name + "' on port " + port, e);
        }
    }

    /** An in-memory exchange with the handler of server {@code name}: no socket, same routing and conversion. */
    public HandlerExchange handler(String name) {
        HandlerExchange exchange = new HandlerExchange(name, runningServer(name).config().handler(), format(name),
                jsonMapper());
        opened.add(exchange);
        return exchange;
    }

    private TcpServer runningServer(String name) {
        LoopwireServers servers = context.getBeanProvider(LoopwireServers.class).getIfAvailable();
        if (servers == null) {
            throw new IllegalStateException("no Loopwire servers in this context: is the starter on the classpath and "
                    + "loopwire.enabled true?");
        }
        return servers.server(name).orElseThrow(() -> new IllegalStateException("no running Loopwire server '" + name
                + "' (running: " + servers.servers().stream().map(TcpServer::name).toList() + ")"));
    }

    private PayloadFormat format(String name) {
        return Binder.get(context.getEnvironment())
                .bind("loopwire.servers." + name + ".payload", PayloadFormat.class)
                .orElse(PayloadFormat.TEXT);
    }

    private JsonMapper jsonMapper() {
        return context.getBeanProvider(JsonMapper.class).getIfUnique(() -> JsonMapper.builder().build());
    }

    /** Closes every exchange opened so far. */
    @Override
    public void close() {
        for (AutoCloseable exchange : opened) {
            try {
                exchange.close();
            } catch (Exception e) {
                // closing is best effort at the end of a test context
            }
        }
        opened.clear();
    }
}
