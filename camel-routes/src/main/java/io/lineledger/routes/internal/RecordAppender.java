package io.lineledger.routes.internal;

import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.RecordStore;

/** The routes' last step: commits a draft to the store; a store failure sends the event to the dead letters. */
public final class RecordAppender {

    private final RecordStore store;

    public RecordAppender(RecordStore store) {
        this.store = store;
    }

    public LineRecord append(RecordDraft draft) {
        return store.append(draft);
    }
}
