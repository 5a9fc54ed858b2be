package org.jams.api.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a user's account. The aggregate identifier is the lower-cased username. */
public final class UserCommands {
    private UserCommands() {
    }

    public record RegisterUserCommand(@TargetAggregateIdentifier String username, String displayName,
                                      String passwordHash, String source) {
        @Override
        public String toString() {
            return "RegisterUserCommand[username=" + username + ", source=" + source + "]";
        }
    }

    /** Revokes the account certificate and every device of the user. */
    public record RevokeUserCommand(@TargetAggregateIdentifier String username, String reason, String actor) {
    }
}
