package org.jams.api.directory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on the people of the directory. The aggregate identifier is the lower-cased username. */
public final class DirectoryCommands {
    private DirectoryCommands() {
    }

    public record RegisterUserCommand(@TargetAggregateIdentifier String username, String displayName,
                                      String passwordHash, String source) {
        @Override
        public String toString() {
            return "RegisterUserCommand[username=" + username + ", source=" + source + "]";
        }
    }
}
