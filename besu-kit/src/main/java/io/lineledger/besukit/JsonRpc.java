package io.lineledger.besukit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain JSON-RPC reads the kit makes itself (a block's hash, Besu's {@code qbft_*}); transactions go through web3j. */
final class JsonRpc {

    /** A JSON-RPC error answer: {@code code} -32601 is "method not found" (a node without that API). */
    static final class RpcError extends RuntimeException {

        private static final long serialVersionUID = 1L;
        final int code;

        RpcError(int code, String message) {
            super(message);
            this.code = code;
        }

        boolean methodMissing() {
            return code == -32601 || code == -32604 || getMessage().toLowerCase().contains("not found")
                    || getMessage().toLowerCase().contains("not supported");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    JsonRpc(String url) {
        this.url = URI.create(url);
    }

    /** The {@code result} of a call; params are JSON values (strings are quoted by the caller's JsonNode). */
    JsonNode call(String method, Object... params) {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object param : params) {
            array.add(JSON.valueToTree(param));
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (body.hasNonNull("error")) {
                throw new RpcError(body.get("error").path("code").asInt(), body.get("error").path("message").asText());
            }
            return body.get("result");
        } catch (IOException e) {
            throw new IllegalStateException("the node at " + url + " does not answer " + method + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    long chainId() {
        return Long.decode(call("eth_chainId").asText());
    }

    /** The hash of block {@code number}. */
    String blockHash(long number) {
        JsonNode block = call("eth_getBlockByNumber", "0x" + Long.toHexString(number), false);
        if (block == null || block.isNull()) {
            throw new IllegalStateException("the node at " + url + " has no block " + number);
        }
        return block.get("hash").asText();
    }
}
