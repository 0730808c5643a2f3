package dev.loopwire.demo.orders;

/**
 * The JSON reply to an accepted order, or an error with {@code status = "rejected"}.
 *
 * @param orderId  the order's number (0 when rejected)
 * @param item     the item ordered
 * @param quantity how many
 * @param status   {@code accepted} or {@code rejected}
 * @param error    why it was rejected, or null
 */
public record OrderConfirmation(long orderId, String item, int quantity, String status, String error) {

    static OrderConfirmation accepted(long orderId, OrderRequest request) {
        return new OrderConfirmation(orderId, request.item(), request.quantity(), "accepted", null);
    }

    static OrderConfirmation rejected(OrderRequest request, String error) {
        return new OrderConfirmation(0, request.item(), request.quantity(), "rejected", error);
    }
}
