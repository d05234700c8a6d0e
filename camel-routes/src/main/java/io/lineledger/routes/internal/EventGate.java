package io.lineledger.routes.internal;

import io.lineledger.model.ProductionEvent;
import io.lineledger.routes.DeadLetterCause;

/** Lets only values the PLC vouches for into the rules: Uncertain and Bad values go to the dead letters. */
public final class EventGate {

    public ProductionEvent requireGood(ProductionEvent event) {
        if (!event.isGood()) {
            throw new RuleViolation(DeadLetterCause.BAD_STATUS, "status of " + event.lineId() + "/" + event.tag()
                    + " is " + event.status() + ", not Good");
        }
        return event;
    }
}
