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
        assertEquals(List.of("batchId", "checkweigher.fillWeight", "legacy"), List.copyOf(map.tags().keySet()));
        assertEquals("urn:lineledger:plc-sim", map.tags().get("batchId").node().getNamespaceUri());
        assertEquals("Line1.BatchId", map.tags().get("batchId").node().getIdentifier());
        assertEquals(2, map.tags().get("legacy").node().getNamespaceIndex().intValue());
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

    @Test
    void attributesAfterTheTagNameGiveNodePathTypeAndScaling() {
        TagMap map = TagMap.fromProperties(Map.of(
                "tag.checkweigher.fillWeight.path", "Line2/Checkweigher/FillWeight",
                "tag.checkweigher.fillWeight.type", "Double",
                "tag.raw.node", "nsu=urn:x;s=Raw",
                "tag.raw.type", "Int32",
                "tag.raw.scale", "0.1",
                "tag.raw.offset", "-5",
                "tag.pinned.path", "Objects/2:Line1/2:BatchId"));
        TagSpec weight = map.tags().get("checkweigher.fillWeight");
        assertEquals(List.of(new TagSpec.Segment(null, "Line2"), new TagSpec.Segment(null, "Checkweigher"),
                new TagSpec.Segment(null, "FillWeight")), weight.path());
        assertEquals(TagType.Double, weight.type());
        assertEquals(null, weight.node());
        TagSpec raw = map.tags().get("raw");
        assertEquals("Raw", raw.node().getIdentifier());
        assertEquals(TagType.Int32, raw.type());
        assertEquals(0.1, raw.scale());
        assertEquals(-5.0, raw.offset());
        assertEquals(List.of(new TagSpec.Segment(2, "Line1"), new TagSpec.Segment(2, "BatchId")),
                map.tags().get("pinned").path(), "Objects/ may start the path; <ns>: pins a segment");
    }

    @Test
    void unknownTypeIsRejectedNamingKeyValueAndTheTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TagMap.fromProperties(Map.of(
                "tag.weight", "nsu=urn:x;s=W", "tag.weight.type", "Real")));
        assertTrue(e.getMessage().startsWith("tag.weight.type = Real: unknown type; expected one of Boolean, Int16"),
                e.getMessage());
    }

    @Test
    void badScaleIsRejectedNamingKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TagMap.fromProperties(Map.of(
                "tag.weight", "nsu=urn:x;s=W", "tag.weight.scale", "ten")));
        assertEquals("tag.weight.scale = ten: not a finite number, e.g. 0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TagMap.fromProperties(Map.of(
                "tag.weight", "nsu=urn:x;s=W", "tag.weight.scale", "0")));
        assertTrue(e.getMessage().startsWith("tag.weight.scale = 0:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TagMap.fromProperties(Map.of(
                "tag.state", "nsu=urn:x;s=S", "tag.state.type", "String", "tag.state.offset", "1")));
        assertTrue(e.getMessage().contains("only numeric tags can be scaled"), e.getMessage());
    }

    @Test
    void aTagWithBothNodeAndPathIsRejectedNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TagMap.fromProperties(Map.of(
                "tag.weight", "nsu=urn:x;s=W", "tag.weight.path", "Line1/W")));
        assertEquals("tag.weight.path = Line1/W: tag 'weight' also has a node id (tag.weight = nsu=urn:x;s=W); "
                + "give either a node id or a browse path", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TagMap.fromProperties(Map.of(
                "tag.weight", "nsu=urn:x;s=W", "tag.weight.node", "nsu=urn:x;s=V")));
        assertTrue(e.getMessage().contains("already has its node in"), e.getMessage());
    }

    @Test
    void aTagWithATypeButNoNodeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TagMap.fromProperties(Map.of(
                "tag.a", "nsu=urn:x;s=A", "tag.weight.type", "Double")));
        assertTrue(e.getMessage().startsWith("tag.weight.type = Double: tag 'weight' has no node"), e.getMessage());
    }

    @Test
    void emptyPathSegmentIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TagMap.fromProperties(Map.of(
                "tag.weight.path", "Line1//W")));
        assertTrue(e.getMessage().startsWith("tag.weight.path = Line1//W: empty segment"), e.getMessage());
    }
}
