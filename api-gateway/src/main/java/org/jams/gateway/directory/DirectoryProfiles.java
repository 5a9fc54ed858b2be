package org.jams.gateway.directory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jams.api.directory.DirectoryCommands.RecordDirectoryProfileCommand;
import org.jams.query.directory.UserReader.DirectoryProfileView;

/** What the directory says about a person, as the user aggregate records it, and whether that changed. */
final class DirectoryProfiles {

    /** As the aggregate bounds them, so that an unchanged person compares equal. */
    private static final int MAX_DISPLAY_NAME = 128;
    private static final int MAX_TEXT = 256;
    static final java.util.regex.Pattern CONTROL_CHARACTERS = java.util.regex.Pattern.compile("\\p{Cntrl}");

    private DirectoryProfiles() {
    }

    /** The command recording what the directory says now, when it differs from what it said last. */
    static Optional<RecordDirectoryProfileCommand> changed(String username, DirectoryPerson person,
                                                           DirectoryProfileView last) {
        RecordDirectoryProfileCommand now = new RecordDirectoryProfileCommand(username,
                bounded(person.nameToShow(), MAX_DISPLAY_NAME), bounded(person.firstName(), MAX_TEXT),
                bounded(person.lastName(), MAX_TEXT), bounded(person.email(), MAX_TEXT), photoSha256(person),
                person.groups());
        boolean same = last != null && now.displayName().equals(last.displayName())
                && now.firstName().equals(last.firstName()) && now.lastName().equals(last.lastName())
                && now.email().equals(last.email()) && now.photoSha256().equals(last.photoSha256())
                && now.groups().equals(last.groups());
        return same ? Optional.empty() : Optional.of(now);
    }

    static String photoSha256(DirectoryPerson person) {
        if (person.photoBase64() == null) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getDecoder().decode(person.photoBase64())));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static String bounded(String text, int max) {
        String trimmed = text == null ? "" : CONTROL_CHARACTERS.matcher(text).replaceAll(" ").trim();
        return trimmed.length() > max ? trimmed.substring(0, max) : trimmed;
    }
}
