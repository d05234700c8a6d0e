package io.lineledger.plcsim.model;

import io.lineledger.plcsim.model.Step.Phase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One filling line (Filler, Capper, Checkweigher) running batches, as a sequence of {@link Step}s. Plain Java and
 * deterministic: the same settings, seed and start time give the same steps. Time is not read here; whoever runs
 * the steps waits {@link Step#delayMs()} between them.
 *
 * <p>Batch cycle: setup (BatchState Idle, Product, BatchId, counters 0) → after setupDelayMs BatchState Running
 * and stations Execute → partsPerBatch parts every partIntervalMs (FillWeight, counters, PartCount) → after
 * completeDelayMs BatchState Complete and stations Complete → after pauseMs the next batch's setup. Station
 * counters and PartCount count the current batch.
 */
public final class LineSimulation {

    private static final DateTimeFormatter LOT_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final SimulationSettings settings;
    private final LineTags tags;
    private final Random random;
    private final String lotPrefix;

    private long batchNumber;     // 1-based number of the current batch, 0 before the first
    private Phase lastPhase;      // null before the first step
    private long partsMade;       // in the current batch
    private long checkweigherGood;
    private long checkweigherReject;
    private boolean finished;

    /**
     * @param startedAt the simulator's start; batch ids embed it, so they differ across restarts
     */
    public LineSimulation(SimulationSettings settings, long seed, Instant startedAt) {
        this.settings = settings;
        this.tags = new LineTags(settings.line());
        this.random = new Random(seed);
        this.lotPrefix = "LOT-" + LOT_STAMP.format(startedAt) + "-";
    }

    public LineTags tags() {
        return tags;
    }

    public SimulationSettings settings() {
        return settings;
    }

    /** Every tag with its value before the first step: the line idle, no batch yet. */
    public List<TagWrite> initialValues() {
        List<TagWrite> writes = new ArrayList<>();
        writes.add(new TagWrite(tags.batchId(), ""));
        writes.add(new TagWrite(tags.product(), ""));
        writes.add(new TagWrite(tags.batchState(), "Idle"));
        writes.add(new TagWrite(tags.partCount(), 0L));
        for (String station : LineTags.STATIONS) {
            writes.add(new TagWrite(tags.state(station), "Idle"));
            writes.add(new TagWrite(tags.goodCount(station), 0L));
            writes.add(new TagWrite(tags.rejectCount(station), 0L));
        }
        writes.add(new TagWrite(tags.fillWeight(), 0.0));
        return writes;
    }

    /** The next step, or empty once the configured number of batches is complete. */
    public Optional<Step> next() {
        if (finished) {
            return Optional.empty();
        }
        Step step;
        if (lastPhase == null) {
            step = setup(0);
        } else {
            step = switch (lastPhase) {
                case BATCH_SETUP -> running();
                case BATCH_RUNNING -> part();
                case PART -> partsMade < settings.partsPerBatch() ? part() : complete();
                case BATCH_COMPLETE -> {
                    if (settings.batches() > 0 && batchNumber >= settings.batches()) {
                        finished = true;
                        yield null;
                    }
                    yield setup(settings.pauseMs());
                }
            };
        }
        if (step == null) {
            return Optional.empty();
        }
        lastPhase = step.phase();
        return Optional.of(step);
    }

    private Step setup(long delayMs) {
        batchNumber++;
        partsMade = 0;
        checkweigherGood = 0;
        checkweigherReject = 0;
        List<TagWrite> writes = new ArrayList<>();
        writes.add(new TagWrite(tags.batchState(), "Idle"));
        writes.add(new TagWrite(tags.product(), settings.products().get((int) ((batchNumber - 1) % settings.products().size()))));
        writes.add(new TagWrite(tags.batchId(), lotPrefix + batchNumber));
        writes.add(new TagWrite(tags.partCount(), 0L));
        for (String station : LineTags.STATIONS) {
            writes.add(new TagWrite(tags.state(station), "Idle"));
            writes.add(new TagWrite(tags.goodCount(station), 0L));
            writes.add(new TagWrite(tags.rejectCount(station), 0L));
        }
        return new Step(delayMs, Phase.BATCH_SETUP, writes);
    }

    private Step running() {
        List<TagWrite> writes = new ArrayList<>();
        for (String station : LineTags.STATIONS) {
            writes.add(new TagWrite(tags.state(station), "Execute"));
        }
        writes.add(new TagWrite(tags.batchState(), "Running"));
        return new Step(settings.setupDelayMs(), Phase.BATCH_RUNNING, writes);
    }

    private Step part() {
        partsMade++;
        double weight = fillWeight();
        boolean inSpec = weight >= settings.lsl() && weight <= settings.usl();
        if (inSpec) {
            checkweigherGood++;
        } else {
            checkweigherReject++;
        }
        List<TagWrite> writes = new ArrayList<>();
        writes.add(new TagWrite(tags.goodCount(LineTags.FILLER), partsMade));
        writes.add(new TagWrite(tags.goodCount(LineTags.CAPPER), partsMade));
        writes.add(new TagWrite(tags.fillWeight(), weight));
        writes.add(inSpec
                ? new TagWrite(tags.goodCount(LineTags.CHECKWEIGHER), checkweigherGood)
                : new TagWrite(tags.rejectCount(LineTags.CHECKWEIGHER), checkweigherReject));
        writes.add(new TagWrite(tags.partCount(), partsMade));
        return new Step(settings.partIntervalMs(), Phase.PART, writes);
    }

    private Step complete() {
        List<TagWrite> writes = new ArrayList<>();
        for (String station : LineTags.STATIONS) {
            writes.add(new TagWrite(tags.state(station), "Complete"));
        }
        writes.add(new TagWrite(tags.batchState(), "Complete"));
        return new Step(settings.completeDelayMs(), Phase.BATCH_COMPLETE, writes);
    }

    /** Gaussian around the nominal weight, to the checkweigher's 0.01 g resolution. */
    private double fillWeight() {
        double raw = settings.nominalWeight() + random.nextGaussian() * settings.weightSd();
        return Math.round(raw * 100.0) / 100.0;
    }
}
