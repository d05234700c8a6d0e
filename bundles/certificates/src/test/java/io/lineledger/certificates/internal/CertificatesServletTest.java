package io.lineledger.certificates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lineledger.store.testing.H2RecordStores;
import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

class CertificatesServletTest {

    private static CertificatesConfig config(String title, int recentBatches) {
        return new CertificatesConfig() {
            @Override public Class<? extends Annotation> annotationType() { return CertificatesConfig.class; }
            @Override public String title() { return title; }
            @Override public int recentBatches() { return recentBatches; }
        };
    }

    @Test
    void activationFailsNamingPidKeyAndValueForABadBatchCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CertificatesServlet(H2RecordStores.newStore(), config("Plant", 0)));
        assertEquals("io.lineledger.certificates: 'recentBatches' must be 1..1000, got 0", e.getMessage());
    }

    @Test
    void activationFailsForABlankTitle() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CertificatesServlet(H2RecordStores.newStore(), config("  ", 50)));
        assertEquals("io.lineledger.certificates: 'title' must not be blank, got '  '", e.getMessage());
    }

    @Test
    void defaultsActivate() {
        new CertificatesServlet(H2RecordStores.newStore(), config("LineLedger", 50));
    }
}
