package io.lineledger.plcsim.model;

import io.lineledger.plcsim.model.Step.Phase;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * One packaging line running batches, as a sequence of {@link Step}s. Plain Java and deterministic: the same
 * settings, seed, start time and commands give the same steps. Time is not read here: the simulation keeps its own
 * clock (in microseconds, so that a line can make more than 1,000 parts a second), and whoever runs it waits
 * {@link #delayToNextMicros()} between steps. Not thread-safe: run steps and commands on
 * one thread.
 *
 * <p>Batch cycle (each station a {@link PackMlStateMachine}): setup (stations Reset → Resetting → Idle; BatchState
 * Idle, Product, BatchId, Quantity, counters 0) → after setupDelayMs Start → Starting → Execute, BatchState
 * Running → one part every partIntervalMs (each station measures its characteristic and counts the part good or
 * reject; PartCount) → after completeDelayMs Completing → Complete, BatchState Complete → after pauseMs the next
 * batch. Batches come from StartBatch commands first, then automatically from the settings' products.
 */
public final class LineSimulation {

    private static final DateTimeFormatter LOT_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Set<PackMlState> BETWEEN_BATCHES =
            EnumSet.of(PackMlState.IDLE, PackMlState.COMPLETE, PackMlState.STOPPED);

    private enum Action { SETUP, RUN, PART, COMPLETE }

    private record BatchOrder(String batchId, String product, long quantity) { }

    private record FaultEvent(long atUs, Fault fault, boolean begins, long order) { }

    /** One station's live state. */
    private static final class Station {
        final StationKind kind;
        final String name;
        final PackMlStateMachine machine = new PackMlStateMachine();
        final Random random;
        long good;
        long reject;
        int rejectsInARow;
        Alarm alarm;
        int heldByFaults;
        boolean holdPending;

        Station(StationKind kind, long seed) {
            this.kind = kind;
            this.name = kind.stationName();
            // one stream per station: adding a station does not change the others' values
            this.random = new Random(seed * 1_000_003L + kind.ordinal());
        }
    }

    private final SimulationSettings settings;
    private final LineTags tags;
    private final Instant startedAt;
    private final String lotStamp;
    private final List<Station> stations = new ArrayList<>();
    private final Map<String, Object> current = new LinkedHashMap<>();
    private final List<TagInfo> tagInfos = new ArrayList<>();
    private final Deque<BatchOrder> orders = new ArrayDeque<>();
    private final PriorityQueue<FaultEvent> faultEvents = new PriorityQueue<>(
            Comparator.comparingLong(FaultEvent::atUs).thenComparingLong(FaultEvent::order));
    private final Map<String, Integer> frozenScopes = new LinkedHashMap<>();
    private final Map<String, List<Quality>> qualityScopes = new LinkedHashMap<>();

    private long nowUs;              // the simulation's clock, µs since the start
    private Action nextAction;       // null: waiting for a command
    private long nextActionAtUs;
    private Action pausedAction;     // the line's next action while a station is held
    private long batchNumber;
    private long autoBatches;
    private long batchesDone;
    private Recipe recipe;
    private long quantity;
    private long partsMade;
    private long skewMs;
    private double burstFactor = 1.0;
    private double partsPerSecond;   // > 0: set at run time, instead of the settings' partIntervalMs
    private int partsPerBatch;       // > 0: set at run time, for the next automatic batches
    private long faultOrder;
    private boolean finished;
    private String shift;

    /**
     * @param seed      the random seed of the measurements
     * @param startedAt the simulator's start; automatic batch ids and shifts follow from it
     */
    public LineSimulation(SimulationSettings settings, long seed, Instant startedAt) {
        this.settings = settings;
        this.tags = new LineTags(settings.line());
        this.startedAt = startedAt;
        this.lotStamp = LOT_STAMP.format(startedAt);
        for (StationKind kind : settings.stations()) {
            stations.add(new Station(kind, seed));
        }
        describeTags();
        for (Fault fault : settings.faults()) {
            schedule(fault);
        }
        shift = settings.shifts().isEmpty() ? "" : currentShift();
        current.put(tags.shift(), shift);
        for (TagInfo info : tagInfos) {
            current.putIfAbsent(info.tag(), info.initialValue());
        }
        if (!settings.products().isEmpty()) {
            nextAction = Action.SETUP;
            nextActionAtUs = 0;
        }
    }

    public LineTags tags() {
        return tags;
    }

    public SimulationSettings settings() {
        return settings;
    }

    /** The line's address space: its stations and every tag with its initial value. */
    public LineLayout layout() {
        return new LineLayout(settings.line(), stations.stream().map(s -> s.name).toList(), tagInfos);
    }

    /** Every tag with its value before the first step: the stations Stopped, no batch yet. */
    public List<TagWrite> initialValues() {
        return tagInfos.stream().map(info -> new TagWrite(info.tag(), info.initialValue())).toList();
    }

    /** Every tag with its current value (what a restarted server publishes). */
    public List<TagWrite> currentValues() {
        return current.entrySet().stream().map(e -> new TagWrite(e.getKey(), e.getValue(), qualityOf(e.getKey())))
                .toList();
    }

    /** Batches completed so far. */
    public long batchesDone() {
        return batchesDone;
    }

    /** True once the configured number of automatic batches is complete and no StartBatch is pending. */
    public boolean finished() {
        return finished;
    }

    /** The simulation's clock: ms since the start. */
    public long nowMs() {
        return nowUs / 1000;
    }

    /** How long after the previous step the next one comes; empty when the line waits for a command (or is done). */
    public OptionalLong delayToNext() {
        OptionalLong micros = delayToNextMicros();
        return micros.isEmpty() ? micros : OptionalLong.of(micros.getAsLong() / 1000);
    }

    /** {@link #delayToNext()} in microseconds: parts may come faster than one a millisecond. */
    public OptionalLong delayToNextMicros() {
        long at = Long.MAX_VALUE;
        if (!finished && nextAction != null) {
            at = nextActionAtUs;
        }
        if (!finished && !faultEvents.isEmpty()) {
            at = Math.min(at, faultEvents.peek().atUs());
        }
        return at == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(Math.max(0, at - nowUs));
    }

    /**
     * Parts per second from now on, instead of the settings' {@code partIntervalMs} (0: back to it); a burstRate
     * fault still multiplies it. A part already due comes one new interval after the last step.
     */
    public void setPartsPerSecond(double value) {
        if (!(value >= 0) || value > 1_000_000) {
            throw new IllegalArgumentException("partsPerSecond must be 0..1000000 (0 = as the settings say): " + value);
        }
        partsPerSecond = value;
        if (nextAction == Action.PART) {
            nextActionAtUs = nowUs + partIntervalUs();
        }
    }

    /** The rate parts come at now, burstRate faults left aside. */
    public double partsPerSecond() {
        return partsPerSecond > 0 ? partsPerSecond : 1000.0 / Math.max(1, settings.partIntervalMs());
    }

    /** Parts of the automatic batches that start from now on, instead of the settings' (0: back to them). */
    public void setPartsPerBatch(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("partsPerBatch must be >= 0 (0 = as the settings say): " + value);
        }
        partsPerBatch = value;
    }

    /** Parts of the next automatic batch. */
    public int partsPerBatch() {
        return partsPerBatch > 0 ? partsPerBatch : settings.partsPerBatch();
    }

    /** The next step, or empty while the line waits for a command and once it is finished. */
    public Optional<Step> next() {
        if (finished) {
            return Optional.empty();
        }
        FaultEvent fault = faultEvents.peek();
        boolean faultFirst = fault != null && (nextAction == null || fault.atUs() <= nextActionAtUs);
        if (faultFirst) {
            faultEvents.poll();
            long delay = Math.max(0, fault.atUs() - nowUs) / 1000;
            nowUs = Math.max(nowUs, fault.atUs());
            List<TagWrite> writes = fault.begins() ? beginFault(fault.fault()) : endFault(fault.fault());
            return Optional.of(step(delay, Phase.FAULT, writes));
        }
        if (nextAction == null) {
            return Optional.empty();
        }
        long delay = Math.max(0, nextActionAtUs - nowUs) / 1000;
        nowUs = Math.max(nowUs, nextActionAtUs);
        Action action = nextAction;
        nextAction = null;
        return Optional.of(switch (action) {
            case SETUP -> step(delay, Phase.BATCH_SETUP, setup());
            case RUN -> step(delay, Phase.BATCH_RUNNING, run());
            case PART -> step(delay, Phase.PART, part());
            case COMPLETE -> step(delay, Phase.BATCH_COMPLETE, complete());
        });
    }

    // ---- commands ----

    /** Queues a batch: it starts at once if the line is between batches, else {@link CommandResult.Outcome#INVALID_STATE}. */
    public CommandResult startBatch(String batchId, String product, long parts) {
        if (batchId == null || batchId.isBlank()) {
            return CommandResult.invalidArgument("batchId must not be empty");
        }
        if (product == null || settings.recipe(product) == null) {
            return CommandResult.invalidArgument("unknown product '" + product + "' on " + settings.line()
                    + "; known: " + settings.recipes().stream().map(Recipe::product).toList());
        }
        if (parts < 1) {
            return CommandResult.invalidArgument("quantity must be >= 1: " + parts);
        }
        if (!betweenBatches()) {
            return CommandResult.invalidState(settings.line() + " is running a batch (" + stationStates() + ")");
        }
        orders.addFirst(new BatchOrder(batchId, product, parts));
        finished = false;
        scheduleAction(Action.SETUP, 0);
        return CommandResult.done(List.of());
    }

    /** Stops every station (Stopping → Stopped); the line waits for Reset. */
    public CommandResult stop() {
        if (stations.stream().allMatch(s -> s.machine.target(PackMlCommand.STOP) == null)) {
            return CommandResult.invalidState(settings.line() + " cannot stop from " + stationStates());
        }
        List<TagWrite> writes = new ArrayList<>();
        for (Station station : stations) {
            if (station.machine.target(PackMlCommand.STOP) != null) {
                fire(station, PackMlCommand.STOP, writes);
                complete(station, writes);
            }
            station.holdPending = false;
            writes.add(new TagWrite(tags.speed(station.name), 0.0));
        }
        writes.add(new TagWrite(tags.batchState(), "Stopped"));
        haltCycle();
        return CommandResult.done(emit(writes));
    }

    /** Clears an aborted line and resets stopped or complete stations to Idle; the batch cycle goes on. */
    public CommandResult reset() {
        boolean resettable = stations.stream().allMatch(s -> s.machine.state() == PackMlState.ABORTED
                || s.machine.state() == PackMlState.STOPPED || s.machine.state() == PackMlState.COMPLETE
                || s.machine.state() == PackMlState.IDLE);
        if (!resettable || stations.stream().allMatch(s -> s.machine.state() == PackMlState.IDLE)) {
            return CommandResult.invalidState(settings.line() + " resets from Stopped, Complete or Aborted only, not "
                    + stationStates());
        }
        List<TagWrite> writes = new ArrayList<>();
        for (Station station : stations) {
            if (station.machine.state() == PackMlState.ABORTED) {
                fire(station, PackMlCommand.CLEAR, writes);
                complete(station, writes);
            }
            if (station.machine.state() != PackMlState.IDLE) {
                fire(station, PackMlCommand.RESET, writes);
                complete(station, writes);
            }
            if (station.alarm != null && station.alarm.code() == Alarm.ABORTED && station.alarm.active()) {
                setAlarm(station, station.alarm.withActive(false), writes);
            }
        }
        writes.add(new TagWrite(tags.batchState(), "Idle"));
        if (!orders.isEmpty() || autoBatchesLeft()) {
            scheduleAction(Action.SETUP, settings.pauseMs());
        }
        return CommandResult.done(emit(writes));
    }

    /** Aborts every station (Aborting → Aborted, alarm 9001); the line waits for Reset. */
    public CommandResult abort() {
        if (stations.stream().allMatch(s -> s.machine.target(PackMlCommand.ABORT) == null)) {
            return CommandResult.invalidState(settings.line() + " is already aborted");
        }
        List<TagWrite> writes = new ArrayList<>();
        for (Station station : stations) {
            if (station.machine.target(PackMlCommand.ABORT) != null) {
                fire(station, PackMlCommand.ABORT, writes);
                complete(station, writes);
            }
            station.holdPending = false;
            writes.add(new TagWrite(tags.speed(station.name), 0.0));
            setAlarm(station, new Alarm(Alarm.ABORTED, settings.line() + " aborted", true, false), writes);
        }
        writes.add(new TagWrite(tags.batchState(), "Aborted"));
        haltCycle();
        return CommandResult.done(emit(writes));
    }

    /** Acknowledges a station's alarm; an inactive acknowledged alarm disappears. */
    public CommandResult acknowledge(String stationName) {
        Station station = station(stationName);
        if (station == null) {
            return CommandResult.invalidArgument("no station " + stationName + " on " + settings.line());
        }
        if (station.alarm == null || station.alarm.acknowledged()) {
            return CommandResult.invalidState(settings.line() + "." + stationName + " has no unacknowledged alarm");
        }
        List<TagWrite> writes = new ArrayList<>();
        setAlarm(station, station.alarm.acknowledge(), writes);
        return CommandResult.done(emit(writes));
    }

    /** Injects a fault now (its {@code atMs} is ignored); server-wide faults are not the line's business. */
    public CommandResult inject(Fault fault) {
        if (fault.type() == FaultType.SERVER_RESTART) {
            return CommandResult.invalidArgument("serverRestart is not a line fault");
        }
        if (fault.station() != null && station(fault.station()) == null) {
            return CommandResult.invalidArgument("no station " + fault.station() + " on " + settings.line());
        }
        schedule(new Fault(fault.type(), nowUs / 1000, fault.durationMs(), settings.line(), fault.station(),
                fault.factor(), fault.skewMs()), nowUs);
        return CommandResult.done(List.of());
    }

    // ---- batch cycle ----

    private List<TagWrite> setup() {
        BatchOrder order = orders.pollFirst();
        batchNumber++;
        if (order == null) {
            String product = settings.products().get((int) (autoBatches % settings.products().size()));
            autoBatches++;
            order = new BatchOrder(settings.lotPrefix() + lotStamp + "-" + batchNumber, product, partsPerBatch());
        }
        recipe = settings.recipe(order.product());
        quantity = order.quantity();
        partsMade = 0;
        List<TagWrite> writes = new ArrayList<>();
        writes.add(new TagWrite(tags.batchState(), "Idle"));
        writes.add(new TagWrite(tags.product(), order.product()));
        writes.add(new TagWrite(tags.batchId(), order.batchId()));
        writes.add(new TagWrite(tags.quantity(), quantity));
        writes.add(new TagWrite(tags.partCount(), 0L));
        for (Station station : stations) {
            if (station.machine.state() == PackMlState.COMPLETE || station.machine.state() == PackMlState.STOPPED) {
                fire(station, PackMlCommand.RESET, writes);
                complete(station, writes);
            }
            station.good = 0;
            station.reject = 0;
            station.rejectsInARow = 0;
            writes.add(new TagWrite(tags.goodCount(station.name), 0L));
            writes.add(new TagWrite(tags.rejectCount(station.name), 0L));
        }
        scheduleAction(Action.RUN, settings.setupDelayMs());
        return emit(writes);
    }

    private List<TagWrite> run() {
        List<TagWrite> writes = new ArrayList<>();
        for (Station station : stations) {
            if (station.machine.state() == PackMlState.IDLE) {
                fire(station, PackMlCommand.START, writes);
                complete(station, writes);
                writes.add(new TagWrite(tags.speed(station.name), speed()));
            }
        }
        writes.add(new TagWrite(tags.batchState(), "Running"));
        scheduleActionUs(Action.PART, partIntervalUs());
        for (Station station : stations) {
            if (station.holdPending) {
                station.holdPending = false;
                hold(station, writes);
            }
        }
        return emit(writes);
    }

    private List<TagWrite> part() {
        partsMade++;
        List<TagWrite> writes = new ArrayList<>();
        for (Station station : stations) {
            Characteristic characteristic = station.kind.characteristic();
            Spec spec = characteristic == null || recipe == null ? null : recipe.spec(characteristic);
            boolean good = true;
            if (spec != null) {
                double value = measure(station, characteristic, spec);
                good = spec.inSpec(value);
                writes.add(new TagWrite(tags.measurement(station.name, characteristic), value));
            }
            if (good) {
                station.good++;
                station.rejectsInARow = 0;
                writes.add(new TagWrite(tags.goodCount(station.name), station.good));
                if (station.alarm != null && station.alarm.code() == Alarm.CONSECUTIVE_REJECTS && station.alarm.active()) {
                    setAlarm(station, station.alarm.withActive(false), writes);
                }
            } else {
                station.reject++;
                station.rejectsInARow++;
                writes.add(new TagWrite(tags.rejectCount(station.name), station.reject));
                if (station.rejectsInARow == 3) {
                    setAlarm(station, new Alarm(Alarm.CONSECUTIVE_REJECTS, station.name + ": 3 rejects in a row ("
                            + characteristic.tagName() + ")", true, false), writes);
                }
            }
        }
        writes.add(new TagWrite(tags.partCount(), partsMade));
        if (partsMade < quantity) {
            scheduleActionUs(Action.PART, partIntervalUs());
        } else {
            scheduleAction(Action.COMPLETE, settings.completeDelayMs());
        }
        return emit(writes);
    }

    private List<TagWrite> complete() {
        List<TagWrite> writes = new ArrayList<>();
        for (Station station : stations) {
            if (station.machine.state() == PackMlState.EXECUTE) {
                complete(station, writes); // Execute → Completing
                complete(station, writes); // Completing → Complete
            }
            writes.add(new TagWrite(tags.speed(station.name), 0.0));
        }
        writes.add(new TagWrite(tags.batchState(), "Complete"));
        batchesDone++;
        if (!orders.isEmpty() || autoBatchesLeft()) {
            scheduleAction(Action.SETUP, settings.pauseMs());
        } else if (!settings.products().isEmpty()) {
            finished = true; // the configured automatic batches are done
        }
        return emit(writes);
    }

    private boolean autoBatchesLeft() {
        return !settings.products().isEmpty() && (settings.batches() == 0 || autoBatches < settings.batches());
    }

    private boolean betweenBatches() {
        boolean cycleIdle = nextAction == null || nextAction == Action.SETUP;
        return cycleIdle && pausedAction == null
                && stations.stream().allMatch(s -> BETWEEN_BATCHES.contains(s.machine.state()));
    }

    /** A value of the characteristic: nominal + drift per part + noise, now and then pushed out of spec. */
    private double measure(Station station, Characteristic characteristic, Spec spec) {
        double value = spec.nominal() + spec.drift() * (partsMade - 1) + station.random.nextGaussian() * spec.sd();
        if (spec.outOfSpecRate() > 0 && station.random.nextDouble() < spec.outOfSpecRate()) {
            double width = spec.usl() - spec.lsl();
            double beyond = width * (0.05 + 0.2 * station.random.nextDouble());
            value = station.random.nextBoolean() ? spec.usl() + beyond : spec.lsl() - beyond;
        }
        double scale = Math.pow(10, characteristic.decimals());
        return Math.round(value * scale) / scale;
    }

    private double speed() {
        return Math.round(60_000_000.0 / partIntervalUs() * 10.0) / 10.0;
    }

    private long partIntervalUs() {
        if (partsPerSecond > 0) {
            return Math.max(1, Math.round(1_000_000.0 / (partsPerSecond * burstFactor)));
        }
        // whole milliseconds, as before rates could be set in parts per second
        return 1000 * Math.max(1, Math.round(settings.partIntervalMs() / burstFactor));
    }

    private void scheduleAction(Action action, long delayMs) {
        scheduleActionUs(action, delayMs * 1000);
    }

    private void scheduleActionUs(Action action, long delayUs) {
        nextAction = action;
        nextActionAtUs = nowUs + delayUs;
    }

    private void haltCycle() {
        nextAction = null;
        pausedAction = null;
    }

    // ---- faults ----

    private void schedule(Fault fault) {
        schedule(fault, fault.atMs() * 1000);
    }

    private void schedule(Fault fault, long atUs) {
        faultEvents.add(new FaultEvent(atUs, fault, true, faultOrder++));
        faultEvents.add(new FaultEvent(atUs + fault.durationMs() * 1000, fault, false, faultOrder++));
    }

    private List<TagWrite> beginFault(Fault fault) {
        String scope = tags.scope(fault.station());
        List<TagWrite> writes = new ArrayList<>();
        switch (fault.type()) {
            case FROZEN_VALUES -> frozenScopes.merge(scope, 1, Integer::sum);
            case BAD_STATUS, UNCERTAIN_STATUS -> {
                qualityScopes.computeIfAbsent(scope, s -> new ArrayList<>())
                        .add(fault.type() == FaultType.BAD_STATUS ? Quality.BAD : Quality.UNCERTAIN);
                return republish(scope);
            }
            case CLOCK_SKEW -> skewMs += fault.skewMs();
            case BURST_RATE -> {
                burstFactor *= fault.factor();
                rescheduleParts();
            }
            case STUCK_IN_HELD -> {
                Station station = station(fault.station() != null ? fault.station() : stations.get(0).name);
                station.heldByFaults++;
                if (station.machine.state() == PackMlState.EXECUTE) {
                    hold(station, writes);
                } else if (station.heldByFaults == 1) {
                    station.holdPending = true; // holds once the line executes
                }
            }
            case SERVER_RESTART -> { } // the server's business
        }
        return emit(writes);
    }

    private List<TagWrite> endFault(Fault fault) {
        String scope = tags.scope(fault.station());
        List<TagWrite> writes = new ArrayList<>();
        switch (fault.type()) {
            case FROZEN_VALUES -> {
                if (frozenScopes.merge(scope, -1, Integer::sum) <= 0) {
                    frozenScopes.remove(scope);
                    return republish(scope);
                }
            }
            case BAD_STATUS, UNCERTAIN_STATUS -> {
                List<Quality> list = qualityScopes.get(scope);
                list.remove(fault.type() == FaultType.BAD_STATUS ? Quality.BAD : Quality.UNCERTAIN);
                if (list.isEmpty()) {
                    qualityScopes.remove(scope);
                }
                return republish(scope);
            }
            case CLOCK_SKEW -> skewMs -= fault.skewMs();
            case BURST_RATE -> {
                burstFactor /= fault.factor();
                rescheduleParts();
            }
            case STUCK_IN_HELD -> {
                Station station = station(fault.station() != null ? fault.station() : stations.get(0).name);
                station.heldByFaults--;
                if (station.heldByFaults == 0) {
                    station.holdPending = false;
                    if (station.machine.state() == PackMlState.HELD) {
                        fire(station, PackMlCommand.UNHOLD, writes);
                        complete(station, writes); // Unholding → Execute
                        writes.add(new TagWrite(tags.speed(station.name), speed()));
                        if (station.alarm != null && station.alarm.code() == Alarm.HELD) {
                            setAlarm(station, station.alarm.withActive(false), writes);
                        }
                    }
                    if (pausedAction != null && stations.stream().noneMatch(s -> s.machine.state() == PackMlState.HELD)) {
                        scheduleActionUs(pausedAction, partIntervalUs());
                        pausedAction = null;
                        writes.add(new TagWrite(tags.batchState(), "Running"));
                    }
                }
            }
            case SERVER_RESTART -> { }
        }
        return emit(writes);
    }

    private void hold(Station station, List<TagWrite> writes) {
        fire(station, PackMlCommand.HOLD, writes);
        complete(station, writes); // Holding → Held
        writes.add(new TagWrite(tags.speed(station.name), 0.0));
        setAlarm(station, new Alarm(Alarm.HELD, station.name + " held: infeed blocked", true, false), writes);
        if (nextAction != null && nextAction != Action.SETUP) {
            pausedAction = nextAction;
            nextAction = null;
        }
        writes.add(new TagWrite(tags.batchState(), "Held"));
    }

    private void rescheduleParts() {
        if (nextAction == Action.PART) {
            nextActionAtUs = Math.min(nextActionAtUs, nowUs + partIntervalUs());
        }
    }

    /** The scope's current values again, with the quality now in force. */
    private List<TagWrite> republish(String scope) {
        List<TagWrite> writes = new ArrayList<>();
        for (Map.Entry<String, Object> e : current.entrySet()) {
            if (e.getKey().startsWith(scope) && !frozen(e.getKey())) {
                writes.add(new TagWrite(e.getKey(), e.getValue(), qualityOf(e.getKey())));
            }
        }
        return writes;
    }

    // ---- publishing ----

    /** Records the values; drops those of frozen tags and marks the others with the quality in force. */
    private List<TagWrite> emit(List<TagWrite> writes) {
        List<TagWrite> published = new ArrayList<>(writes.size());
        for (TagWrite write : writes) {
            current.put(write.tag(), write.value());
            if (!frozen(write.tag())) {
                published.add(write.withQuality(qualityOf(write.tag())));
            }
        }
        return published;
    }

    private boolean frozen(String tag) {
        for (String scope : frozenScopes.keySet()) {
            if (tag.startsWith(scope)) {
                return true;
            }
        }
        return false;
    }

    private Quality qualityOf(String tag) {
        Quality worst = Quality.GOOD;
        for (Map.Entry<String, List<Quality>> e : qualityScopes.entrySet()) {
            if (tag.startsWith(e.getKey())) {
                for (Quality q : e.getValue()) {
                    if (q.compareTo(worst) > 0) {
                        worst = q;
                    }
                }
            }
        }
        return worst;
    }

    private Step step(long delay, Phase phase, List<TagWrite> writes) {
        if (!settings.shifts().isEmpty()) {
            String now = currentShift();
            if (!now.equals(shift)) {
                shift = now;
                writes = new ArrayList<>(writes);
                writes.addAll(emit(List.of(new TagWrite(tags.shift(), now))));
            }
        }
        return new Step(delay, phase, writes, skewMs);
    }

    private String currentShift() {
        LocalTime time = LocalTime.ofInstant(startedAt.plusNanos(nowUs * 1000), ZoneOffset.UTC);
        return Shift.current(settings.shifts(), time);
    }

    // ---- stations ----

    private void fire(Station station, PackMlCommand command, List<TagWrite> writes) {
        station.machine.fire(command);
        writeState(station, writes);
    }

    private void complete(Station station, List<TagWrite> writes) {
        station.machine.stateComplete();
        writeState(station, writes);
    }

    private void writeState(Station station, List<TagWrite> writes) {
        writes.add(new TagWrite(tags.state(station.name), station.machine.state().displayName()));
        writes.add(new TagWrite(tags.stateCurrent(station.name), station.machine.state().number()));
    }

    private void setAlarm(Station station, Alarm alarm, List<TagWrite> writes) {
        station.alarm = alarm.cleared() ? null : alarm;
        Alarm shown = station.alarm != null ? station.alarm : new Alarm(0, "", false, true);
        writes.add(new TagWrite(tags.alarmCode(station.name), shown.code()));
        writes.add(new TagWrite(tags.alarmText(station.name), shown.text()));
        writes.add(new TagWrite(tags.alarmActive(station.name), shown.active()));
        writes.add(new TagWrite(tags.alarmAcknowledged(station.name), shown.acknowledged()));
    }

    private Station station(String name) {
        for (Station station : stations) {
            if (station.name.equals(name)) {
                return station;
            }
        }
        return null;
    }

    private String stationStates() {
        StringBuilder text = new StringBuilder();
        for (Station station : stations) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(station.name).append(' ').append(station.machine.state().displayName());
        }
        return text.toString();
    }

    private void describeTags() {
        tagInfos.add(TagInfo.plain(tags.batchId(), "", "current batch (lot) id; empty before the first batch"));
        tagInfos.add(TagInfo.plain(tags.product(), "", "product of the current batch"));
        tagInfos.add(TagInfo.plain(tags.batchState(), "Idle",
                "Idle, Running, Complete; Held, Stopped, Aborted when interrupted"));
        tagInfos.add(TagInfo.plain(tags.partCount(), 0L, "parts made in the current batch"));
        tagInfos.add(TagInfo.plain(tags.quantity(), 0L, "parts the current batch is to make"));
        tagInfos.add(TagInfo.plain(tags.shift(), "", "current shift"));
        for (Station station : stations) {
            String s = station.name;
            tagInfos.add(TagInfo.plain(tags.state(s), station.machine.state().displayName(), "PackML state name"));
            tagInfos.add(TagInfo.plain(tags.stateCurrent(s), station.machine.state().number(),
                    "PackML state number (OPC 30050)"));
            tagInfos.add(TagInfo.plain(tags.unitModeCurrent(s), station.machine.mode().number(),
                    "PackML unit mode: 1 Production, 2 Maintenance, 3 Manual"));
            tagInfos.add(TagInfo.analog(tags.speed(s), 0.0, "current speed", "1/min", "parts per minute", 0, 1200));
            tagInfos.add(TagInfo.plain(tags.goodCount(s), 0L, "good parts of the current batch"));
            tagInfos.add(TagInfo.plain(tags.rejectCount(s), 0L, "rejected parts of the current batch"));
            Characteristic c = station.kind.characteristic();
            if (c != null) {
                tagInfos.add(TagInfo.analog(tags.measurement(s, c), 0.0, "measured per part", c.unit(),
                        c.unitDescription(), c.rangeLow(), c.rangeHigh()));
            }
            tagInfos.add(TagInfo.plain(tags.alarmCode(s), 0, "active or unacknowledged alarm's code, 0 = none"));
            tagInfos.add(TagInfo.plain(tags.alarmText(s), "", "the alarm's text"));
            tagInfos.add(TagInfo.plain(tags.alarmActive(s), false, "the alarm's condition holds"));
            tagInfos.add(TagInfo.plain(tags.alarmAcknowledged(s), true, "the alarm was acknowledged"));
        }
    }
}
