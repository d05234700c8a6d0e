package io.lineledger.certificates.internal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/** The QR code of a text as its modules (ZXing): drawn as vector squares, so it stays sharp in print and needs no image. */
final class QrCode {

    private final BitMatrix modules;

    private QrCode(BitMatrix modules) {
        this.modules = modules;
    }

    /**
     * Error correction M (15 %): survives a crease or a stamp on a printed certificate and keeps a long link
     * readable at a small size.
     */
    static QrCode of(String text) {
        try {
            // size 0: one matrix cell per module; margin 0: the PDF leaves the quiet zone itself
            return new QrCode(new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, "UTF-8",
                    EncodeHintType.MARGIN, 0)));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters: "
                    + e.getMessage(), e);
        }
    }

    /** Modules per side. */
    int size() {
        return modules.getWidth();
    }

    boolean dark(int x, int y) {
        return modules.get(x, y);
    }
}
