package io.lineledger.routes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "LineLedger rules", description = "Spec limits and the line the rules listen to")
public @interface RoutesConfig {

    @AttributeDefinition(description = "Line whose production events the rules read (lineId of io.lineledger.opcua)")
    String lineId() default "line-1";

    @AttributeDefinition(description = "Fill weight lower specification limit, grams")
    double fillWeightLsl() default 495.0;

    @AttributeDefinition(description = "Fill weight upper specification limit, grams")
    double fillWeightUsl() default 505.0;
}
