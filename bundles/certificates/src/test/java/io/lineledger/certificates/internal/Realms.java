package io.lineledger.certificates.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

/**
 * The {@code karaf} JAAS realm as Karaf runs it: Karaf's own {@code PropertiesLoginModule} reading a users file with
 * the distribution's groups. Users: {@code sam} (supervisor), {@code alex} (auditor), {@code ivy} (integrator),
 * {@code otto} (Karaf admin only, no LineLedger role); each one's password is {@code <name>-password}. The two who
 * may sign have full names in the signers file ({@link #signerNamesFile}): Sam Okafor, Ivy Berg.
 */
final class Realms {

    static final String SUPERVISOR = "sam";
    static final String AUDITOR = "alex";
    static final String INTEGRATOR = "ivy";
    static final String NO_ROLE = "otto";

    private Realms() {
    }

    static String password(String user) {
        return user + "-password";
    }

    /** The full names of the users who may sign, as the signers file lists them. */
    static final Map<String, String> FULL_NAMES = Map.of(SUPERVISOR, "Sam Okafor", INTEGRATOR, "Ivy Berg");

    /** {@code Sam Okafor (sam)}: how a signed record shows its signer. */
    static String signer(String user) {
        return FULL_NAMES.get(user) + " (" + user + ")";
    }

    /** A signers file ({@code user = Full Name}) naming the supervisor and the integrator. */
    static Path signerNamesFile(Path dir) {
        try {
            return Files.writeString(dir.resolve("signers.properties"), "# who signs\n"
                    + SUPERVISOR + " = " + FULL_NAMES.get(SUPERVISOR) + "\n"
                    + INTEGRATOR + " = " + FULL_NAMES.get(INTEGRATOR) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The users file of the distribution (groups only) with the four test users added. */
    static Path usersFile(Path dir) {
        try {
            Path shipped = Path.of("../../features/distribution/src/main/assembly/etc/users.properties");
            String groups = Files.readString(shipped, StandardCharsets.UTF_8);
            Path file = dir.resolve("users.properties");
            Files.writeString(file, groups + "\n"
                    + SUPERVISOR + " = " + password(SUPERVISOR) + ",_g_:supervisors\n"
                    + AUDITOR + " = " + password(AUDITOR) + ",_g_:auditors\n"
                    + INTEGRATOR + " = " + password(INTEGRATOR) + ",_g_:integrators\n"
                    + NO_ROLE + " = " + password(NO_ROLE) + ",admin\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JAAS realm {@code karaf} on Karaf's properties login module over {@code users}. */
    static Configuration karaf(Path users) {
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                if (!"karaf".equals(name)) {
                    return null;
                }
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("users", users.toString()))};
            }
        };
    }

    static JaasPasswordCheck passwords(Path users) {
        return new JaasPasswordCheck("karaf", Realms.class.getClassLoader(), karaf(users));
    }

    static WebAccess access(Path users, Clock clock) {
        return new WebAccess(defaults(), passwords(users), clock);
    }

    static AccessConfig defaults() {
        return new AccessConfig() {
            @Override public Class<? extends Annotation> annotationType() { return AccessConfig.class; }
            @Override public String realm() { return "karaf"; }
            @Override public int sessionIdleMinutes() { return 30; }
            @Override public int sessionMaxHours() { return 12; }
            @Override public int failuresBeforeLock() { return 5; }
            @Override public int lockSeconds() { return 30; }
            @Override public int maxLockMinutes() { return 15; }
            @Override public int maxSessions() { return 1000; }
        };
    }
}
