package dev.loopwire.demo.pubsub;

import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.annotation.OnDisconnect;
import dev.loopwire.spring.connection.LoopwireConnections;
import dev.loopwire.transport.Connection;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * Redis-style publish/subscribe on the {@code lines} server. {@code SUBSCRIBE news sport} answers
 * {@code :N} (the channels this connection now follows); {@code PUBLISH news hello} pushes the line
 * {@code message news hello} to every subscriber of {@code news} and answers {@code :N}, the number of
 * subscribers it reached. A subscriber that does not read is skipped (or closed, with
 * {@code loopwire.servers.lines.slow-consumer: close}), never waited for. When a client leaves, its
 * subscriptions go with it ({@link #dropSubscriptions}). Thread-safe: handlers of different connections
 * run in parallel.
 */
@Component
public class Channels {

    /** channel name -> ids of the connections subscribed to it */
    private final ConcurrentHashMap<String, Set<Long>> subscribers = new ConcurrentHashMap<>();
    /** connection id -> the channels it follows */
    private final ConcurrentHashMap<Long, Set<String>> subscriptions = new ConcurrentHashMap<>();
    private final LoopwireConnections connections;

    public Channels(LoopwireConnections connections) {
        this.connections = connections;
    }

    @MessageHandler(server = "lines", route = "SUBSCRIBE")
    public String subscribe(@Payload(required = false) String args, Connection connection) {
        if (args == null || args.isBlank()) {
            return "-ERR wrong number of arguments for 'SUBSCRIBE' (usage: SUBSCRIBE channel [channel ...])";
        }
        Set<String> mine = subscriptions.computeIfAbsent(connection.id(), id -> ConcurrentHashMap.newKeySet());
        for (String channel : args.strip().split("\\s+")) {
            subscribers.compute(channel, (c, ids) -> { // atomic with the removal in dropSubscriptions
                Set<Long> set = ids == null ? ConcurrentHashMap.newKeySet() : ids;
                set.add(connection.id());
                return set;
            });
            mine.add(channel);
        }
        return ":" + mine.size();
    }

    @MessageHandler(server = "lines", route = "PUBLISH")
    public String publish(@Payload(required = false) String args) {
        String[] parts = args == null ? new String[0] : args.strip().split("\\s+", 2);
        if (parts.length != 2) {
            return "-ERR wrong number of arguments for 'PUBLISH' (usage: PUBLISH channel message)";
        }
        Set<Long> ids = subscribers.get(parts[0]);
        if (ids == null || ids.isEmpty()) {
            return ":0";
        }
        byte[] push = ("message " + parts[0] + " " + parts[1]).getBytes(StandardCharsets.UTF_8);
        return ":" + connections.broadcast("lines", connection -> ids.contains(connection.id()), push).delivered();
    }

    /** The client left: forget its subscriptions. Runs once per connection, after its last command. */
    @OnDisconnect(server = "lines")
    public void dropSubscriptions(Connection connection) {
        Set<String> mine = subscriptions.remove(connection.id());
        if (mine == null) {
            return;
        }
        for (String channel : mine) {
            subscribers.computeIfPresent(channel, (c, ids) -> {
                ids.remove(connection.id());
                return ids.isEmpty() ? null : ids;
            });
        }
    }

    /** Subscribers of {@code channel} now, for tests and diagnostics. */
    public int subscriberCount(String channel) {
        Set<Long> ids = subscribers.get(channel);
        return ids == null ? 0 : ids.size();
    }
}
