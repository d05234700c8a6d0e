package io.lineledger.certificates.internal;

import java.security.Principal;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.CredentialException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * A {@link PasswordCheck} through standard JAAS: a {@link LoginContext} of the named realm (Karaf's {@code karaf}
 * realm: {@code etc/users.properties}, or whatever login modules an integrator configured for it, e.g. LDAP). The
 * realm's role principals ({@value #ROLE_PRINCIPAL} in Karaf) give the account's roles.
 */
final class JaasPasswordCheck implements PasswordCheck {

    /** The class of the role principals Karaf's login modules add to a subject (by name: no Karaf import needed). */
    static final String ROLE_PRINCIPAL = "org.apache.karaf.jaas.boot.principal.RolePrincipal";

    private final String realm;
    private final ClassLoader loginModules;
    private final Configuration configuration;

    /**
     * @param realm         the JAAS realm ({@code karaf})
     * @param loginModules  where the realm's login module classes load from: LoginContext loads them through the
     *                      thread's context class loader, which on a web thread is the web container's; in Karaf the
     *                      realm's proxy module is on the launcher's class path (the system class loader)
     * @param configuration the JAAS configuration to read the realm from; null for the JVM's (in Karaf: the one that
     *                      serves the realms its bundles register)
     */
    JaasPasswordCheck(String realm, ClassLoader loginModules, Configuration configuration) {
        this.realm = Objects.requireNonNull(realm, "realm");
        this.loginModules = Objects.requireNonNull(loginModules, "loginModules");
        this.configuration = configuration;
    }

    @Override
    public Optional<Account> check(String user, char[] password) {
        Subject subject = new Subject();
        LoginContext login;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loginModules);
        try {
            login = configuration == null
                    ? new LoginContext(realm, subject, callbacks -> answer(callbacks, user, password))
                    : new LoginContext(realm, subject, callbacks -> answer(callbacks, user, password), configuration);
        } catch (LoginException | SecurityException e) {
            throw new LoginUnavailableException("JAAS realm '" + realm + "' cannot be used: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        try {
            login.login();
        } catch (FailedLoginException | AccountException | CredentialException e) {
            return Optional.empty(); // unknown user, wrong password, locked or expired: all "refused"
        } catch (LoginException e) {
            throw new LoginUnavailableException("JAAS realm '" + realm + "' failed: " + e.getMessage(), e);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Principal principal : subject.getPrincipals()) {
            if (ROLE_PRINCIPAL.equals(principal.getClass().getName())) {
                Role.named(principal.getName()).ifPresent(roles::add);
            }
        }
        try {
            login.logout();
        } catch (LoginException e) {
            // nothing is kept from this subject: a module that cannot clean it up changes nothing here
        }
        return Optional.of(new Account(user, roles));
    }

    private static void answer(Callback[] callbacks, String user, char[] password)
            throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(user);
            } else if (callback instanceof PasswordCallback secret) {
                secret.setPassword(password);
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }
}
