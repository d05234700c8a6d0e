package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.PdfLayout.MARGIN;
import static io.lineledger.certificates.internal.PdfLayout.WIDTH;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.BatchCertificate.AlarmRow;
import io.lineledger.certificates.BatchCertificate.CharacteristicRow;
import io.lineledger.certificates.BatchCertificate.GapRow;
import io.lineledger.certificates.BatchCertificate.LineAnchoring;
import io.lineledger.certificates.BatchCertificate.QualityRow;
import io.lineledger.certificates.BatchCertificate.RecordRow;
import io.lineledger.certificates.SampleStatistics;
import io.lineledger.model.Anchor;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;

/**
 * The batch certificate as a PDF (PDFBox): the same field groups and figures as the page, a run chart per
 * characteristic, and a QR code carrying the verification link and the batch's last anchored root.
 *
 * <p>Deterministic: the same certificate and link give the same bytes. The document id is a hash of the content's
 * identity (certificate number, last record, seal, link), its date is that of the batch's last record, never the
 * clock, and nothing random is written (the embedded font's subset tag is derived from the glyphs used).
 */
final class CertificatePdf {

    /** Annex tables stop after this many rows and point to the page: a PDF of 100,000 records helps nobody. */
    static final int ANNEX_ROWS = 500;

    private static final float[] CHARACTERISTIC_COLUMNS = {86, 26, 36, 36, 36, 28, 38, 38, 42, 40, 28, 28, 53};
    private static final boolean[] CHARACTERISTIC_RIGHT =
        {false, false, true, true, true, true, true, true, true, true, true, true, false};

    private final String title;

    /** @param title the plant, as on the pages */
    CertificatePdf(String title) {
        this.title = title;
    }

