package io.lineledger.routes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "LineLedger rules",
        description = "Spec limits, the line the rules listen to, and how they hold records the store refuses")
public @interface RoutesConfig {

    @AttributeDefinition(description = "Line whose production events the rules read (lineId of io.lineledger.opcua)")
    String lineId() default "line-1";

    @AttributeDefinition(description = "Fill weight lower specification limit, grams")
    double fillWeightLsl() default 495.0;

    @AttributeDefinition(description = "Fill weight upper specification limit, grams")
    double fillWeightUsl() default 505.0;

    @AttributeDefinition(description = "Directory of the record spool (drafts held while the store refuses appends);"
            + " empty: lineledger/spool in Karaf's data directory")
    String spoolDirectory() default "";

    @AttributeDefinition(description = "Tries of one append before its draft is held in the spool")
    int appendAttempts() default 3;

    @AttributeDefinition(description = "Pause after the first failed append, milliseconds; doubles after each")
    long appendBackoffMillis() default 200;

    @AttributeDefinition(description = "How long a batch's Complete waits for late values of the batch when no later"
            + " value arrives, milliseconds")
    long completeHoldMillis() default 1000;

    @AttributeDefinition(description = "Dead letters are logged as counts once per this many seconds")
    int deadLetterLogSeconds() default 10;
}
