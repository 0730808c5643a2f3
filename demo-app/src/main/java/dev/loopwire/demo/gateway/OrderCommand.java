package dev.loopwire.demo.gateway;

import dev.loopwire.demo.orders.OrderConfirmation;
import dev.loopwire.demo.orders.OrderRequest;
import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.client.LoopwireClientException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * {@code ORDER item quantity} on the {@code lines} server: a line protocol in front of the JSON order
 * protocol. The command calls the {@code json} server through the declarative {@link OrderService} and
 * answers {@code :<order id>}, or {@code -ERR <why>} when the order is rejected or the order server cannot
 * be reached. The reply is asynchronous: the business thread is free while the order server works.
 */
@Component
public class OrderCommand {

    private final OrderService orders;

    public OrderCommand(OrderService orders) {
        this.orders = orders;
    }

    @MessageHandler(server = "lines", route = "ORDER")
    public CompletableFuture<String> order(@Payload(required = false) String args) {
        String[] parts = args == null || args.isBlank() ? new String[0] : args.strip().split("\\s+");
        if (parts.length != 2) {
            return CompletableFuture.completedFuture(
                    "-ERR wrong number of arguments for 'ORDER' (usage: ORDER item quantity)");
        }
        int quantity;
        try {
            quantity = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return CompletableFuture.completedFuture("-ERR quantity '" + parts[1] + "' is not a number");
        }
        return orders.place(new OrderRequest(parts[0], quantity))
                .thenApply(OrderCommand::reply)
                .exceptionally(OrderCommand::unavailable);
    }

    private static String reply(OrderConfirmation confirmation) {
        return "accepted".equals(confirmation.status()) ? ":" + confirmation.orderId()
                : "-ERR order rejected: " + confirmation.error();
    }

    private static String unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String reason = cause instanceof LoopwireClientException client ? client.getClass().getSimpleName()
                : cause.toString();
        return "-ERR order service unavailable (" + reason + ")";
    }
}
