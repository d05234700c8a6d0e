package io.lineledger.certificates.internal;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The JAAS roles the web pages know, as the realm's role principals name them ({@code supervisor}, {@code auditor},
 * {@code integrator}), and what each may do. Other roles of the realm (Karaf's {@code admin}, {@code ssh}, ...)
 * give nothing here.
 */
enum Role {

    /** Reads certificates, batch list and status; releases or rejects batches. */
    SUPERVISOR(EnumSet.of(Permission.READ, Permission.RELEASE)),
    /** Reads; downloads proof files; checks proof files on the verify page. */
    AUDITOR(EnumSet.of(Permission.READ, Permission.PROOFS, Permission.VERIFY)),
    /** Everything. */
    INTEGRATOR(EnumSet.allOf(Permission.class));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    /** The role principal's name: {@code supervisor}. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    Set<Permission> permissions() {
        return permissions;
    }

    /** The role a role principal names, exactly (role names are case-sensitive in the realm). */
    static Optional<Role> named(String principalName) {
        for (Role role : values()) {
            if (role.id().equals(principalName)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
