package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.LineObservation;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.plcsim.PlcSimulator;
import io.lineledger.plcsim.model.Characteristic;
import io.lineledger.plcsim.model.Step;
import io.lineledger.plcsim.model.TagWrite;
import io.lineledger.plcsim.scenario.Scenario;
import io.lineledger.plcsim.server.PlcSimServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten lines of plc-sim's bench plant at a sustained rate, each read by its own {@link LineSubscriber} with the
 * line defaults, against the values plc-sim says it served: no value reaches the listener twice, and every served
 * value reaches it or lies inside a gap of its line. Under load the Milo client used to process two publish
 * responses that arrived together out of order, take the earlier one for lost, fetch it again with Republish and
 * then deliver the original as well (the line-rate benchmark's thousands of DUPLICATE dead letters).
 *
 * <p>plc-sim listens on the first free port from {@code -Dlineledger.test.opcua.port} on (default: any free
 * port).
 */
class LineSubscriberLineRateTest {

    private static final String NS = "nsu=" + PlcSimServer.NAMESPACE_URI + ";s=";
    private static final int LINES = 10;
    /**
     * Parts a second a line: three measured values a part, so about 10,000 measured values a second in all (the
     * benchmark step that saw the duplicates). {@code -Dlineledger.test.lineRate.partsPerSecond} and
     * {@code .seconds} change it for a longer or faster run.
     */
    private static final double PARTS_PER_SECOND = Double.parseDouble(
            System.getProperty("lineledger.test.lineRate.partsPerSecond", "334"));
    private static final long LOAD_SECONDS = Long.getLong("lineledger.test.lineRate.seconds", 20);

    @TempDir
    Path dir;

    /** A value as a listener sees it, to tell one delivered twice. */
    private record Delivered(String lineId, String tag, Instant sourceTime, String value, String status) { }

    /** A measured value plc-sim served: line (lineId), the listener's tag name, source time as clients decode it. */
    private record Served(String lineId, String tag, Instant sourceTime) { }

    private static String lineId(String plcLine) {
        return "line-" + plcLine.substring("Line".length());
    }

    /** The listener's tag name of a plc-sim tag, e.g. Line3.Capper.CapTorque → Capper.CapTorque. */
    private static String tagOf(String plcTag) {
        return plcTag.substring(plcTag.indexOf('.') + 1);
    }

    private static boolean measured(String plcTag) {
        for (Characteristic characteristic : Characteristic.values()) {
            if (plcTag.endsWith("." + characteristic.tagName())) {
                return true;
            }
        }
        return false;
    }

    /** The tags of the shipped example line-2 configuration: measurements, counters, state, batch, alarms. */
    private static TagMap tagsOf(String plcLine) {
        Map<String, Object> tags = new HashMap<>();
        for (String tag : List.of("BatchId", "Product", "Checkweigher.StateCurrent", "Checkweigher.GoodCount",
                "Checkweigher.RejectCount", "Checkweigher.FillWeight", "Capper.CapTorque", "Labeler.LabelOffset",
                "Filler.AlarmCode", "Capper.AlarmCode", "Labeler.AlarmCode", "Checkweigher.AlarmCode")) {
            tags.put(TagMap.PREFIX + tag, NS + plcLine + "." + tag);
        }
        return TagMap.fromProperties(tags);
    }

    private static boolean waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /** On the given port or one of the next nine: a port of the range may be some client's for the moment. */
    private static PlcSimulator startOnAFreePort(PlcSimulator.Options options, BiConsumer<Step, Instant> served) {
        int first = Integer.getInteger("lineledger.test.opcua.port", 0);
        for (int port = first; ; port++) {
            try {
                return PlcSimulator.start(options.withPort(port), step -> { }, served);
            } catch (IllegalStateException e) {
                if (first == 0 || port >= first + 9) {
                    throw e;
                }
            }
        }
    }

    /** What the listeners of all lines got: each value once or more, and the gaps. */
    private static final class Received implements Consumer<List<LineObservation>> {
        final Map<Delivered, Integer> deliveries = new ConcurrentHashMap<>();
        final Set<Served> values = ConcurrentHashMap.newKeySet();
        final List<ObservationGap> gaps = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong duplicates = new AtomicLong();

        @Override
        public void accept(List<LineObservation> batch) {
            for (LineObservation observation : batch) {
                if (observation instanceof ObservationGap gap) {
                    gaps.add(gap);
                } else if (observation instanceof ProductionEvent event) {
                    if (deliveries.merge(new Delivered(event.lineId(), event.tag(), event.sourceTime(),
                            String.valueOf(event.value()), event.status()), 1, Integer::sum) > 1) {
                        duplicates.incrementAndGet();
                    }
                    values.add(new Served(event.lineId(), event.tag(), event.sourceTime()));
                }
            }
        }

        boolean inAGap(Served value) {
            synchronized (gaps) {
                return gaps.stream().anyMatch(g -> g.lineId().equals(value.lineId())
                        && !value.sourceTime().isBefore(g.from()) && !value.sourceTime().isAfter(g.to()));
            }
        }

        Map<String, Long> gapsByCause() {
            Map<String, Long> byCause = new TreeMap<>();
            synchronized (gaps) {
                gaps.forEach(g -> byCause.merge(g.cause(), 1L, Long::sum));
            }
            return byCause;
        }
    }

    @Test
    void atTenThousandValuesASecondAcrossTenLinesNoValueIsDeliveredTwiceAndNoneIsLost() throws Exception {
        Set<Served> served = ConcurrentHashMap.newKeySet();
        Received received = new Received();
        PlcSimulator.Options options = PlcSimulator.Options.defaults()
                .withScenario(Scenario.builtIn("bench"))
                .withLines(LINES)
                .withDataDir(dir.resolve("plc-sim"))
                .withPartsPerSecond(PARTS_PER_SECOND)
                .withPaused(true); // nothing served before every line is subscribed
        List<LineSubscriber> subscribers = new ArrayList<>();
        try (PlcSimulator plant = startOnAFreePort(options, (step, sourceTime) -> {
            Instant asDecoded = new DateTime(sourceTime).getJavaInstant();
            for (TagWrite write : step.writes()) {
                if (measured(write.tag())) {
                    String plcLine = write.tag().substring(0, write.tag().indexOf('.'));
                    served.add(new Served(lineId(plcLine), tagOf(write.tag()), asDecoded));
                }
            }
        })) {
            try {
                for (String plcLine : plant.lineNames()) {
                    // the line defaults, as a line configuration without subscription keys gets them
                    LineSubscriber subscriber = new LineSubscriber(SubscriberSettings.of(plant.endpointUrl(),
                            lineId(plcLine), tagsOf(plcLine), dir.resolve("pki-" + plcLine)));
                    subscribers.add(subscriber);
                    subscriber.addBatchListener(received);
                    subscriber.start();
                }
                assertTrue(waitFor(() -> subscribers.stream().allMatch(LineSubscriber::isSubscribed), 30_000),
                        "every line subscribed");
                Thread.sleep(1_500); // the first values (current values) are in

                long started = System.nanoTime();
                plant.resume(null);
                Thread.sleep(TimeUnit.SECONDS.toMillis(LOAD_SECONDS));
                plant.pause(null);
                double seconds = (System.nanoTime() - started) / 1e9;
                waitFor(() -> received.values.containsAll(served), 20_000);

                List<Served> lost = served.stream()
                        .filter(value -> !received.values.contains(value) && !received.inAGap(value)).toList();
                long inGaps = served.stream()
                        .filter(value -> !received.values.contains(value) && received.inAGap(value)).count();
                System.out.printf("line rate: %d lines, %,d measured values served in %.1f s (%,.0f/s); %,d values"
                                + " delivered (all tags), %,d of them twice; %,d measured values not delivered but"
                                + " inside a gap, %,d lost; gaps %s; server queue overflows %d; subscriptions %d%n",
                        LINES, served.size(), seconds, served.size() / seconds, received.deliveries.size(),
                        received.duplicates.get(), inGaps, lost.size(), received.gapsByCause(),
                        subscribers.stream().mapToLong(s -> s.status().overflows()).sum(),
                        subscribers.stream().mapToLong(LineSubscriber::subscriptionsCreated).sum());

                // plc-sim shares the machine with the clients: a busy machine serves less than asked
                assertTrue(served.size() / seconds > Math.min(2_500, 0.25 * LINES * 3 * PARTS_PER_SECOND),
                        "thousands of values a second were offered: " + served.size() / seconds);
                assertEquals(0, received.duplicates.get(), "values delivered twice");
                assertEquals(List.of(), lost.stream().limit(10).toList(),
                        lost.size() + " values neither delivered nor inside a gap (the first 10)");
            } finally {
                subscribers.forEach(LineSubscriber::close); // before the plant stops: a gone server makes each wait
            }
        }
    }
}
