package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagMapTest {

    @Test
    void readsEveryTagPropertyAndIgnoresTheRest() {
        TagMap map = TagMap.fromProperties(Map.of(
                "endpointUrl", "opc.tcp://127.0.0.1:4840/lineledger",
                "tag.batchId", "nsu=urn:lineledger:plc-sim;s=Line1.BatchId",
                "tag.checkweigher.fillWeight", "nsu=urn:lineledger:plc-sim;s=Line1.Checkweigher.FillWeight",
                "tag.legacy", "ns=2;i=1001"));
        assertEquals(List.of("batchId", "checkweigher.fillWeight", "legacy"), List.copyOf(map.nodesByTag().keySet()));
        assertEquals("urn:lineledger:plc-sim", map.nodesByTag().get("batchId").getNamespaceUri());
        assertEquals("Line1.BatchId", map.nodesByTag().get("batchId").getIdentifier());
        assertEquals(2, map.nodesByTag().get("legacy").getNamespaceIndex().intValue());
    }

    @Test
    void badNodeIdIsRejectedNamingKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TagMap.fromProperties(Map.of("tag.batchId", "Line1.BatchId")));
        assertTrue(e.getMessage().contains("tag.batchId"), e.getMessage());
        assertTrue(e.getMessage().contains("Line1.BatchId"), e.getMessage());
    }

    @Test
    void garbledNodeIdSyntaxIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TagMap.fromProperties(Map.of("tag.count", "ns=x;i=abc")));
        assertTrue(e.getMessage().startsWith("tag.count = ns=x;i=abc"), e.getMessage());
    }

    @Test
    void emptyNodeIdIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TagMap.fromProperties(Map.of("tag.product", " ")));
        assertTrue(e.getMessage().contains("tag.product is empty"), e.getMessage());
    }

    @Test
    void emptyTagNameIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TagMap.fromProperties(Map.of("tag.", "nsu=urn:x;s=A")));
        assertTrue(e.getMessage().contains("tag name"), e.getMessage());
    }

    @Test
    void mapWithoutTagsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TagMap.fromProperties(Map.of("endpointUrl", "opc.tcp://h:1/x")));
        assertTrue(e.getMessage().contains("no tags configured"), e.getMessage());
    }
}
