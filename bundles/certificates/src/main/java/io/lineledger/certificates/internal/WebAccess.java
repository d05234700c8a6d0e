package io.lineledger.certificates.internal;

import java.time.Clock;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The one {@link Gatekeeper} of the bundle (sessions, counted wrong passwords), shared by the servlet and by the
 * filter that guards the other servlets under {@code /lineledger} (metrics). Passwords are checked by the JAAS realm
 * of the configuration (Karaf's {@code karaf}).
 */
@Component(service = WebAccess.class, configurationPid = WebAccess.PID)
@Designate(ocd = AccessConfig.class)
public final class WebAccess {

    static final String PID = "io.lineledger.certificates.access";

    private final Gatekeeper gate;

    @Activate
    public WebAccess(AccessConfig config) {
        // Karaf's realms run its proxy login module, which sits on the launcher's class path
        this(config, new JaasPasswordCheck(realm(config), ClassLoader.getSystemClassLoader(), null),
                Clock.systemUTC());
    }

    WebAccess(AccessConfig config, PasswordCheck passwords, Clock clock) {
        int idle = within("sessionIdleMinutes", config.sessionIdleMinutes(), 1, 1440);
        int max = within("sessionMaxHours", config.sessionMaxHours(), 1, 168);
        int failures = within("failuresBeforeLock", config.failuresBeforeLock(), 1, 100);
        int lock = within("lockSeconds", config.lockSeconds(), 1, 3600);
        int maxLock = within("maxLockMinutes", config.maxLockMinutes(), 1, 1440);
        int sessions = within("maxSessions", config.maxSessions(), 1, 100_000);
        this.gate = new Gatekeeper(passwords,
                new LoginAttempts(clock, failures, Duration.ofSeconds(lock), Duration.ofMinutes(maxLock)),
                new Sessions(clock, Duration.ofMinutes(idle), Duration.ofHours(max), sessions));
    }

    Gatekeeper gate() {
        return gate;
    }

    private static String realm(AccessConfig config) {
        String realm = config.realm() == null ? "" : config.realm().strip();
        if (realm.isEmpty()) {
            throw new IllegalArgumentException(PID + ": 'realm' must not be blank, got '" + config.realm() + "'");
        }
        return realm;
    }

    private static int within(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(PID + ": '" + key + "' must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }
}
