package io.lineledger.routes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings shared by the rules of every line ({@code etc/io.lineledger.routes.cfg}). */
@ObjectClassDefinition(name = "LineLedger rules",
        description = "The route files of every line's rules, and how the rules hold records the store refuses")
public @interface RoutesConfig {

    @AttributeDefinition(description = "Directory of the YAML route files, watched for changes; empty:"
            + " lineledger/routes in Karaf's etc directory. The bundle writes its own files there when it does not exist")
    String routesDirectory() default "";

    @AttributeDefinition(description = "How often the route files are checked for changes, milliseconds")
    long routesPollMillis() default 2000;

    @AttributeDefinition(description = "Directory of the record spool (drafts held while the store refuses appends);"
            + " empty: lineledger/spool in Karaf's data directory")
    String spoolDirectory() default "";

    @AttributeDefinition(description = "Tries of one append before its draft is held in the spool")
    int appendAttempts() default 3;

    @AttributeDefinition(description = "Pause after the first failed append, milliseconds; doubles after each")
    long appendBackoffMillis() default 200;

    @AttributeDefinition(description = "How long a batch's end waits for late values of the batch when no later"
            + " value arrives, milliseconds")
    long completeHoldMillis() default 1000;

    @AttributeDefinition(description = "Dead letters are logged as counts once per this many seconds")
    int deadLetterLogSeconds() default 10;
}
