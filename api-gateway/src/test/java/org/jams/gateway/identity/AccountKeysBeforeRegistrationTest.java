package org.jams.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.Transaction;
import org.jams.api.directory.DirectoryCommands.RegisterUserCommand;
import org.jams.command.pki.KeyPairPool;
import org.junit.jupiter.api.Test;

/**
 * On Axon's own command bus, with its transaction: a registration finds its account key made before the transaction
 * began (with the pool empty), and takes it without generating; other commands make no key.
 */
class AccountKeysBeforeRegistrationTest {

    private final List<String> steps = new CopyOnWriteArrayList<>();

    @Test
    void aRegistrationsKeyIsMadeBeforeItsTransactionAndOtherCommandsMakeNone() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair template = rsa.generateKeyPair();
        try (KeyPairPool pool = new KeyPairPool(1, () -> { // never started: an empty pool
            steps.add("key generated");
            return new KeyPair(template.getPublic(), template.getPrivate());
        })) {
            SimpleCommandBus bus = SimpleCommandBus.builder().transactionManager(() -> {
                steps.add("transaction began");
                return new Transaction() {
                    @Override
                    public void commit() {
                    }

                    @Override
                    public void rollback() {
                    }
                };
            }).build();
            bus.registerDispatchInterceptor(new AccountKeysBeforeRegistration(pool));
            bus.subscribe(RegisterUserCommand.class.getName(), command -> {
                steps.add("handled");
                pool.take();
                return null;
            });
            bus.subscribe(String.class.getName(), command -> {
                steps.add("other handled");
                return null;
            });

            bus.dispatch(asCommandMessage(new RegisterUserCommand("alice", "", "", "local")));
            bus.dispatch(asCommandMessage("not a registration"));

            assertThat(steps).containsExactly("key generated", "transaction began", "handled",
                    "transaction began", "other handled");
        }
    }
}
