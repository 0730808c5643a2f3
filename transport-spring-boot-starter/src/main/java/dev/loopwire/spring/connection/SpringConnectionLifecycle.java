package dev.loopwire.spring.connection;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.ConnectionLifecycle;
import dev.loopwire.transport.Reply;
import java.nio.charset.Charset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's {@link ConnectionLifecycle} in a Spring application: the opened event and the
 * {@code @OnConnect} methods when a connection opens (the greeting is what the method that returns one
 * returned), the {@code @OnDisconnect} methods and the closed event when it closes. Runs where the core
 * runs lifecycle calls: on the server's dispatch thread, in order with the connection's frames.
 */
final class SpringConnectionLifecycle implements ConnectionLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SpringConnectionLifecycle.class);

    private final String server;
    private final List<LifecycleMethod> onConnect;
    private final List<LifecycleMethod> onDisconnect;
    private final ConnectionEventPublisher events;
    private final Charset charset;

    SpringConnectionLifecycle(String server, List<LifecycleMethod> onConnect, List<LifecycleMethod> onDisconnect,
            ConnectionEventPublisher events, Charset charset) {
        this.server = server;
        this.onConnect = List.copyOf(onConnect);
        this.onDisconnect = List.copyOf(onDisconnect);
        this.events = events;
        this.charset = charset;
    }

    @Override
    public Reply onOpen(Connection connection) throws Exception {
        events.opened(server, connection);
        Reply greeting = Reply.none();
        for (LifecycleMethod method : onConnect) {
            Reply reply = method.invoke(connection, null, charset); // a throw follows the server's on-error
            if (method.returnsGreeting()) {
                greeting = reply;
            }
        }
        return greeting;
    }

    @Override
    public void onClose(Connection connection, CloseReason reason) {
        for (LifecycleMethod method : onDisconnect) {
            try {
                method.invoke(connection, reason, charset);
            } catch (Exception | Error failure) {
                log.error("Server {}: @OnDisconnect method {} failed for connection {}", server, method.describe(),
                        connection.id(), failure);
            }
        }
        events.closed(server, connection, reason);
    }
}
