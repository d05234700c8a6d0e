package io.lineledger.certificates.internal;

/** What a request needs: {@link Role} grants these. */
enum Permission {
    /** Batch list, certificates (page, PDF, JSON), audit trails, status. */
    READ("read certificates"),
    /** Release or reject a batch with an electronic signature. */
    RELEASE("release or reject batches"),
    /** Download proof files (they hold the records' salts). */
    PROOFS("download proof files"),
    /** Check proof files on the verify page. */
    VERIFY("check proof files");

    private final String text;

    Permission(String text) {
        this.text = text;
    }

    /** What it allows, for a refusal: "download proof files". */
    String text() {
        return text;
    }
}
