package io.lineledger.certificates.internal;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Writes text, rules and tables down A4 pages, starting a new page when one is full: just what a certificate needs.
 * One font for everything, Liberation Sans (it ships inside PDFBox), embedded as a subset: it covers the Latin, Greek
 * and Cyrillic letters a PLC may put in a batch id; anything else is written as '?'.
 */
final class PdfLayout implements AutoCloseable {

    static final float MARGIN = 40;
    static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float TOP = PDRectangle.A4.getHeight() - MARGIN;
    /** Room kept free at the bottom for the page footer. */
    private static final float BOTTOM = MARGIN + 24;
    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    static final Color INK = new Color(0x1b, 0x1f, 0x24);
    static final Color MUTED = new Color(0x57, 0x60, 0x6a);
    static final Color RULE = new Color(0xd0, 0xd7, 0xde);
    static final Color PASS = new Color(0x1a, 0x7f, 0x37);
    static final Color FAIL = new Color(0xcf, 0x22, 0x2e);
    static final Color WARN = new Color(0x9a, 0x67, 0x00);
    static final Color BLUE = new Color(0x05, 0x50, 0xae);

    private final PDDocument document;
    private final PDFont font;
    private final List<PDPage> pages = new ArrayList<>();
    /** Whether the font has a glyph for a code point: asked once per code point and document. */
    private final Map<Integer, Boolean> writable = new HashMap<>();
    private final Map<Integer, Float> glyphWidths = new HashMap<>();
    private PDPageContentStream out;
    private float y;

    PdfLayout(PDDocument document) throws IOException {
        this.document = document;
        this.font = PDType0Font.load(document, new ByteArrayInputStream(FontFile.BYTES), true);
        newPage();
    }

    /**
     * The font file, read once, with its glyph substitution table (GSUB) renamed so PDFBox ignores it: no ligatures,
     * so ids and figures are drawn, and extracted from the PDF, exactly as recorded (and PDFBox's GSUB path compiles
     * regular expressions for every text it writes).
     */
    private static final class FontFile {
        static final byte[] BYTES = withoutGlyphSubstitution(read());

        private static byte[] read() {
            try (InputStream ttf = PDDocument.class.getResourceAsStream(FONT)) {
                if (ttf == null) {
                    throw new IllegalStateException("PDFBox's font " + FONT + " is not on the class path");
                }
                return ttf.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read PDFBox's font " + FONT, e);
            }
        }

        /** Renames the table directory's GSUB entry (OpenType: 12-byte header, then 16-byte table records). */
        static byte[] withoutGlyphSubstitution(byte[] ttf) {
            byte[] copy = ttf.clone();
            int tables = (copy[4] & 0xff) << 8 | copy[5] & 0xff;
            for (int i = 0; i < tables; i++) {
                int at = 12 + 16 * i;
                if (copy[at] == 'G' && copy[at + 1] == 'S' && copy[at + 2] == 'U' && copy[at + 3] == 'B') {
                    copy[at] = 'x';
                }
            }
            return copy;
        }
    }

    /** The top of the writing area of a page (what the header lines up with). */
    static float top() {
        return TOP;
    }

    PDFont font() {
        return font;
    }

    PDPageContentStream out() {
        return out;
    }

    float y() {
        return y;
    }

    List<PDPage> pages() {
        return pages;
    }

