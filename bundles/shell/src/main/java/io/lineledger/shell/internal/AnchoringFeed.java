package io.lineledger.shell.internal;

import io.lineledger.ledger.AnchoringService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The anchoring service's status, and its "anchor now"; present only while that service is. */
@Component(service = {StatusFeed.class, AnchoringTrigger.class})
public final class AnchoringFeed implements StatusFeed, AnchoringTrigger {

    private final AnchoringService anchoring;

    @Activate
    public AnchoringFeed(@Reference AnchoringService anchoring) {
        this.anchoring = anchoring;
    }

    @Override
    public String part() {
        return "anchoring";
    }

    @Override
    public void addTo(Snapshot.Builder status) {
        status.anchoring(anchoring.status());
    }

    @Override
    public void anchorPending() {
        anchoring.anchorPending();
    }
}
