package io.lineledger.verifier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void everyC0AndC1ControlCharacterAndDelIsEscaped() {
        for (int c = 0; c < 0xa0; c++) {
            if (c >= 0x20 && c < 0x7f) {
                continue;
            }
            String escaped = TerminalText.escape("a" + (char) c + "b");
            assertEquals(true, escaped.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f),
                    "U+" + Integer.toHexString(c) + " became " + escaped);
        }
        assertEquals("x\\u001b[2J\\u001b[32mVALID", TerminalText.escape("x\u001b[2J\u001b[32mVALID"));
        assertEquals("CSI \\u009b OSC \\u009d DEL \\u007f", TerminalText.escape("CSI \u009b OSC \u009d DEL \u007f"));
        assertEquals("one\\ntwo\\r\\tthree", TerminalText.escape("one\ntwo\r\tthree"));
    }

    @Test
    void bidiOverridesZeroWidthMarksSeparatorsAndLoneSurrogatesAreEscaped() {
        assertEquals("PASS\\u202eLIAF", TerminalText.escape("PASS\u202eLIAF"));
        assertEquals("a\\u200bb\\u2066c\\u2028d\\u2029e", TerminalText.escape("a\u200bb\u2066c\u2028d\u2029e"));
        assertEquals("lone \\ud800 surrogate", TerminalText.escape("lone \ud800 surrogate"));
    }

    @Test
    void printableTextOfAnyScriptIsLeftAsItIs() {
        String text = "Füllgewicht 500.2 µm, 検査 OK ✓ 😀 line-1 'x' \\ \"q\"";
        assertSame(text, TerminalText.escape(text));
    }
}
