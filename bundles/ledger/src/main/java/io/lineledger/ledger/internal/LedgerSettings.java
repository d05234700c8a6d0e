package io.lineledger.ledger.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** The ledger's configuration, validated; every error names the PID, the key and (except the key) the value. */
record LedgerSettings(URI rpcUrl, SigningKeySettings signingKey, Optional<String> contractAddress, WindowPolicy window,
                      Duration poll, long chainId, AnchoringPolicy policy) {

    private static final Pattern PRIVATE_KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    static LedgerSettings of(LedgerConfig config) {
        URI rpcUrl = rpcUrl(config.rpcUrl());
        SigningKeySettings signingKey = signingKey(config);
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
        return new LedgerSettings(rpcUrl, signingKey, address.isEmpty() ? Optional.empty() : Optional.of(address),
                new WindowPolicy(config.maxRecords(), Duration.ofMillis(config.maxMillis()),
                        config.maxRecordsPerWindow(), config.maxInFlightWindows(), config.maxLinesPerTransaction()),
                Duration.ofMillis(config.pollMillis()), config.chainId(),
                new AnchoringPolicy(config.confirmations(), Duration.ofMillis(config.retryMinMillis()),
                        Duration.ofMillis(config.retryMaxMillis()), Duration.ofMillis(config.stuckAfterMillis()),
                        config.revertsBeforeAlarm(), config.reorgWatchBlocks()));
    }

    /** Exactly one source of the signing key: a keystore with its password, a remote signer, or a plain-text key. */
    private static SigningKeySettings signingKey(LedgerConfig config) {
        String keyStore = blankToEmpty(config.keyStoreFile());
        String passwordFile = blankToEmpty(config.keyStorePasswordFile());
        String password = config.keyStorePassword() == null ? "" : config.keyStorePassword();
        String signerUrl = blankToEmpty(config.signerUrl());
        String signerAccount = blankToEmpty(config.signerAccount());
        String key = blankToEmpty(config.privateKey());
        int sources = (keyStore.isEmpty() ? 0 : 1) + (signerUrl.isEmpty() ? 0 : 1) + (key.isEmpty() ? 0 : 1);
        if (sources == 0) {
            throw bad("keyStoreFile", null, "is required: the encrypted JSON keystore of the account that signs"
                    + " anchor transactions (or signerUrl for a remote signer; privateKey on the dev chain only)");
        }
        if (sources > 1) {
            throw bad(keyStore.isEmpty() ? "signerUrl" : "keyStoreFile", null, "is one of keyStoreFile, signerUrl"
                    + " and privateKey, which are set together: give exactly one source of the signing key");
        }
        if (!keyStore.isEmpty()) {
            if (passwordFile.isEmpty() == password.isEmpty()) {
                throw bad("keyStorePasswordFile", passwordFile.isEmpty() ? null : passwordFile, passwordFile.isEmpty()
                        ? "is required with keyStoreFile: the file whose first line is the keystore's password (or"
                        + " keyStorePassword as a reference such as $[secret:name])"
                        : "and keyStorePassword are both set: give one");
            }
            return new SigningKeySettings.KeyStore(keyStore, passwordFile.isEmpty() ? null : passwordFile,
                    password.isEmpty() ? null : password);
        }
        if (!signerUrl.isEmpty()) {
            URI url = httpUrl("signerUrl", signerUrl, "must be an http:// or https:// URL of the remote signer's"
                    + " JSON-RPC endpoint");
            if (!ADDRESS.matcher(signerAccount).matches()) {
                throw bad("signerAccount", signerAccount, "must be the 0x address (40 hex digits) the remote signer"
                        + " signs for");
            }
            return new SigningKeySettings.Remote(url, signerAccount);
        }
        if (!PRIVATE_KEY.matcher(key).matches()) {
            // never echo the key, not even a malformed one
            throw bad("privateKey", null, "must be 32 bytes as 64 hex digits (optionally 0x-prefixed); the value is not shown");
        }
        return new SigningKeySettings.PlainText(key);
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }

    int confirmations() {
        return policy.confirmations();
    }

    private static URI rpcUrl(String value) {
        return httpUrl("rpcUrl", value, "must be an http:// or https:// URL of the node's JSON-RPC endpoint");
    }

    private static URI httpUrl(String key, String value, String problem) {
        try {
            URI uri = new URI(value == null ? "" : value.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw bad(key, value, problem);
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw bad(key, value, "is not a URL: " + e.getMessage());
        }
    }

    private static IllegalArgumentException bad(String key, Object value, String problem) {
        String shown = value == null ? "" : " = '" + value + "'";
        return new IllegalArgumentException(LedgerConfig.PID + ": " + key + shown + " " + problem);
    }
}
