package io.lineledger.certificates.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value WebAccess#PID}, i.e. {@code etc/io.lineledger.certificates.access.cfg} (optional). */
@ObjectClassDefinition(name = "LineLedger web sign-in", description = "Who may use the certificate pages, and how long")
public @interface AccessConfig {

    @AttributeDefinition(description = "JAAS realm that checks user names and passwords; its role principals"
            + " supervisor, auditor and integrator give the roles (Karaf's realm: etc/users.properties)")
    String realm() default "karaf";

    @AttributeDefinition(description = "A browser session ends after this many minutes without a request (1..1440)")
    int sessionIdleMinutes() default 30;

    @AttributeDefinition(description = "...and at the latest this many hours after sign-in (1..168)")
    int sessionMaxHours() default 12;

    @AttributeDefinition(description = "Wrong passwords in a row before a user name is locked (1..100)")
    int failuresBeforeLock() default 5;

    @AttributeDefinition(description = "First lock in seconds; doubles with each further wrong password (1..3600)")
    int lockSeconds() default 30;

    @AttributeDefinition(description = "Longest lock in minutes (1..1440)")
    int maxLockMinutes() default 15;

    @AttributeDefinition(description = "Most browser sessions at once; the oldest gives way (1..100000)")
    int maxSessions() default 1000;
}
