package io.lineledger.ledger.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class's own anvil node and a sender for its account #0, started once per class and stopped after it.
 * Test classes run one after another, so the static fields are never shared by two running classes.
 */
abstract class OnAnvil {

    static Anvil anvil;
    static TransactionSender sender;

    @BeforeAll
    static void startChain() {
        anvil = Anvil.start();
        sender = TransactionSender.connect(anvil.rpcUrl(), Anvil.KEY_0, 16);
    }

    @AfterAll
    static void stopChain() {
        if (sender != null) {
            sender.close();
        }
        if (anvil != null) {
            anvil.close();
        }
    }
}
