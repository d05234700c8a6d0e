package io.lineledger.benchmarks.linerate;

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

/** plc-sim's run-time control ({@code --control-port}): the lines' rate and batch size, pause and resume. */
final class PlcSimControl {

    /** What plc-sim served so far, over all lines. */
    record Served(long parts, long measuredValues) { }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    PlcSimControl(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    boolean answers() {
        try {
            status();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    JsonNode status() throws IOException {
        return send("GET", "/status");
    }

    Served served() throws IOException {
        JsonNode status = status();
        return new Served(status.path("parts").asLong(), status.path("measuredValues").asLong());
    }

    /** Sets the rate of {@code line} (null: every line) and the parts of the batches that start from now on. */
    void set(String line, double partsPerSecond, int partsPerBatch) throws IOException {
        send("POST", "/set?partsPerSecond=" + partsPerSecond + "&partsPerBatch=" + partsPerBatch + lineParameter(line));
    }

    void pause(String line) throws IOException {
        send("POST", "/pause" + (line == null ? "" : "?line=" + encode(line)));
    }

    void resume(String line) throws IOException {
        send("POST", "/resume" + (line == null ? "" : "?line=" + encode(line)));
    }

    private static String lineParameter(String line) {
        return line == null ? "" : "&line=" + encode(line);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(method + " " + path + ": " + response.statusCode() + " " + response.body().strip());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
