package io.lineledger.opcua.camel;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** {@code lineledger-opcua:<lineId>}: the production events of one line. */
public final class ProductionEventEndpoint extends DefaultEndpoint {

    private final String lineId;

    ProductionEventEndpoint(String uri, ProductionEventComponent component, String lineId) {
        super(uri, component);
        this.lineId = lineId;
    }

    public String getLineId() {
        return lineId;
    }

    @Override
    public ProductionEventComponent getComponent() {
        return (ProductionEventComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(getEndpointUri()
                + " can only be read from: production events come from the PLC, use it in from(...)");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        ProductionEventConsumer consumer = new ProductionEventConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