    void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        pages.add(page);
        out = new PDPageContentStream(document, page);
        y = TOP;
    }

    /** Starts a new page unless {@code height} points are still free on this one. */
    void need(float height) throws IOException {
        if (y - height < BOTTOM) {
            newPage();
        }
    }

    void down(float height) {
        y -= height;
    }

    /** Text the font can write: unknown characters become '?', control characters a space. */
    String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                safe.append(' ');
            } else if (writable.computeIfAbsent(cp, this::hasGlyph)) {
                safe.appendCodePoint(cp);
            } else {
                safe.append('?');
            }
        });
        return safe.toString();
    }

    private boolean hasGlyph(int codePoint) {
        try {
            font.encode(new String(Character.toChars(codePoint)));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Width of printable text (PDFBox does not kern either: the sum of its glyphs' widths). */
    float width(String printable, float size) {
        float units = 0;
        for (int i = 0; i < printable.length(); ) {
            int cp = printable.codePointAt(i);
            units += glyphWidths.computeIfAbsent(cp, this::glyphWidth);
            i += Character.charCount(cp);
        }
        return units / 1000 * size;
    }

    private float glyphWidth(int codePoint) {
        try {
            return font.getStringWidth(new String(Character.toChars(codePoint)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one line at {@code x} on the current baseline, cut with '…' to {@code maxWidth}. */
    void text(float x, float baseline, String text, float size, Color colour, float maxWidth) throws IOException {
        String s = printable(text);
        if (width(s, size) > maxWidth) {
            // the longest prefix that fits with the ellipsis: widths grow with the prefix, so search
            int lo = 0;
            int hi = s.length();
            while (lo < hi) {
                int mid = (lo + hi + 1) / 2;
                if (width(s.substring(0, mid) + "\u2026", size) <= maxWidth) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            s = s.substring(0, lo) + "\u2026";
        }
        out.beginText();
        out.setFont(font, size);
        out.setNonStrokingColor(colour);
        out.newLineAtOffset(x, baseline);
        out.showText(s);
        out.endText();
    }

    /** Breaks text into lines of at most {@code maxWidth}, at spaces, or inside a word longer than a line. */
    List<String> wrap(String text, float size, float maxWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : printable(text).split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (width(candidate, size) <= maxWidth) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (width(rest, size) > maxWidth && rest.length() > 1) {
                int cut = rest.length() - 1;
                while (cut > 1 && width(rest.substring(0, cut), size) > maxWidth) {
                    cut--;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            line.append(rest);
        }
        if (!line.isEmpty() || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** A paragraph across the full width (or from {@code x}), wrapped, moving down. */
    void paragraph(String text, float size, Color colour) throws IOException {
        paragraph(MARGIN, WIDTH, text, size, colour);
    }

    void paragraph(float x, float maxWidth, String text, float size, Color colour) throws IOException {
        for (String line : wrap(text, size, maxWidth)) {
            need(size * 1.35f);
            down(size * 1.35f);
            text(x, y, line, size, colour, maxWidth);
        }
    }

    /** A group heading with a rule under it. */
    void heading(String text, float size) throws IOException {
        need(size * 2.6f + 30);
        down(size * 1.8f);
        text(MARGIN, y, text, size, INK, WIDTH);
        down(4);
        rule(MARGIN, y, MARGIN + WIDTH, RULE, 0.8f);
        down(2);
    }

    /** A label and its value (wrapped) in two columns. */
    void field(String label, String value, boolean missing) throws IOException {
        float size = 8.5f;
        float labelWidth = 150;
        List<String> lines = wrap(value, size, WIDTH - labelWidth);
        need(lines.size() * size * 1.35f + 2);
        down(size * 1.35f);
        text(MARGIN, y, label, size, MUTED, labelWidth - 6);
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                down(size * 1.35f);
            }
            text(MARGIN + labelWidth, y, lines.get(i), size, missing ? MUTED : INK, WIDTH - labelWidth);
        }
    }

    /** One table row: cells cut to their column; {@code right} columns are right-aligned (figures). */
    void row(float[] widths, boolean[] right, List<String> cells, float size, Color colour, boolean header)
            throws IOException {
        float height = size * 1.6f;
        // a header never ends a page alone
        need(header ? height * 2.2f : height);
        down(height);
        if (header) {
            out.setNonStrokingColor(new Color(0xf6, 0xf8, 0xfa));
            out.addRect(MARGIN, y - size * 0.45f, WIDTH, height);
            out.fill();
        }
        float x = MARGIN;
        for (int i = 0; i < widths.length && i < cells.size(); i++) {
            String cell = cells.get(i) == null ? "" : cells.get(i);
            float cellWidth = widths[i] - 4;
            if (right[i]) {
                float w = Math.min(width(printable(cell), size), cellWidth);
                text(x + widths[i] - 2 - w, y, cell, size, colour, cellWidth);
            } else {
                text(x + 2, y, cell, size, colour, cellWidth);
            }
            x += widths[i];
        }
        rule(MARGIN, y - size * 0.45f, MARGIN + WIDTH, RULE, 0.4f);
    }

    void rule(float x1, float atY, float x2, Color colour, float lineWidth) throws IOException {
        out.setStrokingColor(colour);
        out.setLineWidth(lineWidth);
        out.moveTo(x1, atY);
        out.lineTo(x2, atY);
        out.stroke();
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
