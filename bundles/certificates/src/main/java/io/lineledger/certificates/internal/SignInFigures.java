package io.lineledger.certificates.internal;

/**
 * How sign-in stands, for the status page: refused passwords (sign-in form, HTTP Basic and signatures) since the
 * start, tries refused unchecked because the name was locked, names locked now, open browser sessions.
 */
record SignInFigures(long refusedPasswords, long refusedWhileLocked, int lockedNames, int sessions) {

    static SignInFigures of(Gatekeeper gate) {
        return new SignInFigures(gate.attempts().refusedTotal(), gate.attempts().refusedWhileLockedTotal(),
                gate.attempts().lockedNow(), gate.sessions().open());
    }
}
