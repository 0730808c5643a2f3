package dev.loopwire.demo.orders;

/**
 * The JSON reply to an accepted order. An invalid order is answered with the server's error reply
 * {@code {"error":"invalid payload: ..."}} instead, which reads as a confirmation with only {@code error}.
 *
 * @param orderId  the order's number (null in an error reply; boxed so that one reads as a confirmation)
 * @param item     the item ordered
 * @param quantity how many (null in an error reply)
 * @param status   {@code accepted} (null in an error reply)
 * @param error    why the order was refused (from the server's error reply), or null
 */
public record OrderConfirmation(Long orderId, String item, Integer quantity, String status, String error) {

    static OrderConfirmation accepted(long orderId, OrderRequest request) {
        return new OrderConfirmation(orderId, request.item(), request.quantity(), "accepted", null);
    }
}
