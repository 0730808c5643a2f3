package dev.loopwire.spring.it;

import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.handler.LoopwireHeaders;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Reply;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.Payload;

/** A tiny key-value protocol on the line server "lines", as a user would write it. */
class KvHandlers {

    private final Map<String, String> store = new ConcurrentHashMap<>();

    @MessageHandler(server = "lines", route = "GET")
    String get(@Payload String key) {
        String value = store.get(key);
        return value == null ? "(nil)" : value;
    }

    @MessageHandler(server = "lines", route = "SET")
    String set(@Payload String keyAndValue) {
        String[] parts = keyAndValue.split(" ", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("usage: SET key value");
        }
        store.put(parts[0], parts[1]);
        return "OK";
    }

    @MessageHandler(server = "lines", route = "DEL")
    void delete(@Payload String key) {
        store.remove(key); // no reply
    }

    @MessageHandler(server = "lines", route = "WHO")
    String who(@Header(LoopwireHeaders.SERVER) String server, @Header(LoopwireHeaders.ROUTE) String route,
            @Header(LoopwireHeaders.CONNECTION_ID) long connectionId, Connection connection) {
        return server + " " + route + " " + (connectionId == connection.id());
    }

    @MessageHandler(server = "lines", route = "SLOW")
    CompletableFuture<String> slow(@Payload String text) {
        // completes after the replies of later, synchronous frames are ready: order must still hold
        return CompletableFuture.supplyAsync(() -> "slow " + text,
                CompletableFuture.delayedExecutor(150, TimeUnit.MILLISECONDS));
    }

    @MessageHandler(server = "lines", route = "FAILLATER")
    CompletableFuture<String> failLater() {
        return CompletableFuture.failedFuture(new IllegalStateException("async boom"));
    }

    @MessageHandler(server = "lines", route = "BOOM")
    String boom() {
        throw new IllegalStateException("boom");
    }

    @MessageHandler(server = "lines", route = "QUOTA")
    String quota() {
        throw new QuotaExceededException("try again later");
    }

    /** Says goodbye asynchronously and closes once the goodbye is written. */
    @MessageHandler(server = "lines", route = "QUIT")
    CompletableFuture<Reply> quit() {
        return CompletableFuture.supplyAsync(() -> Reply.ofAndClose("BYE".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
    }

    @MessageHandler(server = "lines", route = "BYTES")
    byte[] bytes(byte[] payload) {
        return payload;
    }

    @MessageExceptionHandler
    String onQuota(QuotaExceededException e, Connection connection) {
        return "-BUSY " + e.getMessage();
    }

    static class QuotaExceededException extends RuntimeException {
        QuotaExceededException(String message) {
            super(message);
        }
    }
}
