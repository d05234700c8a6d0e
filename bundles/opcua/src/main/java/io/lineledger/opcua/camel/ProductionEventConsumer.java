package io.lineledger.opcua.camel;

import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Subscribes to the endpoint's line on start and closes the subscription on stop. Each event and each
 * {@link ObservationGap} of the endpoint's line is processed synchronously on the source's thread, through the
 * same processor, so the route sees them in the order the source reported them and can route on the body's type.
 */
public final class ProductionEventConsumer extends DefaultConsumer {

    private AutoCloseable subscription;

    ProductionEventConsumer(ProductionEventEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public ProductionEventEndpoint getEndpoint() {
        return (ProductionEventEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // a line that is not configured yet is waited for: its events come once its configuration appears
        subscription = getEndpoint().getComponent().source().subscribe(getEndpoint().getLineId(), this::onEvent,
                this::onGap);
    }

    @Override
    protected void doStop() throws Exception {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        super.doStop();
    }

    private void onEvent(ProductionEvent event) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(event);
        exchange.getMessage().setHeader(ProductionEventComponent.HEADER_LINE_ID, event.lineId());
        exchange.getMessage().setHeader(ProductionEventComponent.HEADER_TAG, event.tag());
        process(exchange, "production event " + event);
    }

    private void onGap(ObservationGap gap) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(gap);
        exchange.getMessage().setHeader(ProductionEventComponent.HEADER_LINE_ID, gap.lineId());
        process(exchange, "observation gap " + gap);
    }

    private void process(Exchange exchange, String what) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing " + what, exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }
}
