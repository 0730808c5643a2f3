package dev.loopwire.demo.kv;

import dev.loopwire.spring.annotation.DispatchMode;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.transport.Reply;
import java.nio.charset.StandardCharsets;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * The {@code lines} server's commands, one method per route. The route is the first word of the line
 * (case-insensitive); the payload is the rest. Every reply is one line: {@code +OK}, a value, an
 * integer as {@code :N}, {@code $nil}, or {@code -ERR ...}.
 */
@Component
public class KeyValueCommands {

    private final KeyValueStore store;

    public KeyValueCommands(KeyValueStore store) {
        this.store = store;
    }

    /** Answered on the I/O loop: nothing to wait for (the server's other routes run on the pool). */
    @MessageHandler(server = "lines", route = "PING", dispatch = DispatchMode.IO)
    public String ping(@Payload(required = false) String args) {
        return args == null || args.isBlank() ? "+PONG" : args;
    }

    @MessageHandler(server = "lines", route = "SET")
    public String set(@Payload(required = false) String args) {
        String[] parts = split(args, 2);
        if (parts.length != 2) {
            return arity("SET", "SET key value");
        }
        store.set(parts[0], parts[1]);
        return "+OK";
    }

    /** Answered on the I/O loop: a lookup in memory; it still waits behind an earlier pooled command. */
    @MessageHandler(server = "lines", route = "GET", dispatch = DispatchMode.IO)
    public String get(@Payload(required = false) String args) {
        String[] parts = split(args, 0);
        if (parts.length != 1) {
            return arity("GET", "GET key");
        }
        String value = store.get(parts[0]);
        return value == null ? "$nil" : value;
    }

    @MessageHandler(server = "lines", route = "DEL")
    public String delete(@Payload(required = false) String args) {
        String[] parts = split(args, 0);
        if (parts.length != 1) {
            return arity("DEL", "DEL key");
        }
        return store.delete(parts[0]) ? ":1" : ":0";
    }

    @MessageHandler(server = "lines", route = "INCR")
    public String increment(@Payload(required = false) String args) {
        String[] parts = split(args, 0);
        if (parts.length != 1) {
            return arity("INCR", "INCR key");
        }
        try {
            return ":" + store.increment(parts[0]);
        } catch (NumberFormatException e) {
            return "-ERR value of '" + parts[0] + "' is not an integer";
        } catch (ArithmeticException e) {
            return "-ERR increment of '" + parts[0] + "' would overflow";
        }
    }

    @MessageHandler(server = "lines", route = "KEYS")
    public String keys(@Payload(required = false) String args) {
        if (args != null && !args.isBlank()) {
            return arity("KEYS", "KEYS");
        }
        return "*" + String.join(" ", store.keys());
    }

    @MessageHandler(server = "lines", route = "QUIT")
    public Reply quit() {
        return Reply.ofAndClose("+BYE".getBytes(StandardCharsets.UTF_8));
    }

    private static String[] split(String args, int limit) {
        if (args == null || args.isBlank()) {
            return new String[0];
        }
        return limit > 0 ? args.strip().split("\\s+", limit) : args.strip().split("\\s+");
    }

    private static String arity(String command, String usage) {
        return "-ERR wrong number of arguments for '" + command + "' (usage: " + usage + ")";
    }
}
