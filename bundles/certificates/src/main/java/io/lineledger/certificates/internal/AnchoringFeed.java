package io.lineledger.certificates.internal;

import io.lineledger.ledger.AnchoringService;
import io.lineledger.ledger.ChainInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The anchoring service's status, for the status and certificate pages; adds nothing while that service is absent.
 * The reference is optional so that this bundle is Active (not Waiting) in a Karaf where anchoring is not installed
 * or not configured yet.
 */
@Component(service = StatusFeed.class)
public final class AnchoringFeed implements StatusFeed {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AnchoringService anchoring;

    public AnchoringFeed() {
    }

    /** For tests: a fixed anchoring service. */
    AnchoringFeed(AnchoringService anchoring) {
        this.anchoring = anchoring;
    }

    @Override
    public void addTo(RunStatus.Builder status) {
        AnchoringService current = anchoring;
        if (current != null) {
            status.anchoring(current.status());
            try {
                ChainInfo chain = current.chain();
                status.registry(new RunStatus.Registry(chain.chainId(), chain.contractAddress(), chain.writerAddress()));
            } catch (IllegalStateException e) {
                // not connected to the node yet: no registry to compare certificates with
            }
        }
    }
}
