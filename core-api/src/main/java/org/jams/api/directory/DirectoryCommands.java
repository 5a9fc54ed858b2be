package org.jams.api.directory;

import java.util.List;

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

    /** What the directory says about a person now; an event only when it differs from what it said last. */
    public record RecordDirectoryProfileCommand(@TargetAggregateIdentifier String username, String displayName,
                                                String firstName, String lastName, String email,
                                                String photoSha256, List<String> groups) {
        public RecordDirectoryProfileCommand {
            groups = groups == null ? List.of() : List.copyOf(groups);
        }

        @Override
        public String toString() {
            return "RecordDirectoryProfileCommand[username=" + username + "]";
        }
    }

    /** The directory disabled the person or no longer has them; nothing happens to a disabled or revoked person. */
    public record DisableUserCommand(@TargetAggregateIdentifier String username, String reason, String actor) {
    }

    /** The directory has the person again; nothing happens unless they are disabled. */
    public record EnableUserCommand(@TargetAggregateIdentifier String username, String actor) {
    }
}
