package io.lineledger.routes.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the tags of one line mean to the rules, read from its {@code io.lineledger.line} configuration by
 * {@link LineDefinitions}: which tag holds the batch id, product and recipe, how a batch starts and ends, the part
 * counters, the alarms and the measured characteristics.
 *
 * @param pid             the configuration it came from, for messages
 * @param lineId          the line
 * @param tags            every tag name configured for the line ({@code tag.<name>} keys)
 * @param batch           batch id, product, recipe and boundary
 * @param totalCounter    tag with the parts made in the batch, or null
 * @param goodCounter     tag with the good parts, or null
 * @param rejectCounter   tag with the rejected parts, or null
 * @param alarms          alarm name to tag
 * @param characteristics the measured characteristics, in configuration order
 */
public record LineDefinition(String pid, String lineId, Set<String> tags, Batch batch, String totalCounter,
                             String goodCounter, String rejectCounter, Map<String, String> alarms,
                             List<Characteristic> characteristics) {

    /** How a batch starts and ends ({@code batch.boundary}). */
    public enum Boundary {
        /** A string state: start, end and abort values. */
        STATE,
        /** A PackML state code (ISA-TR88.00.02 / OPC 30050): 6 Execute, 17 Complete, 9 Aborted, 2 Stopped. */
        PACKML,
        /** A Boolean: true starts, false completes. */
        FLAG,
        /** A new batch id ends the running batch and starts the next; an empty id ends it. */
        ID_CHANGE
    }

    /**
     * @param idTag       tag of the batch (lot) id
     * @param productTag  tag of the product, or null
     * @param recipeTag   tag of the recipe, or null
     * @param boundary    how batches start and end
     * @param stateTag    the tag the boundary reads (null for {@link Boundary#ID_CHANGE})
     * @param startValues for {@link Boundary#STATE}: values that start the announced batch
     * @param endValues   ... that complete it
     * @param abortValues ... that end it as interrupted
     */
    public record Batch(String idTag, String productTag, String recipeTag, Boundary boundary, String stateTag,
                        Set<String> startValues, Set<String> endValues, Set<String> abortValues) {

        public Batch {
            Objects.requireNonNull(idTag, "idTag");
            Objects.requireNonNull(boundary, "boundary");
            startValues = Set.copyOf(startValues);
            endValues = Set.copyOf(endValues);
            abortValues = Set.copyOf(abortValues);
        }
    }

    public LineDefinition {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(batch, "batch");
        tags = Set.copyOf(tags);
        alarms = Map.copyOf(alarms);
        characteristics = List.copyOf(characteristics);
    }

    /** The characteristic a tag measures, if it measures one. */
    public Optional<Characteristic> characteristicOf(String tag) {
        return characteristics.stream().filter(c -> c.tag().equals(tag)).findFirst();
    }

    /** The alarm name of a tag, if it is an alarm tag. */
    public Optional<String> alarmOf(String tag) {
        return alarms.entrySet().stream().filter(e -> e.getValue().equals(tag)).map(Map.Entry::getKey).findFirst();
    }

    /** The characteristic names, in order. */
    public List<String> characteristicNames() {
        List<String> names = new ArrayList<>();
        characteristics.forEach(c -> names.add(c.name()));
        return names;
    }
}
