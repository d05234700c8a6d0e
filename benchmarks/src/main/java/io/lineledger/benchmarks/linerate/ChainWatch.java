package io.lineledger.benchmarks.linerate;

import com.fasterxml.jackson.databind.JsonNode;
import io.lineledger.faults.JsonRpc;
import io.lineledger.faults.JsonRpc.AnchoredEvent;
import io.lineledger.model.Bytes32;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Follows the chain while the benchmark runs: every block (gas used, transactions, timestamp) and every
 * {@code Anchored} log of the registry, each with the moment the benchmark first saw it. That moment is "anchored"
 * in the latency figures: when a client polling the node learns of the anchor.
 */
final class ChainWatch implements AutoCloseable {

    /** A block as first seen. */
    record Block(long number, Instant seenAt, long timestamp, long gasUsed, int transactions) { }

    /** An Anchored log and when its block was first seen. */
    record Anchor(AnchoredEvent event, Instant seenAt) {
        long records() {
            return event.lastSeq() - event.firstSeq() + 1;
        }
    }

    private static final long POLL_MILLIS = 100;

    private final JsonRpc rpc;
    private final String registry;
    private final List<Block> blocks = new CopyOnWriteArrayList<>();
    private final List<Anchor> anchors = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long next;

    ChainWatch(JsonRpc rpc, String registry) {
        this.rpc = rpc;
        this.registry = registry;
        this.thread = new Thread(this::loop, "line-rate-chain-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                poll();
            } catch (IOException | RuntimeException e) {
                // the node is busy or gone for a moment: look again
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void poll() throws IOException {
        long latest = rpc.blockNumber();
        if (latest < next) {
            return;
        }
        Instant seen = Instant.now();
        List<Block> found = new ArrayList<>();
        for (long number = next; number <= latest; number++) {
            JsonNode block = rpc.call("eth_getBlockByNumber", "0x" + Long.toHexString(number), false);
            found.add(new Block(number, seen, quantity(block.get("timestamp")), quantity(block.get("gasUsed")),
                    block.path("transactions").size()));
        }
        List<AnchoredEvent> events = rpc.anchoredEvents(registry, next, latest);
        // blocks and their logs become visible together, so that a reader never sees a log without its block
        blocks.addAll(found);
        events.forEach(e -> anchors.add(new Anchor(e, seen)));
        next = latest + 1;
    }

    private static long quantity(JsonNode node) {
        return Long.parseLong(node.asText().substring(2), 16);
    }

    List<Block> blocks() {
        return List.copyOf(blocks);
    }

    List<Anchor> anchors() {
        return List.copyOf(anchors);
    }

    /** Records anchored so far on the line of {@code lineKey}: its highest anchored sequence number. */
    long lastAnchoredSeq(Bytes32 lineKey) {
        return anchors.stream().filter(a -> a.event().lineKey().equals(lineKey))
                .mapToLong(a -> a.event().lastSeq()).max().orElse(0);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
