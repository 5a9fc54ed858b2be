package org.jams.gateway.identity;

import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.jams.api.directory.DirectoryCommands.RegisterUserCommand;
import org.jams.command.pki.KeyPairPool;

/**
 * Registering a person takes an account key pair inside the command's transaction. The pair is set aside here
 * instead, as the command is dispatched (on the sender's thread, which the command bus also handles it on, before it
 * opens the transaction): generated now when the pool is empty, so no database connection is held for the second an
 * RSA-4096 generation takes. One place for every path that registers people: the admin API, a directory person's
 * first sign-in.
 */
final class AccountKeysBeforeRegistration implements MessageDispatchInterceptor<CommandMessage<?>> {

    private final KeyPairPool pool;

    AccountKeysBeforeRegistration(KeyPairPool pool) {
        this.pool = pool;
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            if (command.getPayload() instanceof RegisterUserCommand) {
                pool.reserve();
            }
            return command;
        };
    }
}
