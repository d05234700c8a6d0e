package io.lineledger.shell.internal;

import io.lineledger.routes.RulesMonitor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The rules of every line (one {@link RulesMonitor} per line); present while any runs. */
@Component(service = StatusFeed.class)
public final class RulesFeed implements StatusFeed {

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final List<RulesMonitor> monitors = new CopyOnWriteArrayList<>();

    @Override
    public String part() {
        return "rules";
    }

    @Override
    public void addTo(Snapshot.Builder status) {
        for (RulesMonitor monitor : monitors) {
            status.rules(monitor.status());
        }
    }
}
