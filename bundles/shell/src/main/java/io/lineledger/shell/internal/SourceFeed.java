package io.lineledger.shell.internal;

import io.lineledger.opcua.ProductionEventSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The OPC UA sources (each reports its lines); present while any runs. */
@Component(service = StatusFeed.class)
public final class SourceFeed implements StatusFeed {

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final List<ProductionEventSource> sources = new CopyOnWriteArrayList<>();

    @Override
    public String part() {
        return "OPC UA source";
    }

    @Override
    public void addTo(Snapshot.Builder status) {
        for (ProductionEventSource source : sources) {
            status.sources(source.status());
        }
    }
}
