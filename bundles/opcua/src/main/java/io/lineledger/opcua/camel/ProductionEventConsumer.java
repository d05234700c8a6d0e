package io.lineledger.opcua.camel;

import io.lineledger.model.LineObservation;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Subscribes to the endpoint's line on start and closes the subscription on stop. The source hands over values and
 * {@link ObservationGap}s in batches (what arrived since the last one); each becomes one exchange, processed
 * synchronously on the source's delivery thread through the same processor, so the route sees them in the order the
 * source reported them and can route on the body's type. Like Camel's batch consumers, each exchange carries
 * {@link Exchange#BATCH_INDEX}, {@link Exchange#BATCH_SIZE} and {@link Exchange#BATCH_COMPLETE}: a route can store
 * a whole batch with one commit.
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
        subscription = getEndpoint().getComponent().source().subscribeBatches(getEndpoint().getLineId(),
                this::onBatch);
    }

    @Override
    protected void doStop() throws Exception {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        super.doStop();
    }

    private void onBatch(List<LineObservation> batch) {
        for (int i = 0; i < batch.size(); i++) {
            LineObservation observation = batch.get(i);
            Exchange exchange = createExchange(false);
            exchange.getMessage().setBody(observation);
            exchange.getMessage().setHeader(ProductionEventComponent.HEADER_LINE_ID, observation.lineId());
            if (observation instanceof ProductionEvent event) {
                exchange.getMessage().setHeader(ProductionEventComponent.HEADER_TAG, event.tag());
            }
            exchange.setProperty(Exchange.BATCH_INDEX, i);
            exchange.setProperty(Exchange.BATCH_SIZE, batch.size());
            exchange.setProperty(Exchange.BATCH_COMPLETE, i == batch.size() - 1);
            process(exchange, observation);
        }
    }

    private void process(Exchange exchange, LineObservation observation) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            String what = observation instanceof ProductionEvent ? "production event " : "observation gap ";
            getExceptionHandler().handleException("Error processing " + what + observation, exchange,
                    exchange.getException());
        }
        releaseExchange(exchange, false);
    }
}
