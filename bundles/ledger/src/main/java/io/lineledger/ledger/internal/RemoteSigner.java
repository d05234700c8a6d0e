package io.lineledger.ledger.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import java.security.SignatureException;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.utils.Numeric;

/**
 * A remote signer that holds the key (Web3Signer, or any node that signs for its account): {@code eth_signTransaction}
 * over JSON-RPC returns the signed transaction, which is decoded and checked before it is sent: it must be this
 * transaction, signed by the configured account for the chain it goes to.
 */
final class RemoteSigner implements TransactionSigner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI url;
    private final String account;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /**
     * @param url     the signer's JSON-RPC endpoint
     * @param account the account it signs for, 0x-prefixed (validated by the caller)
     */
    RemoteSigner(URI url, String account) {
        this.url = url;
        this.account = account.toLowerCase(Locale.ROOT);
    }

    @Override
    public String address() {
        return account;
    }

    @Override
    public byte[] sign(RawTransaction tx, long chainId) {
        ObjectNode params = JSON.createObjectNode();
        params.put("from", account);
        if (tx.getTo() != null && !tx.getTo().isEmpty()) {
            params.put("to", tx.getTo());
        }
        params.put("gas", Numeric.toHexStringWithPrefix(tx.getGasLimit()));
        params.put("gasPrice", Numeric.toHexStringWithPrefix(tx.getGasPrice()));
        params.put("nonce", Numeric.toHexStringWithPrefix(tx.getNonce()));
        params.put("value", Numeric.toHexStringWithPrefix(tx.getValue()));
        params.put("data", tx.getData() == null || tx.getData().isEmpty() ? "0x" : Numeric.prependHexPrefix(tx.getData()));
        // no chainId: Web3Signer signs for the chain it is configured with; the answer is checked against ours below
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1)
                .put("method", "eth_signTransaction");
        request.putArray("params").add(params);
        String signed = call(request);
        check(signed, tx, chainId);
        return Numeric.hexStringToByteArray(signed);
    }

    private String call(ObjectNode request) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SigningKeyException("remote signer " + url + " does not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SigningKeyException("interrupted while asking the remote signer " + url);
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body.hasNonNull("error")) {
                throw new SigningKeyException("remote signer " + url + " refused to sign for " + account + ": "
                        + body.get("error").path("message").asText(body.get("error").toString()));
            }
            JsonNode result = body.get("result");
            if (result == null || !result.isTextual()) {
                throw new SigningKeyException("remote signer " + url + " answered HTTP " + response.statusCode()
                        + " without a signed transaction");
            }
            return result.asText();
        } catch (IOException e) {
            throw new SigningKeyException("remote signer " + url + " answered HTTP " + response.statusCode()
                    + " with no JSON-RPC response");
        }
    }

    /** The signer must have signed exactly this transaction, as the configured account, for this chain. */
    private void check(String signed, RawTransaction tx, long chainId) {
        RawTransaction decoded;
        try {
            decoded = TransactionDecoder.decode(signed);
        } catch (RuntimeException e) {
            throw new SigningKeyException("remote signer " + url + " returned something that is not a transaction");
        }
        if (!(decoded instanceof SignedRawTransaction signedTx)) {
            throw new SigningKeyException("remote signer " + url + " returned an unsigned transaction");
        }
        String from;
        try {
            from = signedTx.getFrom();
            Long signedFor = signedTx.getChainId();
            if (signedFor == null || signedFor != chainId) {
                throw new SigningKeyException("remote signer " + url + " signed for chain " + signedFor
                        + ", not for chain " + chainId + " that the node serves");
            }
        } catch (SignatureException e) {
            throw new SigningKeyException("remote signer " + url + " returned a transaction with a bad signature");
        }
        if (!account.equalsIgnoreCase(from)) {
            throw new SigningKeyException("remote signer " + url + " signed as " + from + ", not as " + account);
        }
        if (!decoded.getNonce().equals(tx.getNonce()) || !Numeric.cleanHexPrefix(decoded.getData())
                .equalsIgnoreCase(Numeric.cleanHexPrefix(tx.getData() == null ? "" : tx.getData()))) {
            throw new SigningKeyException("remote signer " + url + " returned another transaction than the one asked"
                    + " for (nonce or data differ)");
        }
    }

    @Override
    public String toString() {
        return "RemoteSigner[" + url + ", " + account + "]";
    }
}
