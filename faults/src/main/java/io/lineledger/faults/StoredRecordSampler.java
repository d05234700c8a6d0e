package io.lineledger.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What LineLedger said it had stored while the run went on, read from its JSON API (batch list and certificates):
 * every record it ever showed is remembered, so that one missing from the store after the run counts as lost.
 */
final class StoredRecordSampler {

    /** A record as the certificate JSON showed it. */
    record SeenRecord(String lineId, long seq, String type, String batchId, Instant recordedAt, String digest,
                      Instant firstSeen) { }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The account run.sh adds to etc/users.properties: every page and API needs one (docs/certificates.md). */
    static final String USER = "faults";
    static final String PASSWORD = "faults-password";
    private static final String AUTHORIZATION = "Basic " + java.util.Base64.getEncoder().encodeToString(
            (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final Map<String, SeenRecord> seen = new ConcurrentHashMap<>();
    /** batch id → "records/anchored" at the last look, to fetch only batches that changed */
    private final Map<String, String> batchState = new HashMap<>();
    private volatile int samples;

    StoredRecordSampler(int httpPort) {
        this.base = "http://127.0.0.1:" + httpPort + "/lineledger/api";
    }

    /** True when the API answers (Karaf is up and the certificates servlet is registered). */
    boolean answers() {
        return get("/batches").isPresent();
    }

    /** The HTTP status of the batch list, or -1 when nothing answers: 500 still means Karaf is up. */
    int status() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/batches")).header("Authorization", AUTHORIZATION).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The parts the status API says are not installed ({@code installed}: OPC UA source, rules, anchoring); empty when
     * it reports all of them, the API itself when it does not answer. The harness installs every part, so after a
     * restart each must come back, not only the records.
     */
    List<String> partsNotReported() {
        Optional<JsonNode> status = get("/status");
        if (status.isEmpty()) {
            return List.of("the status API");
        }
        List<String> missing = new ArrayList<>();
        status.get().path("installed").fields().forEachRemaining(part -> {
            if (!part.getValue().asBoolean()) {
                missing.add(part.getKey());
            }
        });
        return missing;
    }

    /** One look at the API; a Karaf that is down or starting is no error. */
    synchronized void sample() {
        Optional<JsonNode> batches = get("/batches");
        if (batches.isEmpty()) {
            return;
        }
        samples++;
        for (JsonNode batch : batches.get()) {
            String id = batch.path("batchId").asText();
            String state = batch.path("records").asText() + "/" + batch.path("anchored").asText();
            if (state.equals(batchState.get(id))) {
                continue;
            }
            Optional<JsonNode> certificate = get("/batches/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                    .replace("+", "%20"));
            if (certificate.isEmpty()) {
                continue;
            }
            batchState.put(id, state);
            Instant now = Instant.now();
            for (JsonNode record : certificate.get().path("recordDigests")) {
                String lineId = record.path("lineId").asText();
                long seq = record.path("seq").asLong();
                seen.putIfAbsent(key(lineId, seq, record.path("digest").asText()), new SeenRecord(lineId, seq,
                        record.path("type").asText(), id, Instant.parse(record.path("recordedAt").asText()),
                        record.path("digest").asText(), now));
            }
        }
    }

    List<SeenRecord> seen() {
        return List.copyOf(seen.values());
    }

    int samples() {
        return samples;
    }

    /** The earliest record recorded at or after {@code since} on {@code lineId}, as far as the samples tell. */
    Optional<SeenRecord> firstRecordedSince(Instant since) {
        return seen.values().stream().filter(r -> !r.recordedAt().isBefore(since))
                .min(java.util.Comparator.comparing(SeenRecord::recordedAt));
    }

    private static String key(String lineId, long seq, String digest) {
        return lineId + "#" + seq + "#" + digest;
    }

    private Optional<JsonNode> get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", AUTHORIZATION)
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
