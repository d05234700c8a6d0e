package io.lineledger.certificates.internal;

import java.util.Optional;

/** Checks a user name and password against the login realm. */
interface PasswordCheck {

    /**
     * The account when the realm accepts the user name with this password; empty when it refuses them (the caller
     * never learns which of the two was wrong). The password array is not kept.
     *
     * @throws LoginUnavailableException when the realm cannot be asked (not configured, its module failed)
     */
    Optional<Account> check(String user, char[] password);

    /** The realm could not decide: a configuration or system fault, not a wrong password. */
    final class LoginUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoginUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
