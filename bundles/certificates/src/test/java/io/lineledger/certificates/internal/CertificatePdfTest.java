package io.lineledger.certificates.internal;

import static io.lineledger.certificates.Batches.LINE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.CertificateView;
import io.lineledger.certificates.Characteristics;
import io.lineledger.model.Anchor;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.awt.image.BufferedImage;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class CertificatePdfTest {

    private static final String URL = "http://plant.example:8181/lineledger/batches/LOT-M";

    private final RecordStore store = H2RecordStores.newStore();
    private final CertificatePdf pdf = new CertificatePdf("Plant Nord");

    private BatchCertificate certificate(String batchId) {
        return ChainChecks.view(store).of(batchId).orElseThrow();
    }

    @Test
    void theSameBatchGivesTheSameBytes() throws Exception {
        Characteristics.passingBatch(store, "LOT-M", true);
        Anchors.anchorAll(store, LINE);

        byte[] first = pdf.render(certificate("LOT-M"), URL);
        Thread.sleep(1_100); // a clock-dated PDF would differ by now
        byte[] second = pdf.render(certificate("LOT-M"), URL);

        assertTrue(new String(first, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-"));
        assertArrayEquals(first, second);
        // kept as test output, to look at
        java.nio.file.Files.write(java.nio.file.Path.of("target", "certificate-LOT-M.pdf"), first);
    }

    @Test
    void theQrCodeCarriesTheVerificationLinkAndTheLastAnchoredRoot() throws Exception {
        Characteristics.passingBatch(store, "LOT-M", true);
        Anchor anchor = Anchors.anchorAll(store, LINE);

        byte[] bytes = pdf.render(certificate("LOT-M"), URL);

        assertEquals(URL + "#root=" + anchor.root().hex(), readQrCode(bytes));
    }

    @Test
    void beforeAnchoringTheQrCodeCarriesTheLinkOnly() throws Exception {
        Characteristics.passingBatch(store, "LOT-M", true);

        assertEquals(URL, readQrCode(pdf.render(certificate("LOT-M"), URL)));
    }

    @Test
    void thePdfStatesTheFieldGroupsAndTheFigures() throws Exception {
        Characteristics.passingBatch(store, "LOT-M", true);
        Anchor anchor = Anchors.anchorAll(store, LINE);
        BatchCertificate c = certificate("LOT-M");

        String text = text(pdf.render(c, URL));

        for (String expected : new String[] {
            "Batch certificate", "Inspection certificate 3.1 (EN 10204:2004)",
            "A \u2014 Commercial transaction", "B \u2014 Product and batch", "C \u2014 Inspection results",
            "Z \u2014 Validation", c.certificateNumber(), "Olive oil 500 ml", "R-7", "LOT-M",
            "fillWeight", "capTorque", "checkweigher", "Alarms during the batch", "DoorOpen",
            "Quality verdict: PASS", "anchored", "Chain id", Long.toString(Anchors.CHAIN_ID), Anchors.CONTRACT,
            anchor.txHash(), anchor.root().hex(), "good 3, rejected 0",
            "No gap record touches this batch", "page 1 of"}) {
            assertTrue(text.contains(expected), "PDF text lacks '" + expected + "':\n" + text);
        }
        // fillWeight 500.2, 499.8, 500.3: n 3, min 499.8, max 500.3, mean 500.10 (2 decimals: values have 1)
        assertTrue(text.contains("fillWeight g 500 495 505 3 499.8 500.3 500.10"), text);
    }

    @Test
    void unsupportedCharactersInABatchIdAreWrittenAsQuestionMarks() throws Exception {
        Characteristics.passingBatch(store, "LOT-\u4e2d\u6587", true);

        String text = text(pdf.render(certificate("LOT-\u4e2d\u6587"), URL));

        assertTrue(text.contains("LOT-??"), text);
        assertFalse(text.contains("\u4e2d"));
    }

    private static String text(byte[] bytes) throws Exception {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static String readQrCode(byte[] bytes) throws Exception {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 200, ImageType.GRAY);
            javax.imageio.ImageIO.write(page, "png", java.nio.file.Path.of("target", "certificate-page-1.png").toFile());
            Result result = new QRCodeReader().decode(
                    new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(page))),
                    Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
            return result.getText();
        }
    }
}
