package io.lineledger.ledger;

import java.util.List;

/**
 * A snapshot of anchoring: the chain node and every line.
 *
 * @param node  how the chain node answers
 * @param lines every line the store or the outbox knows, by line id
 */
public record AnchoringStatus(NodeStatus node, List<LineStatus> lines) {

    public AnchoringStatus {
        lines = List.copyOf(lines);
    }

    /** Lines in ALARM: they need someone to look at them. */
    public List<LineStatus> alarms() {
        return lines.stream().filter(line -> line.state() == LineStatus.State.ALARM).toList();
    }

    /** Whether the node answers on the right chain and no line is in ALARM or RETRYING. */
    public boolean healthy() {
        return node.reachable() && node.lastError() == null
                && lines.stream().allMatch(line -> line.state() == LineStatus.State.OK);
    }
}
