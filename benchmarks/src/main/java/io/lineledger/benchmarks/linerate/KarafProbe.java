package io.lineledger.benchmarks.linerate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the running distribution says about itself ({@code /lineledger/api/status}, summed over the benchmark's
 * lines) and what its JVM costs (CPU time and resident memory, from the process itself).
 */
final class KarafProbe {

    /**
     * One look at the status API, summed over the benchmark's lines.
     *
     * @param lines            benchmark lines the status shows
     * @param subscribed       of those, lines whose OPC UA source is subscribed
     * @param rulesStarted     of those, lines whose rules run (a value read before they do is not recorded)
     * @param storeLastSeq     sum of the lines' last stored sequence numbers (= records stored), as the status API
     *                         reads them from the store
     * @param lastAnchoredSeq  sum of the lines' last anchored sequence numbers (= records anchored)
     * @param valuesReceived   values the OPC UA sources received
     * @param overflows        server queue overflows the sources saw
     * @param gapsReported     observation gaps the sources reported
     * @param deadLetters      values the rules refused
     * @param spoolPending     records held in the rules' spool, not yet stored
     * @param ingestQueued     values waiting in the sources' ingest queues (0 where the status does not show them)
     * @param ingestDropped    values the ingest queues dropped (each reported in a gap)
     * @param recordsStored    records in the store now, from the metrics ({@code lineledger_records_stored_total},
     *                         read from the store at each scrape); -1 where the metrics do not show it
     */
    record Status(int lines, int subscribed, int rulesStarted, long storeLastSeq, long lastAnchoredSeq, long valuesReceived,
                  long overflows, long gapsReported, long deadLetters, long spoolPending, long ingestQueued,
                  long ingestDropped, long recordsStored) {

        /** Records stored: the store's own count, from the metrics where they show it, else from the status API. */
        long stored() {
            return recordsStored >= 0 ? recordsStored : storeLastSeq;
        }
    }

    private static final Pattern STORED_METRIC = Pattern.compile(
            "^lineledger_records_stored_total\\{[^}]*line=\"([^\"]+)\"[^}]*}\\s+([0-9.eE+]+)", Pattern.MULTILINE);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The account line-rate.sh adds to etc/users.properties: every page and API needs one (docs/certificates.md). */
    static final String USER = "bench";
    static final String PASSWORD = "bench-password";
    private static final String AUTHORIZATION = "Basic " + java.util.Base64.getEncoder().encodeToString(
            (USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI statusUri;
    private final URI metricsUri;
    private final Set<String> lineIds;

    KarafProbe(int httpPort, Set<String> lineIds) {
        this.statusUri = URI.create("http://127.0.0.1:" + httpPort + "/lineledger/api/status");
        this.metricsUri = URI.create("http://127.0.0.1:" + httpPort + "/lineledger/metrics");
        this.lineIds = Set.copyOf(lineIds);
    }

    /** The status summed over the benchmark's lines; empty while Karaf does not answer. */
    Optional<Status> status() {
        JsonNode root;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(statusUri).timeout(Duration.ofSeconds(5))
                    .header("Authorization", AUTHORIZATION).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        int lines = 0;
        int subscribed = 0;
        int rulesStarted = 0;
        long stored = 0;
        long anchored = 0;
        long received = 0;
        long overflows = 0;
        long gaps = 0;
        long dead = 0;
        long pending = 0;
        long queued = 0;
        long dropped = 0;
        for (JsonNode line : root.path("lines")) {
            if (!lineIds.contains(line.path("lineId").asText())) {
                continue;
            }
            lines++;
            boolean allSubscribed = line.path("sources").size() > 0;
            for (JsonNode source : line.path("sources")) {
                allSubscribed &= source.path("subscribed").asBoolean(false);
                received += source.path("valuesReceived").asLong(0);
                overflows += source.path("overflows").asLong(0);
                gaps += source.path("gapsReported").asLong(0);
                queued += source.path("ingest").path("queued").asLong(0);
                dropped += source.path("ingest").path("dropped").asLong(0);
            }
            if (allSubscribed) {
                subscribed++;
            }
            if (line.path("rules").path("started").asBoolean(false)) {
                rulesStarted++;
            }
            stored += line.path("storeLastSeq").asLong(0); // the store's own figure, read for the answer
            anchored += line.path("anchoring").path("lastAnchoredSeq").asLong(0);
            dead += line.path("rules").path("deadLetters").path("total").asLong(0);
            pending += line.path("rules").path("spool").path("pending").asLong(0);
        }
        return Optional.of(new Status(lines, subscribed, rulesStarted, stored, anchored, received, overflows, gaps, dead, pending,
                queued, dropped, storedByMetrics()));
    }

    /** The benchmark lines' records in the store, summed, as the metrics show them; -1 when they do not. */
    private long storedByMetrics() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metricsUri)
                    .timeout(Duration.ofSeconds(5)).header("Authorization", AUTHORIZATION).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            long sum = 0;
            int found = 0;
            Matcher matcher = STORED_METRIC.matcher(response.body());
            while (matcher.find()) {
                if (lineIds.contains(matcher.group(1))) {
                    sum += (long) Double.parseDouble(matcher.group(2));
                    found++;
                }
            }
            return found > 0 ? sum : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** CPU time the process used so far, in ns (-1 when unknown). */
    static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** Resident set size of the process in bytes (Linux), -1 when unknown. */
    static long rssBytes(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return -1;
    }
}
