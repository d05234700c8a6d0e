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
}
