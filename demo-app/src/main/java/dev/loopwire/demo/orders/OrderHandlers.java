package dev.loopwire.demo.orders;

import dev.loopwire.spring.annotation.MessageHandler;
import jakarta.validation.Valid;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * The {@code json} server: each length-framed message is a JSON {@link OrderRequest}; the reply is a JSON
 * {@link OrderConfirmation}, completed asynchronously (as if a payment service answered a little later).
 * Replies still leave in request order on each connection. An invalid request (see {@link OrderRequest}'s
 * Jakarta constraints) never reaches the method: the server answers its error reply naming the fields.
 */
@Component
public class OrderHandlers {

    private static final Executor PAYMENT_SERVICE = CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS);

    private final AtomicLong orderIds = new AtomicLong();

    /** Runs only for a valid request: the constraints of {@link OrderRequest} are checked first. */
    @MessageHandler(server = "json")
    public CompletableFuture<OrderConfirmation> order(@Valid @Payload OrderRequest request) {
        return CompletableFuture.supplyAsync(() -> OrderConfirmation.accepted(orderIds.incrementAndGet(), request),
                PAYMENT_SERVICE);
    }
}
