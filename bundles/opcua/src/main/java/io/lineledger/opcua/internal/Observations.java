package io.lineledger.opcua.internal;

import io.lineledger.model.LineObservation;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** Adapts listeners of single values and gaps to the batches the ingest queue delivers. */
final class Observations {

    private Observations() {
    }

    /** A batch listener that hands each observation of a batch, in order, to the listener of its kind. */
    static Consumer<List<LineObservation>> oneByOne(Consumer<ProductionEvent> events, Consumer<ObservationGap> gaps) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(gaps, "gaps");
        return batch -> {
            for (LineObservation observation : batch) {
                if (observation instanceof ProductionEvent event) {
                    events.accept(event);
                } else {
                    gaps.accept((ObservationGap) observation);
                }
            }
        };
    }
}
