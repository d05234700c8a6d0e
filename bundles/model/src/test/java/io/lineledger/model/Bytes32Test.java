package io.lineledger.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Bytes32Test {

    private static final String HEX = "0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @Test
    void hexRoundTripsToLowerCaseWithPrefix() {
        assertEquals(HEX, Bytes32.fromHex(HEX).hex());
        assertEquals(HEX, Bytes32.fromHex(HEX.substring(2)).hex());
        assertEquals(HEX, Bytes32.fromHex(HEX.toUpperCase().replace("0X", "0x")).hex());
        assertEquals(HEX, Bytes32.fromHex("0X" + HEX.substring(2)).toString());
    }

    @Test
    void bytesRoundTripAndAreCopiedOnTheWayInAndOut() {
        byte[] raw = new byte[32];
        raw[31] = 7;
        Bytes32 value = Bytes32.of(raw);
        raw[31] = 8;
        assertEquals(7, value.bytes()[31]);
        value.bytes()[31] = 9;
        assertEquals(7, value.bytes()[31]);
        assertArrayEquals(Bytes32.fromHex(value.hex()).bytes(), value.bytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x1234", "", "0x", "0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00"})
    void wrongLengthIsRejectedNamingTheValue(String hex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bytes32.fromHex(hex));
        assertTrue(e.getMessage().contains("'" + hex + "'"), e.getMessage());
    }

    @Test
    void nonHexDigitsAreRejectedNamingTheValue() {
        String bad = "0xzz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bytes32.fromHex(bad));
        assertTrue(e.getMessage().contains(bad), e.getMessage());
    }

    @Test
    void nullAndWrongSizedArraysAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Bytes32.fromHex(null));
        assertThrows(IllegalArgumentException.class, () -> Bytes32.of(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bytes32.of(new byte[31]));
        assertTrue(e.getMessage().contains("31"), e.getMessage());
    }

    @Test
    void orderIsUnsignedSoHighBitBytesSortAfterLowOnes() {
        Bytes32 low = Bytes32.fromHex("0x7f" + "ff".repeat(31));
        Bytes32 high = Bytes32.fromHex("0x80" + "00".repeat(31));
        assertTrue(low.compareTo(high) < 0, "0x7f… must sort before 0x80… (a signed compare says otherwise)");
        assertTrue(Bytes32.ZERO.compareTo(low) < 0);
        Bytes32 max = Bytes32.fromHex("0x" + "ff".repeat(32));
        List<Bytes32> values = new ArrayList<>(List.of(max, high, Bytes32.ZERO, low));
        values.sort(null);
        assertEquals(List.of(Bytes32.ZERO, low, high, max), values);
    }

    @Test
    void equalValuesAreEqualAndHashAlike() {
        Bytes32 a = Bytes32.fromHex(HEX);
        Bytes32 b = Bytes32.fromHex(HEX.toUpperCase().replace("0X", "0x"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(0, a.compareTo(b));
        assertNotEquals(a, Bytes32.ZERO);
    }
}
