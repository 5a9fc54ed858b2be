package org.jams.gateway.directory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jams.command.directory.Usernames;
import org.jams.gateway.web.ApiError;
import org.jams.query.directory.UserReader.UserView;
import org.jams.query.directory.UserReader;
import org.springframework.stereotype.Component;

/**
 * The device-facing search, answered from where people come from: the users read model for local people, the
 * directory itself (names and photos as it holds them now) when people come from LDAP or Active Directory. One
 * directory search and one database query per request, never one per result. Only people with a Jami account are
 * listed: a client can add no one else as a contact.
 */
@Component
public class DirectorySearch {

    /** A page of profiles, as the client reads them, and how many pages there are (at least). */
    public record ProfilePage(List<Map<String, String>> profiles, long numPages) {
    }

    /** How many of a search's first matches the directory is asked for: pages past them come back empty. */
    static final int MAX_DIRECTORY_MATCHES = 1000;

    private final ExternalDirectories directories;
    private final UserReader users;

    public DirectorySearch(ExternalDirectories directories, UserReader users) {
        this.directories = directories;
        this.users = users;
    }

    /** Blocking. */
    public ProfilePage search(String text, int page, int size) {
        Optional<LdapConnection> directory;
        try {
            directory = directories.connection();
        } catch (DirectoryFailure e) {
            throw unavailable();
        }
        if (directory.isEmpty()) {
            UserReader.UserPage result = users.searchActive(text, page, size);
            return new ProfilePage(result.users().stream().map(DirectorySearch::profile).toList(),
                    (result.total() + size - 1) / size);
        }
        List<DirectoryPerson> matches;
        try {
            matches = directory.get().search(text, MAX_DIRECTORY_MATCHES);
        } catch (DirectoryFailure e) {
            throw unavailable();
        }
        List<String> usernames = matches.stream().map(p -> Usernames.canonical(p.username())).toList();
        Map<String, UserView> known = users.activeByUsernames(usernames);
        List<Map<String, String>> profiles = new ArrayList<>();
        for (DirectoryPerson person : matches) {
            UserView user = known.get(Usernames.canonical(person.username()));
            if (user != null) {
                profiles.add(profile(user, person));
            }
        }
        int from = Math.min(profiles.size(), page * size);
        return new ProfilePage(profiles.subList(from, Math.min(profiles.size(), from + size)),
                (profiles.size() + size - 1) / size);
    }

    static Map<String, String> profile(UserView user) {
        String displayName = user.displayName() == null ? "" : user.displayName().trim();
        int space = displayName.indexOf(' ');
        return profile(user, space < 0 ? displayName : displayName.substring(0, space),
                space < 0 ? "" : displayName.substring(space + 1), "");
    }

    private static Map<String, String> profile(UserView user, DirectoryPerson person) {
        String[] names = person.nameToShow().split(" ", 2);
        String first = person.firstName() != null ? person.firstName() : names[0];
        String last = person.lastName() != null ? person.lastName() : names.length > 1 ? names[1] : "";
        return profile(user, first, last, person.photoBase64() == null ? "" : person.photoBase64());
    }

    private static Map<String, String> profile(UserView user, String firstName, String lastName, String photo) {
        Map<String, String> profile = new LinkedHashMap<>();
        profile.put("id", user.jamiId());
        profile.put("username", user.username());
        profile.put("firstName", firstName);
        profile.put("lastName", lastName);
        profile.put("profilePicture", photo);
        return profile;
    }

    private static ApiError unavailable() {
        return ApiError.unavailable("directory_unavailable",
                "The directory that holds the people cannot be reached; try again in a moment.");
    }
}
