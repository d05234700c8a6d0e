package io.lineledger.model;

/**
 * What a source reports of a production line, in the order it happened: a value it read ({@link ProductionEvent}),
 * or an interval in which it could not read the line ({@link ObservationGap}). Sources hand these over in batches,
 * so one list can carry both, in order.
 */
public sealed interface LineObservation permits ProductionEvent, ObservationGap {

    /** The line observed. */
    String lineId();
}
