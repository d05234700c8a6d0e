package io.lineledger.metrics.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Meters whose values are set from outside, one round at a time: each scrape sets every value it knows, and a meter
 * not set in a round (a line that went away, a part uninstalled) is removed rather than left at a stale value. Not
 * thread-safe: one round at a time (the caller holds a lock from {@link #begin()} to the scrape).
 */
final class MeterValues {

    private record Key(String name, Tags tags) { }

    /** What a registered meter reads. */
    private static final class Value {
        private volatile double value;
        private volatile double total; // a timer's total time, in seconds

        double get() {
            return value;
        }

        double total() {
            return total;
        }
    }

    private record Registered(Meter meter, Value value) { }

    private final MeterRegistry registry;
    private final Map<Key, Registered> meters = new HashMap<>();
    private final Set<Key> setThisRound = new HashSet<>();

    MeterValues(MeterRegistry registry) {
        this.registry = registry;
    }

    void begin() {
        setThisRound.clear();
    }

    /** A value that goes up and down. {@code baseUnit} null for counts and states. */
    void gauge(String name, String description, String baseUnit, Tags tags, double value) {
        set(new Key(name, tags), value, holder -> Gauge.builder(name, holder, Value::get)
                .description(description).baseUnit(baseUnit).tags(tags).register(registry));
    }

    /** A running total the part keeps (it restarts from 0 when the part restarts; Prometheus handles that). */
    void counter(String name, String description, Tags tags, double total) {
        set(new Key(name, tags), total, holder -> FunctionCounter.builder(name, holder, Value::get)
                .description(description).tags(tags).register(registry));
    }

    /**
     * Running count and total time the part keeps, exposed as a Prometheus summary without quantiles
     * ({@code _count}, {@code _sum} in seconds): rate(sum) / rate(count) is the mean.
     */
    void timer(String name, String description, Tags tags, long count, double totalSeconds) {
        set(new Key(name, tags), count, holder -> FunctionTimer.builder(name, holder, v -> (long) v.get(),
                        Value::total, TimeUnit.SECONDS)
                .description(description).tags(tags).register(registry));
        meters.get(new Key(name, tags)).value().total = totalSeconds;
    }

    private void set(Key key, double value, java.util.function.Function<Value, Meter> register) {
        Registered registered = meters.get(key);
        if (registered == null) {
            Value holder = new Value();
            registered = new Registered(register.apply(holder), holder);
            meters.put(key, registered);
        }
        registered.value().value = value;
        setThisRound.add(key);
    }

    /** Removes the meters this round did not set. */
    void end() {
        for (Iterator<Map.Entry<Key, Registered>> it = meters.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Registered> entry = it.next();
            if (!setThisRound.contains(entry.getKey())) {
                registry.remove(entry.getValue().meter());
                it.remove();
            }
        }
    }
}
