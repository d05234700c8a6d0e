package io.lineledger.certificates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesTheCharactersThatEndTextOrAQuotedAttribute() {
        assertEquals("&lt;b a=&quot;1&quot; c=&#39;2&#39;&gt;&amp;amp;", Html.escape("<b a=\"1\" c='2'>&amp;"));
        assertEquals("", Html.escape(null));
        assertEquals("LOT-20250304-1", Html.escape("LOT-20250304-1"));
    }

    @Test
    void pathSegmentKeepsOnlyUnreservedCharacters() {
        assertEquals("LOT-1_a.b~c", Html.pathSegment("LOT-1_a.b~c"));
        assertEquals("a%2Fb%20c%3F%23%25%2B%22%3C", Html.pathSegment("a/b c?#%+\"<"));
        assertEquals("%C3%A4", Html.pathSegment("\u00e4"));
    }

    @Test
    void decodingASegmentUndoesEncodingItAndKeepsPlus() {
        String hostile = "LOT/1 <x> \"q\" 'a' & + % \u00e4 \ud83d\ude00";
        assertEquals(hostile, Html.decodeSegment(Html.pathSegment(hostile)));
        assertEquals("a+b", Html.decodeSegment("a+b"));
    }

    @Test
    void malformedPercentEscapeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Html.decodeSegment("LOT%2"));
        assertThrows(IllegalArgumentException.class, () -> Html.decodeSegment("LOT%zz1"));
    }

    @Test
    void shortHexKeepsTheStartAndTheEnd() {
        assertEquals("0x12345678\u2026cdef", Html.shortHex("0x12345678" + "0".repeat(52) + "cdef"));
    }
}
