package io.lineledger.certificates.internal;

import java.util.List;

/**
 * Which paths under {@code /lineledger} need what. Only the sign-in form and the health check (for load balancers
 * and probes) are open; everything else needs a signed-in account, most of it a permission:
 * <pre>
 *   /lineledger/login                         open
 *   /lineledger/health                        open (lineledger-metrics' readiness check)
 *   /lineledger/logout                        any signed-in account
 *   /lineledger/proof/**                      PROOFS
 *   /lineledger/verify, /lineledger/api/verify VERIFY
 *   /lineledger/batches/{id}/release          RELEASE (and /lineledger/api/batches/{id}/release)
 *   anything else (pages, JSON, PDF, status, metrics, unknown paths)  READ
 * </pre>
 */
final class AccessPolicy {

    /**
     * What a path needs.
     *
     * @param open       nobody needs to sign in
     * @param permission the permission it needs; null when any signed-in account may (or when open)
     */
    record Requirement(boolean open, Permission permission) {

        static final Requirement OPEN = new Requirement(true, null);
        static final Requirement SIGNED_IN = new Requirement(false, null);

        static Requirement of(Permission permission) {
            return new Requirement(false, permission);
        }
    }

    private AccessPolicy() {
    }

    /** @param segments the decoded path segments below the context path, starting with {@code lineledger} */
    static Requirement of(List<String> segments) {
        if (segments.size() < 2 || !"lineledger".equals(segments.get(0))) {
            return Requirement.of(Permission.READ);
        }
        List<String> rest = segments.subList(1, segments.size());
        String first = rest.get(0);
        if (rest.size() == 1 && ("login".equals(first) || "health".equals(first))) {
            return Requirement.OPEN;
        }
        if (rest.size() == 1 && "logout".equals(first)) {
            return Requirement.SIGNED_IN;
        }
        if ("proof".equals(first)) {
            return Requirement.of(Permission.PROOFS);
        }
        if (rest.size() == 1 && "verify".equals(first) || rest.size() == 2 && "api".equals(first)
                && "verify".equals(rest.get(1))) {
            return Requirement.of(Permission.VERIFY);
        }
        if (rest.size() == 3 && "batches".equals(first) && "release".equals(rest.get(2))
                || rest.size() == 4 && "api".equals(first) && "batches".equals(rest.get(1))
                && "release".equals(rest.get(3))) {
            return Requirement.of(Permission.RELEASE);
        }
        return Requirement.of(Permission.READ);
    }
}
