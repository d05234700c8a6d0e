package io.lineledger.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lineledger.model.Bytes32;
import io.lineledger.model.Keccak;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The few Ethereum JSON-RPC calls the harness needs (standard eth_* plus anvil's txpool_content). */
public final class JsonRpc {

    /** {@code Anchored(bytes32 indexed lineKey, bytes32 indexed root, address indexed writer, uint64, uint64)}. */
    static final Bytes32 ANCHORED_TOPIC = Keccak.hash(
            "Anchored(bytes32,bytes32,address,uint64,uint64)".getBytes(StandardCharsets.US_ASCII));

    /** One Anchored event as the chain has it. */
    public record AnchoredEvent(Bytes32 lineKey, Bytes32 root, long firstSeq, long lastSeq, long blockNumber, String txHash) { }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI endpoint;

    public JsonRpc(String url) {
        this.endpoint = URI.create(url);
    }

    public JsonNode call(String method, Object... params) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object param : params) {
            array.add(JSON.valueToTree(param));
        }
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode body = JSON.readTree(response.body());
        if (body.has("error")) {
            throw new IOException(method + ": " + body.get("error"));
        }
        return body.get("result");
    }

    public boolean answers() {
        try {
            return call("eth_chainId") != null;
        } catch (IOException e) {
            return false;
        }
    }

    public long blockNumber() throws IOException {
        return quantity(call("eth_blockNumber"));
    }

    /** Anchored events of {@code registry} in blocks {@code from..to}. */
    public List<AnchoredEvent> anchoredEvents(String registry, long from, long to) throws IOException {
        ObjectNode filter = JSON.createObjectNode().put("address", registry)
                .put("fromBlock", "0x" + Long.toHexString(from)).put("toBlock", "0x" + Long.toHexString(to));
        filter.putArray("topics").add(ANCHORED_TOPIC.hex());
        List<AnchoredEvent> events = new ArrayList<>();
        for (JsonNode log : call("eth_getLogs", filter)) {
            if (log.path("removed").asBoolean(false)) {
                continue;
            }
            String data = log.get("data").asText().substring(2);
            events.add(new AnchoredEvent(Bytes32.fromHex(log.get("topics").get(1).asText()),
                    Bytes32.fromHex(log.get("topics").get(2).asText()),
                    new BigInteger(data.substring(0, 64), 16).longValueExact(),
                    new BigInteger(data.substring(64, 128), 16).longValueExact(),
                    quantity(log.get("blockNumber")), log.get("transactionHash").asText()));
        }
        return events;
    }

    /** Whether the node's pool holds a transaction sent by {@code sender} (anvil and geth: txpool_content). */
    boolean hasPendingFrom(String sender) throws IOException {
        JsonNode pool = call("txpool_content");
        for (String part : List.of("pending", "queued")) {
            var senders = pool.path(part).fieldNames();
            while (senders.hasNext()) {
                if (senders.next().equalsIgnoreCase(sender)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long quantity(JsonNode node) {
        return Long.parseLong(node.asText().substring(2), 16);
    }
}
