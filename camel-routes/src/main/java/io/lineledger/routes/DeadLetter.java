package io.lineledger.routes;

import java.time.Instant;

/**
 * One value the rules refused.
 *
 * @param at      when the rules refused it (LineLedger's clock)
 * @param cause   why, as a category
 * @param reason  why, for people: names the line, tag and value
 * @param routeId the route that refused it
 */
public record DeadLetter(Instant at, DeadLetterCause cause, String reason, String routeId) {
}
