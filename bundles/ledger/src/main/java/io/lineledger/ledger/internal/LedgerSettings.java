package io.lineledger.ledger.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** The ledger's configuration, validated; every error names the PID, the key and (except the key) the value. */
record LedgerSettings(URI rpcUrl, String privateKey, Optional<String> contractAddress, WindowPolicy window,
                      Duration poll, long chainId, AnchoringPolicy policy) {

    private static final Pattern PRIVATE_KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    static LedgerSettings of(LedgerConfig config) {
        URI rpcUrl = rpcUrl(config.rpcUrl());
        String key = config.privateKey() == null ? "" : config.privateKey().strip();
        if (key.isEmpty()) {
            throw bad("privateKey", null, "is required: the key of the account that signs anchor transactions");
        }
        if (!PRIVATE_KEY.matcher(key).matches()) {
            // never echo the key, not even a malformed one
            throw bad("privateKey", null, "must be 32 bytes as 64 hex digits (optionally 0x-prefixed); the value is not shown");
        }
        String address = config.contractAddress() == null ? "" : config.contractAddress().strip();
        if (!address.isEmpty() && !ADDRESS.matcher(address).matches()) {
            throw bad("contractAddress", address, "must be 0x and 40 hex digits, or blank to deploy a contract");
        }
        if (config.maxRecords() < 1) {
            throw bad("maxRecords", config.maxRecords(), "must be at least 1");
        }
        if (config.maxMillis() < 0) {
            throw bad("maxMillis", config.maxMillis(), "must not be negative");
        }
        if (config.maxRecordsPerWindow() < config.maxRecords()
                || config.maxRecordsPerWindow() > WindowPolicy.MAX_RECORDS_PER_WINDOW) {
            throw bad("maxRecordsPerWindow", config.maxRecordsPerWindow(), "must be at least maxRecords ("
                    + config.maxRecords() + ") and at most " + WindowPolicy.MAX_RECORDS_PER_WINDOW);
        }
        if (config.maxInFlightWindows() < 1 || config.maxInFlightWindows() > WindowPolicy.MAX_IN_FLIGHT_WINDOWS) {
            throw bad("maxInFlightWindows", config.maxInFlightWindows(), "must be between 1 and "
                    + WindowPolicy.MAX_IN_FLIGHT_WINDOWS);
        }
        if (config.maxLinesPerTransaction() < 1
                || config.maxLinesPerTransaction() > WindowPolicy.MAX_LINES_PER_TRANSACTION) {
            throw bad("maxLinesPerTransaction", config.maxLinesPerTransaction(), "must be between 1 and "
                    + WindowPolicy.MAX_LINES_PER_TRANSACTION);
        }
        if (config.pollMillis() < 10) {
            throw bad("pollMillis", config.pollMillis(), "must be at least 10");
        }
        if (config.confirmations() < 0) {
            throw bad("confirmations", config.confirmations(), "must not be negative");
        }
        if (config.reorgWatchBlocks() < 0) {
            throw bad("reorgWatchBlocks", config.reorgWatchBlocks(), "must not be negative (0: no re-check)");
        }
        if (config.chainId() < 0) {
            throw bad("chainId", config.chainId(), "must not be negative (0: take the chain the node serves)");
        }
        if (config.stuckAfterMillis() < 1000) {
            throw bad("stuckAfterMillis", config.stuckAfterMillis(), "must be at least 1000");
        }
        if (config.retryMinMillis() < 10) {
            throw bad("retryMinMillis", config.retryMinMillis(), "must be at least 10");
        }
        if (config.retryMaxMillis() < config.retryMinMillis()) {
            throw bad("retryMaxMillis", config.retryMaxMillis(), "must not be less than retryMinMillis ("
                    + config.retryMinMillis() + ")");
        }
        if (config.revertsBeforeAlarm() < 1) {
            throw bad("revertsBeforeAlarm", config.revertsBeforeAlarm(), "must be at least 1");
        }
        return new LedgerSettings(rpcUrl, key, address.isEmpty() ? Optional.empty() : Optional.of(address),
                new WindowPolicy(config.maxRecords(), Duration.ofMillis(config.maxMillis()),
                        config.maxRecordsPerWindow(), config.maxInFlightWindows(), config.maxLinesPerTransaction()),
                Duration.ofMillis(config.pollMillis()), config.chainId(),
                new AnchoringPolicy(config.confirmations(), Duration.ofMillis(config.retryMinMillis()),
                        Duration.ofMillis(config.retryMaxMillis()), Duration.ofMillis(config.stuckAfterMillis()),
                        config.revertsBeforeAlarm(), config.reorgWatchBlocks()));
    }

    int confirmations() {
        return policy.confirmations();
    }

    private static URI rpcUrl(String value) {
        try {
            URI uri = new URI(value == null ? "" : value.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw bad("rpcUrl", value, "must be an http:// or https:// URL of the node's JSON-RPC endpoint");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw bad("rpcUrl", value, "is not a URL: " + e.getMessage());
        }
    }

    private static IllegalArgumentException bad(String key, Object value, String problem) {
        String shown = value == null ? "" : " = '" + value + "'";
        return new IllegalArgumentException(LedgerConfig.PID + ": " + key + shown + " " + problem);
    }
}
