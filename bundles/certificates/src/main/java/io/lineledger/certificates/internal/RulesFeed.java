package io.lineledger.certificates.internal;

import io.lineledger.routes.RulesMonitor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The rules of every line (one {@link RulesMonitor} per line), for the status page; none while no line runs. */
@Component(service = StatusFeed.class)
public final class RulesFeed implements StatusFeed {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final List<RulesMonitor> monitors = new CopyOnWriteArrayList<>();

    public RulesFeed() {
    }

    /** For tests: a fixed set of monitors. */
    RulesFeed(List<RulesMonitor> monitors) {
        this.monitors.addAll(monitors);
    }

    @Override
    public void addTo(RunStatus.Builder status) {
        for (RulesMonitor monitor : monitors) {
            status.rules(monitor.status());
        }
    }
}
