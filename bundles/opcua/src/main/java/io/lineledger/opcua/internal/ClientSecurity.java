package io.lineledger.opcua.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * How a line's client secures its connection and who it logs in as. The password is read from {@code passwordFile}
 * at each connect (so a changed file needs no restart) or given as {@code password}; it is never logged:
 * {@link #toString()} leaves it out.
 *
 * @param policy       None or Basic256Sha256
 * @param mode         None with policy None; Sign or SignAndEncrypt with Basic256Sha256
 * @param userName     user name, or null for anonymous
 * @param passwordFile file holding the password (trailing line breaks ignored), or null
 * @param password     the password itself, or null
 */
record ClientSecurity(SecurityPolicy policy, MessageSecurityMode mode, String userName, Path passwordFile,
                      String password) {

    static final ClientSecurity NONE = new ClientSecurity(SecurityPolicy.None, MessageSecurityMode.None, null, null, null);

    ClientSecurity {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(mode, "mode");
        if ((policy == SecurityPolicy.None) != (mode == MessageSecurityMode.None)) {
            throw new IllegalArgumentException("securityMode = " + mode + ": " + (policy == SecurityPolicy.None
                    ? "must be None with securityPolicy None" : "must be Sign or SignAndEncrypt with securityPolicy "
                    + policy.name()));
        }
    }

    static ClientSecurity anonymous(SecurityPolicy policy, MessageSecurityMode mode) {
        return new ClientSecurity(policy, mode, null, null, null);
    }

    boolean secured() {
        return policy != SecurityPolicy.None;
    }

    /** The password, read now; UTF-8 bytes. */
    byte[] readPassword() {
        if (password != null) {
            return password.getBytes(StandardCharsets.UTF_8);
        }
        if (passwordFile == null) {
            throw new IllegalStateException("userName = " + userName + " has no passwordFile or password");
        }
        try {
            String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
            return text.replaceAll("[\\r\\n]+$", "").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("passwordFile = " + passwordFile + ": cannot read it (" + e + ")", e);
        }
    }

    /** e.g. {@code Basic256Sha256 SignAndEncrypt, user operator}; never the password. */
    @Override
    public String toString() {
        String security = policy == SecurityPolicy.None ? "None" : policy.name() + " " + mode;
        return userName == null ? security + ", anonymous" : security + ", user " + userName;
    }
}