    /**
     * @param verificationUrl the certificate's absolute URL, for the QR code and the text under it
     */
    byte[] render(BatchCertificate c, String verificationUrl) {
        String qrText = qrText(c, verificationUrl);
        try (PDDocument document = new PDDocument()) {
            describe(document, c, qrText);
            try (PdfLayout page = new PdfLayout(document)) {
                header(page, c, qrText, verificationUrl);
                groupA(page, c);
                groupB(page, c);
                groupC(page, c);
                groupZ(page, c);
                annexes(page, c);
                page.close();
                footers(document, page, c);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
            document.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PDF of batch " + c.batchId(), e);
        }
    }

    /**
     * The QR code's text: the link, with a root as a fragment (the page ignores it, people compare it): the batch root
     * of the seal once the chain confirmed it, else the last anchored root.
     */
    static String qrText(BatchCertificate c, String verificationUrl) {
        if (c.chain().seal() != null) {
            return verificationUrl + "#batch-root=" + c.chain().seal().batchRoot();
        }
        return c.lastAnchor().map(a -> verificationUrl + "#root=" + a.root().hex()).orElse(verificationUrl);
    }

    private void describe(PDDocument document, BatchCertificate c, String qrText) {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle("Inspection certificate 3.1 " + c.certificateNumber());
        info.setSubject("Batch " + c.batchId() + " of line " + String.join(", ", c.lineIds()));
        info.setAuthor(title);
        info.setCreator("LineLedger");
        info.setProducer("LineLedger with Apache PDFBox");
        Calendar date = calendar(c.lastRecordedAt());
        info.setCreationDate(date);
        info.setModificationDate(date);
        // the trailer id: the same certificate in the same state gives the same id (and the same bytes)
        byte[] id = sha256(c.certificateNumber() + "\n" + c.records().size() + "\n" + c.anchoredCount() + "\n"
                + c.sealText() + "\n" + c.verdictText() + "\n" + c.releaseText() + "\n" + qrText);
        COSArray ids = new COSArray();
        ids.add(new COSString(Arrays.copyOf(id, 16)));
        ids.add(new COSString(Arrays.copyOf(id, 16)));
        document.getDocument().getTrailer().setItem(COSName.ID, ids);
    }

    private static Calendar calendar(Instant instant) {
        GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
        calendar.setTimeInMillis(instant.toEpochMilli());
        return calendar;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private void header(PdfLayout p, BatchCertificate c, String qrText, String verificationUrl) throws IOException {
        float qrSide = 92;
        float textWidth = WIDTH - qrSide - 16;
        p.down(9);
        p.text(MARGIN, p.y(), title.toUpperCase(Locale.ROOT), 8, PdfLayout.MUTED, textWidth);
        p.down(22);
        p.text(MARGIN, p.y(), "Batch certificate", 20, PdfLayout.INK, textWidth);
        p.down(14);
        p.text(MARGIN, p.y(), CertificateText.DOCUMENT_TYPE, 8.5f, PdfLayout.MUTED, textWidth);
        p.down(16);
        p.text(MARGIN, p.y(), "Batch " + c.batchId(), 12, PdfLayout.INK, textWidth);
        p.down(14);
        p.text(MARGIN, p.y(), "Certificate " + c.certificateNumber(), 8.5f, PdfLayout.INK, textWidth);
        p.down(12);
        Color colour = verdictColour(c.verdictText());
        p.text(MARGIN, p.y(), "Verdict: " + c.verdictText() + "    Seal: " + c.sealText(), 10, colour, textWidth);
        qr(p, qrText, MARGIN + WIDTH - qrSide, PdfLayout.top() - qrSide, qrSide);
        p.down(11);
        p.text(MARGIN, p.y(), "Release: " + c.releaseText(), 8.5f, "invalid".equals(c.releaseState())
                ? PdfLayout.FAIL : PdfLayout.INK, textWidth);
        p.down(12);
        p.paragraph(MARGIN, textWidth, "Verify: " + verificationUrl, 7, PdfLayout.BLUE);
        p.paragraph(MARGIN, textWidth, c.lastAnchor().map(a -> "Last anchored root: " + a.root().hex())
                .orElse("Last anchored root: none yet (pending)"), 7, PdfLayout.MUTED);
        float qrBottom = PdfLayout.top() - qrSide - 10;
        if (p.y() > qrBottom) {
            p.down(p.y() - qrBottom);
        }
    }

    /** The QR code as filled squares, one run of dark modules per rectangle, on a white quiet zone. */
    private static void qr(PdfLayout p, String text, float x, float y, float side) throws IOException {
        QrCode code = QrCode.of(text);
        int size = code.size();
        float quiet = 4;
        float module = side / (size + 2 * quiet);
        PDPageContentStream out = p.out();
        out.setNonStrokingColor(Color.WHITE);
        out.addRect(x, y, side, side);
        out.fill();
        out.setNonStrokingColor(Color.BLACK);
        for (int row = 0; row < size; row++) {
            int col = 0;
            while (col < size) {
                if (!code.dark(col, row)) {
                    col++;
                    continue;
                }
                int start = col;
                while (col < size && code.dark(col, row)) {
                    col++;
                }
                out.addRect(x + (quiet + start) * module, y + side - (quiet + row + 1) * module,
                        (col - start) * module, module);
            }
        }
        out.fill();
    }

    private void groupA(PdfLayout p, BatchCertificate c) throws IOException {
        p.heading("A \u2014 Commercial transaction", 12);
        for (CertificateText.Field f : CertificateText.groupA(c, title)) {
            p.field(f.label(), f.value(), f.missing());
        }
    }

    private static void groupB(PdfLayout p, BatchCertificate c) throws IOException {
        p.heading("B \u2014 Product and batch", 12);
        p.field("Batch", c.batchId(), false);
        p.field(c.lineIds().size() == 1 ? "Line" : "Lines", String.join(", ", c.lineIds()), false);
        p.field("Product", c.product() == null ? "not stated" : c.product(), c.product() == null);
        if (c.recipe() != null) {
            p.field("Recipe", c.recipe(), false);
        }
        p.field("Started", Html.time(c.startedAt()), false);
        p.field("Completed", c.completed() ? Html.time(c.completedAt()) + (c.interrupted() ? " (interrupted)" : "")
                : BatchCertificate.IN_PROGRESS, !c.completed());
        if (c.parts() != null) {
            p.field("Parts", CertificateText.parts(c), false);
        }
        if (!c.plcCounts().isEmpty()) {
            p.field("PLC counters", CertificateText.plcCounts(c), false);
        }
    }

    private static void groupC(PdfLayout p, BatchCertificate c) throws IOException {
        p.heading("C \u2014 Inspection results", 12);
        if (c.characteristics().isEmpty()) {
            p.paragraph("No characteristic was measured.", 8.5f, PdfLayout.MUTED);
        } else {
            p.row(CHARACTERISTIC_COLUMNS, CHARACTERISTIC_RIGHT, List.of("Characteristic", "Unit", "Nominal", "LSL",
                    "USL", "n", "Min", "Max", "Mean", "Std dev", "Cp", "Cpk", "Verdict"), 7, PdfLayout.MUTED, true);
            for (CharacteristicRow ch : c.characteristics()) {
                characteristic(p, ch);
            }
        }
        p.heading("Alarms during the batch", 10);
        if (c.alarms().isEmpty()) {
            p.paragraph("No alarm record during this batch.", 8.5f, PdfLayout.INK);
        } else {
            float[] w = {110, 130, 60, 60, 155};
            boolean[] r = {false, false, false, false, false};
            p.row(w, r, List.of("Time", "Alarm", "State", "Value", "Record"), 7, PdfLayout.MUTED, true);
            for (AlarmRow a : c.alarms()) {
                p.row(w, r, List.of(Html.time(a.time()), String.valueOf(a.alarm()), String.valueOf(a.state()),
                        String.valueOf(a.value()), a.lineId() + " #" + a.seq()), 7.5f,
                        a.raised() ? PdfLayout.WARN : PdfLayout.INK, false);
            }
        }
        p.heading("Observation gaps", 10);
        if (c.gaps().isEmpty()) {
            p.paragraph("No gap record touches this batch: the line was observed "
                    + (c.completed() ? "throughout." : "throughout so far."), 8.5f, PdfLayout.INK);
        } else {
            p.paragraph(c.gaps().size() + " gap record" + (c.gaps().size() == 1 ? "" : "s") + " touch"
                    + (c.gaps().size() == 1 ? "es" : "") + " this batch: what the line produced then is not in the "
                    + "records.", 8.5f, PdfLayout.WARN);
            float[] w = {95, 95, 55, 180, 90};
            boolean[] r = {false, false, true, false, false};
            p.row(w, r, List.of("From", "To", "Duration", "Cause", "Gap record"), 7, PdfLayout.MUTED, true);
            for (GapRow g : c.gaps()) {
                p.row(w, r, List.of(Html.time(g.gap().from()), Html.time(g.gap().to()), g.durationText(),
                        g.causeText(), g.gap().lineId() + " #" + g.seq()), 7.5f, PdfLayout.INK, false);
            }
        }
    }

    private static void characteristic(PdfLayout p, CharacteristicRow ch) throws IOException {
        SampleStatistics st = ch.statistics();
        int decimals = Figures.decimals(ch);
        List<String> notes = new ArrayList<>(ch.notes());
        if (!ch.recorded() && st.n() > 0) {
            notes.add("statistics computed from the quality records");
        }
        float chartWidth = 200;
        float chartHeight = 34;
        p.need(7 * 1.6f + chartHeight + 10);
        p.row(CHARACTERISTIC_COLUMNS, CHARACTERISTIC_RIGHT, List.of(ch.name(), nz(ch.unit()),
                Figures.value(ch.nominal()), Figures.value(ch.lsl()), Figures.value(ch.usl()), Long.toString(st.n()),
                Figures.value(st.min()), Figures.value(st.max()), Figures.statistic(st.mean(), decimals),
                Figures.statistic(st.stdDev(), decimals), Figures.index(st.cp()), Figures.index(st.cpk()),
                ch.verdict()), 7.5f, verdictColour(ch.verdict()), false);
        float top = p.y() - 6;
        chart(p, ValueChart.of(ch, chartWidth, chartHeight), MARGIN + 2, top - chartHeight);
        float notesX = MARGIN + chartWidth + 12;
        float noteY = top;
        String where = ch.station() == null ? "" : "Station " + ch.station() + ". ";
        List<String> lines = new ArrayList<>();
        lines.addAll(p.wrap(where + (st.n() == 0 ? "No values." : st.n() + " values against "
                + limitsText(ch) + "."), 7, WIDTH - chartWidth - 14));
        for (String note : notes) {
            lines.addAll(p.wrap(note, 7, WIDTH - chartWidth - 14));
        }
        for (String line : lines) {
            noteY -= 9;
            if (noteY < top - chartHeight - 20) {
                break;
            }
            p.text(notesX, noteY, line, 7, PdfLayout.MUTED, WIDTH - chartWidth - 14);
        }
        p.down(Math.max(chartHeight, top - noteY) + 10);
    }

    private static String limitsText(CharacteristicRow ch) {
        String unit = ch.unit() == null ? "" : " " + ch.unit();
        if (ch.lsl() != null && ch.usl() != null) {
            return "LSL " + Figures.value(ch.lsl()) + unit + " and USL " + Figures.value(ch.usl()) + unit;
        }
        if (ch.lsl() != null) {
            return "LSL " + Figures.value(ch.lsl()) + unit;
        }
        return ch.usl() != null ? "USL " + Figures.value(ch.usl()) + unit : "no spec limits";
    }

    /** The run chart with PDF operators: the geometry's y runs down, the page's up. */
    private static void chart(PdfLayout p, ValueChart chart, float x, float y) throws IOException {
        PDPageContentStream out = p.out();
        out.setNonStrokingColor(new Color(0xf6, 0xf8, 0xfa));
        out.addRect(x, y, (float) chart.width(), (float) chart.height());
        out.fill();
        float top = y + (float) chart.height();
        limit(out, chart.lslY(), x, top, chart.width(), PdfLayout.FAIL);
        limit(out, chart.uslY(), x, top, chart.width(), PdfLayout.FAIL);
        limit(out, chart.meanY(), x, top, chart.width(), new Color(0x8c, 0x95, 0x9f));
        out.setLineDashPattern(new float[0], 0);
        List<ValueChart.Point> points = chart.points();
        if (points.isEmpty()) {
            return;
        }
        out.setStrokingColor(PdfLayout.BLUE);
        out.setLineWidth(0.6f);
        for (int i = 0; i < points.size(); i++) {
            float px = x + (float) points.get(i).x();
            float py = top - (float) points.get(i).y();
            if (i == 0) {
                out.moveTo(px, py);
            } else {
                out.lineTo(px, py);
            }
        }
        if (points.size() == 1) {
            out.lineTo(x + (float) points.get(0).x() + 0.1f, top - (float) points.get(0).y());
        }
        out.stroke();
        for (ValueChart.Point point : points) {
            if (point.outOfSpec() || chart.dots()) {
                float r = point.outOfSpec() ? 1.6f : 0.9f;
                out.setNonStrokingColor(point.outOfSpec() ? PdfLayout.FAIL : PdfLayout.BLUE);
                out.addRect(x + (float) point.x() - r, top - (float) point.y() - r, 2 * r, 2 * r);
                out.fill();
            }
        }
    }

    private static void limit(PDPageContentStream out, Double lineY, float x, float top, double width, Color colour)
            throws IOException {
        if (lineY == null) {
            return;
        }
        out.setStrokingColor(colour);
        out.setLineWidth(0.5f);
        out.setLineDashPattern(new float[] {3, 2}, 0);
        out.moveTo(x, top - lineY.floatValue());
        out.lineTo(x + (float) width, top - lineY.floatValue());
        out.stroke();
        out.setLineDashPattern(new float[0], 0);
    }

    private static void groupZ(PdfLayout p, BatchCertificate c) throws IOException {
        p.heading("Z \u2014 Validation", 12);
        p.need(30);
        p.down(18);
        p.text(MARGIN, p.y(), "Quality verdict: " + c.verdictText(), 14, verdictColour(c.verdictText()), WIDTH);
        p.down(4);
        if (!c.verdictReasons().isEmpty()) {
            p.paragraph(c.completed() ? "Why the verdict is " + c.verdictText() + ":" : "Reasons:", 8.5f,
                    PdfLayout.INK);
            for (String reason : c.verdictReasons()) {
                p.paragraph(MARGIN + 10, WIDTH - 10, "\u2022 " + reason, 8.5f, PdfLayout.WARN);
            }
        }
        if (c.chain().mismatch()) {
            p.paragraph("DOES NOT MATCH THE CHAIN: " + c.chain().detail() + " Do not rely on this certificate.", 9,
                    PdfLayout.FAIL);
        }
        for (CertificateText.Field f : CertificateText.seal(c)) {
            p.field(f.label(), f.value(), f.missing());
        }
        for (LineAnchoring line : c.anchoring()) {
            if (line.state() != BatchCertificate.AnchoringState.OK) {
                p.paragraph("Anchoring " + line.state() + " on line " + line.lineId()
                        + (line.reason() == null ? "" : ": " + line.reason())
                        + (line.since() == null ? "" : " (since " + Html.time(line.since()) + ")"), 8.5f,
                        line.state() == BatchCertificate.AnchoringState.ALARM ? PdfLayout.FAIL : PdfLayout.WARN);
            }
        }
        if (!c.anchors().isEmpty()) {
            p.down(4);
            float[] w = {40, 150, 55, 60, 210};
            boolean[] r = {true, false, true, false, false};
            p.row(w, r, List.of("Chain", "Transaction", "Block", "Range", "Merkle root"), 7, PdfLayout.MUTED, true);
            for (Anchor a : c.anchors()) {
                p.row(w, r, List.of(Long.toString(a.chainId()), Html.shortHex(a.txHash()),
                        Long.toString(a.blockNumber()), a.lineId() + " " + a.firstSeq() + "\u2013" + a.lastSeq(),
                        a.root().hex()), 7, PdfLayout.INK, false);
            }
        }
        p.down(4);
        for (CertificateText.Field f : CertificateText.release(c)) {
            p.field(f.label(), f.value(), f.missing());
        }
        p.down(6);
        p.paragraph(CertificateText.statement(c), 7.5f, PdfLayout.MUTED);
    }

    private static void annexes(PdfLayout p, BatchCertificate c) throws IOException {
        if (!c.quality().isEmpty()) {
            p.heading("Annex 1 \u2014 Quality records", 10);
            float[] w = {40, 100, 95, 80, 100, 100};
            boolean[] r = {true, false, false, true, false, false};
            p.row(w, r, List.of("Seq", "Time", "Characteristic", "Value", "Limits", "Result"), 7, PdfLayout.MUTED,
                    true);
            int shown = 0;
            for (QualityRow q : c.quality()) {
                if (shown++ == ANNEX_ROWS) {
                    break;
                }
                String unit = q.unit() == null ? "" : " " + q.unit();
                p.row(w, r, List.of(Long.toString(q.seq()), Html.time(q.time()), nz(q.characteristic()),
                        Figures.value(q.value() instanceof Number n ? n.doubleValue() : null) + unit,
                        limits(q) + unit, nz(q.verdict())), 7, q.passed() ? PdfLayout.INK : PdfLayout.FAIL, false);
            }
            more(p, c.quality().size());
        }
        p.heading("Annex 2 \u2014 Records and their digests", 10);
        float[] w = {60, 35, 80, 95, 170, 75};
        boolean[] r = {false, true, false, false, false, false};
        p.row(w, r, List.of("Line", "Seq", "Type", "Recorded", "Digest", "Anchored"), 7, PdfLayout.MUTED, true);
        int shown = 0;
        for (RecordRow row : c.records()) {
            if (shown++ == ANNEX_ROWS) {
                break;
            }
            p.row(w, r, List.of(row.lineId(), Long.toString(row.seq()), row.type(), Html.time(row.recordedAt()),
                    Html.shortHex(row.digest().hex()), row.anchored() ? "block " + row.anchor().blockNumber()
                    : "pending"), 7, PdfLayout.INK, false);
        }
        more(p, c.records().size());
    }

    private static void more(PdfLayout p, int rows) throws IOException {
        if (rows > ANNEX_ROWS) {
            p.paragraph("\u2026 and " + (rows - ANNEX_ROWS) + " more: the web certificate (QR code) lists them all.",
                    7.5f, PdfLayout.MUTED);
        }
    }

    private static String limits(QualityRow q) {
        Double lsl = q.lsl() instanceof Number n ? n.doubleValue() : null;
        Double usl = q.usl() instanceof Number n ? n.doubleValue() : null;
        if (lsl != null && usl != null) {
            return Figures.value(lsl) + " \u2013 " + Figures.value(usl);
        }
        return lsl != null ? "\u2265 " + Figures.value(lsl) : usl != null ? "\u2264 " + Figures.value(usl) : "";
    }

    /** Page footers once the page count is known. */
    private static void footers(PDDocument document, PdfLayout p, BatchCertificate c) throws IOException {
        List<PDPage> pages = p.pages();
        for (int i = 0; i < pages.size(); i++) {
            try (PDPageContentStream out = new PDPageContentStream(document, pages.get(i), AppendMode.APPEND, true)) {
                String text = p.printable("Certificate " + c.certificateNumber() + "  \u00b7  page " + (i + 1)
                        + " of " + pages.size());
                out.beginText();
                out.setFont(p.font(), 7);
                out.setNonStrokingColor(PdfLayout.MUTED);
                out.newLineAtOffset(MARGIN, MARGIN - 10);
                out.showText(text);
                out.endText();
            }
        }
    }

    private static Color verdictColour(String verdict) {
        return switch (CertificatePage.verdictClass(verdict)) {
            case "pass" -> PdfLayout.PASS;
            case "fail" -> PdfLayout.FAIL;
            default -> PdfLayout.WARN;
        };
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }
}
