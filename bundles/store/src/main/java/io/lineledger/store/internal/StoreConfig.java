package io.lineledger.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "LineLedger record store", description = "Where production records are stored")
public @interface StoreConfig {

    @AttributeDefinition(description = "JDBC URL of an H2 database; empty: a file database"
            + " under Karaf's data directory (data/lineledger/store)")
    String jdbcUrl() default "";

    @AttributeDefinition(description = "Database user")
    String user() default "sa";

    @AttributeDefinition(description = "Database password", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "Most open database connections")
    int maxConnections() default 8;
}
