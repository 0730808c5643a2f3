package dev.loopwire.demo.orders;

/**
 * The JSON reply to an accepted order. An invalid order is answered with the server's error reply
 * {@code {"error":"invalid payload: ..."}} instead, which reads as a confirmation with only {@code error}.
 *
 * @param orderId  the order's number (0 in an error reply)
 * @param item     the item ordered
 * @param quantity how many
 * @param status   {@code accepted} (null in an error reply)
 * @param error    why the order was refused (from the server's error reply), or null
 */
public record OrderConfirmation(long orderId, String item, int quantity, String status, String error) {

    static OrderConfirmation accepted(long orderId, OrderRequest request) {
        return new OrderConfirmation(orderId, request.item(), request.quantity(), "accepted", null);
    }
}
