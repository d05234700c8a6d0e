package io.lineledger.opcua.camel;

import io.lineledger.opcua.ProductionEventSource;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * Camel component {@code lineledger-opcua}: {@code from("lineledger-opcua:line-1")} receives that line's
 * {@link io.lineledger.model.ProductionEvent}s and {@link io.lineledger.model.ObservationGap}s (body type tells them
 * apart) from a {@link ProductionEventSource}. Consumer only.
 *
 * <pre>camelContext.addComponent(ProductionEventComponent.SCHEME, new ProductionEventComponent(source));</pre>
 */
public final class ProductionEventComponent extends DefaultComponent {

    public static final String SCHEME = "lineledger-opcua";
    /** Header with the event's line id. */
    public static final String HEADER_LINE_ID = "LineLedgerLineId";
    /** Header with the event's tag name (events only, not gaps). */
    public static final String HEADER_TAG = "LineLedgerTag";

    private final ProductionEventSource source;

    public ProductionEventComponent(ProductionEventSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    ProductionEventSource source() {
        return source;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException(uri + ": the line id is missing; use " + SCHEME + ":<lineId>");
        }
        ProductionEventEndpoint endpoint = new ProductionEventEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
