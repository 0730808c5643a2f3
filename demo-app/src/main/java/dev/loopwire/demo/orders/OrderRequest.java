package dev.loopwire.demo.orders;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * A JSON order request, e.g. {@code {"item":"book","quantity":2}}. The constraints are checked before
 * {@link OrderHandlers#order} runs ({@code @Valid}); a violation is answered with the server's error reply,
 * e.g. {@code {"error":"invalid payload: quantity must be between 1 and 1000"}}.
 *
 * @param item     what to order; must not be blank
 * @param quantity how many; 1 to 1000
 */
public record OrderRequest(
        @NotBlank String item,
        @Min(value = 1, message = "must be between 1 and 1000") @Max(value = 1000, message = "must be between 1 and 1000")
        int quantity) {
}
