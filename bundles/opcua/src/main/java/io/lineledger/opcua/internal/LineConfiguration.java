package io.lineledger.opcua.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * Reads the source part of one line's configuration (factory PID {@value #FACTORY_PID}, see
 * docs/plant-configuration.md): identity, endpoint, security, subscription settings and tags. Keys of the rules
 * (batch.*, counter.*, characteristic.*, …) are left to them. Every error names the configuration, the key and the
 * value.
 */
final class LineConfiguration {

    static final String FACTORY_PID = "io.lineledger.line";
    private static final Pattern LINE_ID = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private LineConfiguration() {
    }

    /**
     * @param configuration names the configuration in messages, e.g. {@code io.lineledger.line~line1}
     * @param properties    the configuration's properties
     * @param defaults      subscription settings of lines that do not set their own
     * @param etcDir        where a relative passwordFile is found (Karaf's etc/)
     * @param pkiDirOfLine  the PKI directory of a line id
     * @throws IllegalArgumentException {@code <configuration>: <key> = <value>: <reason>}
     */
    static SubscriberSettings parse(String configuration, Map<String, ?> properties, LineDefaults defaults,
                                    Path etcDir, Function<String, Path> pkiDirOfLine) {
        try {
            String lineId = required(properties, "lineId");
            if (!LINE_ID.matcher(lineId).matches()) {
                throw new IllegalArgumentException("lineId = " + lineId + ": must be letters, digits, '_', '.' or '-'");
            }
            String endpointUrl = required(properties, "endpointUrl");
            if (!endpointUrl.matches("opc\\.tcp://[^/:]+(:\\d+)?(/.*)?")) {
                throw new IllegalArgumentException("endpointUrl = " + endpointUrl
                        + ": must be opc.tcp://host:port/path");
            }
            ClientSecurity security = security(properties, etcDir);
            long maxDelayMs = number(properties, "maxReconnectDelayMs", defaults.maxReconnectDelayMs());
            if (maxDelayMs < 100) {
                throw new IllegalArgumentException("maxReconnectDelayMs = " + maxDelayMs + ": must be >= 100");
            }
            double queueSize = decimal(properties, "queueSize", defaults.queueSize());
            if (queueSize != Math.rint(queueSize) || queueSize > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("queueSize = " + properties.get("queueSize") + ": must be a whole number");
            }
            long ingestQueueCapacity = number(properties, "ingestQueueCapacity", defaults.ingestQueueCapacity());
            if (ingestQueueCapacity < 1 || ingestQueueCapacity > 10_000_000) {
                throw new IllegalArgumentException("ingestQueueCapacity = " + ingestQueueCapacity
                        + ": must be 1 to 10000000");
            }
            TagMap tags = TagMap.fromProperties(properties);
            Duration maxDelay = Duration.ofMillis(maxDelayMs);
            return new SubscriberSettings(endpointUrl, lineId, tags,
                    decimal(properties, "samplingIntervalMs", defaults.samplingIntervalMs()),
                    decimal(properties, "publishingIntervalMs", defaults.publishingIntervalMs()),
                    decimal(properties, "keepAliveMs", defaults.keepAliveMs()),
                    number(properties, "requestTimeoutMs", defaults.requestTimeoutMs()),
                    (int) queueSize, pkiDirOfLine.apply(lineId),
                    Duration.ofMillis(Math.min(500, maxDelayMs)), maxDelay, configuration, security,
                    (int) ingestQueueCapacity);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configuration + ": " + e.getMessage(), e);
        }
    }

    private static ClientSecurity security(Map<String, ?> properties, Path etcDir) {
        String policyName = optional(properties, "securityPolicy", "None");
        SecurityPolicy policy = switch (policyName) {
            case "None" -> SecurityPolicy.None;
            case "Basic256Sha256" -> SecurityPolicy.Basic256Sha256;
            default -> throw new IllegalArgumentException("securityPolicy = " + policyName
                    + ": must be None or Basic256Sha256");
        };
        String modeName = optional(properties, "securityMode", policy == SecurityPolicy.None ? "None" : null);
        if (modeName == null) {
            throw new IllegalArgumentException("securityMode is missing: with securityPolicy = Basic256Sha256 it must be "
                    + "Sign or SignAndEncrypt");
        }
        MessageSecurityMode mode = switch (modeName) {
            case "None" -> MessageSecurityMode.None;
            case "Sign" -> MessageSecurityMode.Sign;
            case "SignAndEncrypt" -> MessageSecurityMode.SignAndEncrypt;
            default -> throw new IllegalArgumentException("securityMode = " + modeName
                    + ": must be None, Sign or SignAndEncrypt");
        };
        if ((policy == SecurityPolicy.None) != (mode == MessageSecurityMode.None)) {
            throw new IllegalArgumentException("securityMode = " + modeName + ": " + (policy == SecurityPolicy.None
                    ? "must be None with securityPolicy None" : "must be Sign or SignAndEncrypt with securityPolicy "
                    + policyName));
        }
        String userName = optional(properties, "userName", null);
        String passwordFile = optional(properties, "passwordFile", null);
        Object password = properties.get("password");
        if (userName == null) {
            if (passwordFile != null || password != null) {
                throw new IllegalArgumentException((passwordFile != null ? "passwordFile = " + passwordFile
                        : "password") + ": given without a userName");
            }
            return ClientSecurity.anonymous(policy, mode);
        }
        if (passwordFile != null && password != null) {
            throw new IllegalArgumentException("passwordFile = " + passwordFile + ": give either passwordFile or "
                    + "password, not both");
        }
        if (passwordFile == null && password == null) {
            throw new IllegalArgumentException("userName = " + userName + ": needs a passwordFile (or password)");
        }
        Path file = passwordFile == null ? null : etcDir.resolve(passwordFile); // an absolute path stays as it is
        String secret = password == null ? null : password instanceof char[] chars ? new String(chars)
                : password.toString();
        return new ClientSecurity(policy, mode, userName, file, secret);
    }

    private static String required(Map<String, ?> properties, String key) {
        String value = optional(properties, key, null);
        if (value == null) {
            throw new IllegalArgumentException(key + " is missing");
        }
        return value;
    }

    private static String optional(Map<String, ?> properties, String key, String fallback) {
        Object value = properties.get(key);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        return value.toString().trim();
    }

    private static double decimal(Map<String, ?> properties, String key, double fallback) {
        String value = optional(properties, key, null);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " = " + value + ": not a number");
    }

    private static long number(Map<String, ?> properties, String key, long fallback) {
        double value = decimal(properties, key, fallback);
        if (value != Math.rint(value)) {
            throw new IllegalArgumentException(key + " = " + properties.get(key) + ": must be a whole number");
        }
        return (long) value;
    }
}
