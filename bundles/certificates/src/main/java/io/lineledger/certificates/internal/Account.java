package io.lineledger.certificates.internal;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Someone the realm authenticated: the user name as the realm knows it and the LineLedger roles among its roles.
 *
 * @param roles may be empty: the realm knows the user, but not as a LineLedger user
 */
record Account(String user, Set<Role> roles) {

    Account {
        Objects.requireNonNull(user, "user");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    boolean may(Permission permission) {
        return roles.stream().anyMatch(role -> role.permissions().contains(permission));
    }

    /** {@code supervisor, auditor} in the roles' declaration order; "no LineLedger role" when none. */
    String rolesText() {
        if (roles.isEmpty()) {
            return "no LineLedger role";
        }
        return EnumSet.copyOf(roles).stream().map(Role::id).collect(Collectors.joining(", "));
    }
}
