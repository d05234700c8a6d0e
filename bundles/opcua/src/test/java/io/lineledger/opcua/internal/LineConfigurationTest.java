package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineConfigurationTest {

    private static final String PID = "io.lineledger.line~line1";
    private static final LineDefaults DEFAULTS = new LineDefaults(0, 100, 2000, 5000, 1000, 10_000);

    @TempDir
    Path etc;

    private static Map<String, Object> line(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "lineId", "line-1",
                "endpointUrl", "opc.tcp://127.0.0.1:4840/lineledger",
                "tag.batchId", "nsu=urn:lineledger:plc-sim;s=Line1.BatchId"));
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                properties.remove((String) keyValues[i]);
            } else {
                properties.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return properties;
    }

    private SubscriberSettings parse(Map<String, Object> properties) {
        return LineConfiguration.parse(PID, properties, DEFAULTS, etc, lineId -> etc.resolve("pki-" + lineId));
    }

    private String error(Map<String, Object> properties) {
        return assertThrows(IllegalArgumentException.class, () -> parse(properties)).getMessage();
    }

    @Test
    void aLineTakesTheSharedDefaultsUnlessItSetsItsOwn() {
        SubscriberSettings settings = parse(line("publishingIntervalMs", "50", "queueSize", "20"));
        assertEquals("line-1", settings.lineId());
        assertEquals(PID, settings.configuration());
        assertEquals(50.0, settings.publishingIntervalMs());
        assertEquals(20, settings.queueSize());
        assertEquals(2000.0, settings.keepAliveMs(), "from the defaults");
        assertEquals(etc.resolve("pki-line-1"), settings.pkiDir());
        assertEquals(ClientSecurity.NONE, settings.security());
    }

    @Test
    void missingEndpointUrlNamesThePidAndTheKey() {
        assertEquals(PID + ": endpointUrl is missing", error(line("endpointUrl", null)));
    }

    @Test
    void badEndpointUrlNamesThePidKeyAndValue() {
        assertEquals(PID + ": endpointUrl = http://plc:4840: must be opc.tcp://host:port/path",
                error(line("endpointUrl", "http://plc:4840")));
    }

    @Test
    void badLineIdAndMissingLineIdAreRefused() {
        assertEquals(PID + ": lineId = line 1: must be letters, digits, '_', '.' or '-'", error(line("lineId", "line 1")));
        assertEquals(PID + ": lineId is missing", error(line("lineId", null)));
    }

    @Test
    void tagErrorsNameThePidKeyAndValue() {
        assertTrue(error(line("tag.weight", "nsu=urn:x;s=W", "tag.weight.type", "Real"))
                .startsWith(PID + ": tag.weight.type = Real: unknown type"));
        assertEquals(PID + ": tag.weight.scale = x: not a finite number, e.g. 0.1",
                error(line("tag.weight", "nsu=urn:x;s=W", "tag.weight.scale", "x")));
        assertTrue(error(line("tag.weight", "nsu=urn:x;s=W", "tag.weight.path", "Line1/W"))
                .startsWith(PID + ": tag.weight.path = Line1/W: tag 'weight' also has a node id"));
    }

    @Test
    void badSubscriptionSettingsAreRefused() {
        assertEquals(PID + ": keepAliveMs = 2000.0: must be >= publishingIntervalMs (5000.0)",
                error(line("publishingIntervalMs", "5000")));
        assertEquals(PID + ": samplingIntervalMs = fast: not a number", error(line("samplingIntervalMs", "fast")));
        assertEquals(PID + ": queueSize = 1.5: must be a whole number", error(line("queueSize", "1.5")));
    }

    @Test
    void securityPolicyModeAndUserAreRead() throws Exception {
        Files.writeString(etc.resolve("line1.password"), "s3cret\n", StandardCharsets.UTF_8);
        SubscriberSettings settings = parse(line("securityPolicy", "Basic256Sha256", "securityMode", "SignAndEncrypt",
                "userName", "operator", "passwordFile", "line1.password"));
        ClientSecurity security = settings.security();
        assertEquals(SecurityPolicy.Basic256Sha256, security.policy());
        assertEquals(MessageSecurityMode.SignAndEncrypt, security.mode());
        assertEquals(etc.resolve("line1.password"), security.passwordFile(), "relative to Karaf's etc/");
        assertEquals("s3cret", new String(security.readPassword(), StandardCharsets.UTF_8), "without the line break");
        assertEquals("Basic256Sha256 SignAndEncrypt, user operator", security.toString());
        assertTrue(!settings.toString().contains("s3cret"));

        SubscriberSettings inline = parse(line("securityPolicy", "Basic256Sha256", "securityMode", "Sign",
                "userName", "operator", "password", "hunter2"));
        assertNull(inline.security().passwordFile());
        assertTrue(!inline.toString().contains("hunter2"), "the password is never in a message");
    }

    @Test
    void inconsistentSecurityIsRefused() {
        assertEquals(PID + ": securityPolicy = Basic128Rsa15: must be None or Basic256Sha256",
                error(line("securityPolicy", "Basic128Rsa15")));
        assertEquals(PID + ": securityMode is missing: with securityPolicy = Basic256Sha256 it must be Sign or "
                + "SignAndEncrypt", error(line("securityPolicy", "Basic256Sha256")));
        assertEquals(PID + ": securityMode = Sign: must be None with securityPolicy None", error(line("securityMode", "Sign")));
        assertEquals(PID + ": userName = operator: needs a passwordFile (or password)", error(line("userName", "operator")));
        assertEquals(PID + ": passwordFile = p.txt: given without a userName", error(line("passwordFile", "p.txt")));
    }
}
