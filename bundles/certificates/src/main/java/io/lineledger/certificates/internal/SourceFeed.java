package io.lineledger.certificates.internal;

import io.lineledger.opcua.ProductionEventSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The OPC UA sources (each reports its lines), for the status page; none while no source runs. */
@Component(service = StatusFeed.class)
public final class SourceFeed implements StatusFeed {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final List<ProductionEventSource> sources = new CopyOnWriteArrayList<>();

    public SourceFeed() {
    }

    /** For tests: a fixed set of sources. */
    SourceFeed(List<ProductionEventSource> sources) {
        this.sources.addAll(sources);
    }

    @Override
    public void addTo(RunStatus.Builder status) {
        for (ProductionEventSource source : sources) {
            status.sources(source.status());
        }
    }
}
