package io.lineledger.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "LineLedger record store", description = "Which database production records go to")
public @interface StoreConfig {

    @AttributeDefinition(name = "dataSource.target", description = "LDAP filter selecting the javax.sql.DataSource"
            + " service, e.g. (dataSourceName=lineledger) for PostgreSQL configured in"
            + " etc/org.ops4j.datasource-lineledger.cfg; default: the embedded H2 database (io.lineledger.store.h2)")
    String dataSource_target() default "(dataSourceName=" + EmbeddedH2DataSourceComponent.NAME + ")";

    @AttributeDefinition(description = "Hold every line's appends after the store opens until the ledger has compared"
            + " the line with the chain (the rules keep them in their spool meanwhile), so that a store restored from"
            + " an old backup never reuses anchored sequence numbers. Set it wherever the ledger runs; without a"
            + " ledger, appends would wait for ever")
    boolean awaitChainCheck() default false;

    @AttributeDefinition(name = "pages.maxConnections", description = "Most database connections page views"
            + " (certificates, batch list, status, proofs) hold at once, out of the data source's pool; the rest stay"
            + " for recording and anchoring whatever the page load. Must be below the pool size (maxConnections of"
            + " io.lineledger.store.h2, or hikari.maximumPoolSize); unset: 4, or half a pool smaller than 8")
    int pages_maxConnections() default StoreComponent.DEFAULT_PAGES_MAX_CONNECTIONS;

    @AttributeDefinition(name = "pages.connectionWaitMillis", description = "How long a page view waits for one of"
            + " its connections before it is answered 503 (busy, try again); 0: not at all")
    long pages_connectionWaitMillis() default StoreComponent.DEFAULT_PAGES_WAIT_MILLIS;
}
