package dev.loopwire.demo.orders;

/**
 * A JSON order request, e.g. {@code {"item":"book","quantity":2}}.
 *
 * @param item     what to order; must not be blank
 * @param quantity how many; 1 to 1000
 */
public record OrderRequest(String item, int quantity) {
}
