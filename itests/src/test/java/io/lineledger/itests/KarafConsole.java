package io.lineledger.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * Runs shell commands as a user logged into the Karaf console with given roles (Karaf's command ACL hides a command
 * from a session without the role it requires), the way Apache Karaf's own itests do.
 */
final class KarafConsole {

    private final SessionFactory sessions;
    private final Duration timeout;
    private final String[] roles;

    /** A console user with the admin role. */
    KarafConsole(SessionFactory sessions, Duration timeout) {
        this(sessions, timeout, "admin");
    }

    KarafConsole(SessionFactory sessions, Duration timeout, String... roles) {
        this.sessions = sessions;
        this.timeout = timeout;
        this.roles = roles.clone();
    }

    /** Runs a command in a fresh session, as typed at the karaf@root prompt, and returns what it printed. */
    String execute(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Subject user = new Subject();
        for (String role : roles) {
            user.getPrincipals().add(new RolePrincipal(role));
        }
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out)) {
            Future<Object> result = executor.submit(
                    () -> Subject.doAs(user, (PrivilegedExceptionAction<Object>) () -> session.execute(command)));
            result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            out.flush();
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(command + " failed; it printed:\n" + bytes.toString(StandardCharsets.UTF_8), e);
        } finally {
            executor.shutdownNow();
        }
    }
}
