package io.lineledger.opcua;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one line's OPC UA source is doing, for the shell, health checks and the certificate page.
 *
 * @param lineId               the line
 * @param endpointUrl          the PLC's OPC UA endpoint
 * @param connected            an OPC UA session to the PLC is active
 * @param subscribed           a subscription is live on the server (false while it is being re-created)
 * @param subscriptionsCreated subscriptions created so far: 1 after the first connect, one more per re-creation
 * @param lastObservedAt       when the last publish (values or keep-alive) arrived, by this machine's clock;
 *                             null before the first
 * @param lastValueAt          when the last value arrived, by this machine's clock; null before the first
 * @param valuesReceived       values delivered to listeners (repeats after a re-subscription not counted)
 * @param gapsReported         observation gaps reported to listeners
 * @param overflows            publishes in which the server reported a queue overflow or lost notifications
 * @param lastError            the last connection or subscription problem, for people; null if none yet
 * @param configuration        the configuration the line comes from, e.g. {@code io.lineledger.line~line1}
 * @param security             how the client connects, e.g. {@code None} or
 *                             {@code Basic256Sha256 SignAndEncrypt, user operator}
 * @param tagProblems          tag → what is wrong with it since the last connect (no such node, path not
 *                             resolved, wrong data type, values of the wrong type); tags without problems absent
 * @param ingest               the line's ingest queue between the OPC UA client and the rules
 */
public record SourceStatus(String lineId, String endpointUrl, boolean connected, boolean subscribed,
                           long subscriptionsCreated, Instant lastObservedAt, Instant lastValueAt, long valuesReceived,
                           long gapsReported, long overflows, String lastError, String configuration, String security,
                           Map<String, String> tagProblems, Ingest ingest) {

    /**
     * The ingest queue of a line: values read and not yet taken by the rules.
     *
     * @param queued    values waiting now
     * @param capacity  most values it holds; beyond, values are dropped and reported as an {@code ingest-dropped} gap
     * @param highWater the most values that waited at once since the start
     * @param dropped   values dropped since the start because it was full (each reported in a gap)
     */
    public record Ingest(long queued, long capacity, long highWater, long dropped) {

        /** No queue figures (a source without one). */
        public static final Ingest NONE = new Ingest(0, 0, 0, 0);
    }

    public SourceStatus {
        tagProblems = tagProblems == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tagProblems));
        ingest = ingest == null ? Ingest.NONE : ingest;
    }

    /** A status without ingest queue figures (as before the queue was reported). */
    public SourceStatus(String lineId, String endpointUrl, boolean connected, boolean subscribed,
                        long subscriptionsCreated, Instant lastObservedAt, Instant lastValueAt, long valuesReceived,
                        long gapsReported, long overflows, String lastError, String configuration, String security,
                        Map<String, String> tagProblems) {
        this(lineId, endpointUrl, connected, subscribed, subscriptionsCreated, lastObservedAt, lastValueAt,
                valuesReceived, gapsReported, overflows, lastError, configuration, security, tagProblems, null);
    }

    /** A status without configuration, security and tag details (as before those were reported). */
    public SourceStatus(String lineId, String endpointUrl, boolean connected, boolean subscribed,
                        long subscriptionsCreated, Instant lastObservedAt, Instant lastValueAt, long valuesReceived,
                        long gapsReported, long overflows, String lastError) {
        this(lineId, endpointUrl, connected, subscribed, subscriptionsCreated, lastObservedAt, lastValueAt,
                valuesReceived, gapsReported, overflows, lastError, null, null, Map.of(), null);
    }
}
