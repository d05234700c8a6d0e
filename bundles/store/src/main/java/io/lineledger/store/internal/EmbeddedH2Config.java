package io.lineledger.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "LineLedger embedded H2 database",
        description = "The store's default database, used while io.lineledger.store selects no other data source")
public @interface EmbeddedH2Config {

    @AttributeDefinition(description = "JDBC URL of an H2 database; empty: a file database under Karaf's data"
            + " directory (data/lineledger/store). File databases get WRITE_DELAY=0 (a commit is on disk on return)")
    String jdbcUrl() default "";

    @AttributeDefinition(description = "Database user")
    String user() default "sa";

    @AttributeDefinition(description = "Database password", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "Most open connections, shared by recording, anchoring and page views (which hold at most"
            + " pages.maxConnections of io.lineledger.store of them)")
    int maxConnections() default 16;
}
