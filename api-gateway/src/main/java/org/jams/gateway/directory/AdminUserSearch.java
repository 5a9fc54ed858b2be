package org.jams.gateway.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jams.command.directory.Usernames;
import org.jams.gateway.web.ApiError;
import org.jams.query.directory.UserReader.UserPage;
import org.jams.query.directory.UserReader.UserView;
import org.jams.query.directory.UserReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The admins' list of people, from where people come from. Without a directory it is the users read model. With one,
 * it is everyone the directory has that matches (one paged search, without photos) together with the people known
 * here that match (a local person, or one the directory no longer has), in username order; a directory person with no
 * Jami account yet is listed with status {@value #NOT_REGISTERED}. Each side gives at most
 * {@link #MAX_MATCHES} matches: past them the count says "at least".
 */
@Component
public class AdminUserSearch {

    /** The status of a person the directory has and this server does not know yet. */
    public static final String NOT_REGISTERED = "NOT_REGISTERED";
    static final int MAX_MATCHES = 1000;

    private final ExternalDirectories directories;
    private final UserReader users;
    private final int pageSize;

    public AdminUserSearch(ExternalDirectories directories, UserReader users,
                           @Value("${jams.directory.sync.page-size:200}") int pageSize) {
        this.directories = directories;
        this.users = users;
        this.pageSize = pageSize;
    }

    /** Blocking. */
    public UserPage page(String text, int page, int size) {
        Optional<LdapConnection> directory;
        try {
            directory = directories.connection();
        } catch (DirectoryFailure e) {
            throw unavailable();
        }
        if (directory.isEmpty()) {
            return users.page(text, page, size);
        }
        String source = directories.settings().map(settings -> settings.type()).orElse("");
        List<DirectoryPerson> matches = new ArrayList<>();
        boolean allOfTheDirectory = directoryMatches(directory.get(), text == null ? "" : text, matches);
        Map<String, UserView> knownHere = users.byUsernames(matches.stream()
                .map(person -> Usernames.canonical(person.username())).toList());
        UserPage local = users.page(text, 0, MAX_MATCHES);
        Map<String, UserView> listed = new TreeMap<>();
        local.users().forEach(user -> listed.put(user.username(), user));
        for (DirectoryPerson person : matches) {
            String username = Usernames.canonical(person.username());
            UserView known = knownHere.get(username);
            listed.putIfAbsent(username, known != null ? known : new UserView(username, person.nameToShow(), source,
                    null, null, null, null, NOT_REGISTERED, null, null));
        }
        List<UserView> all = new ArrayList<>(listed.values());
        int from = Math.min(all.size(), page * size);
        boolean exact = allOfTheDirectory && local.totalExact() && local.total() <= MAX_MATCHES;
        return new UserPage(all.subList(from, Math.min(all.size(), from + size)), all.size(), page, size, exact);
    }

    /**
     * Collects up to {@link #MAX_MATCHES} of the directory's matches; answers whether that is all of them. A directory
     * that stops the listing at its size limit has given what it allows.
     */
    private boolean directoryMatches(LdapConnection directory, String text, List<DirectoryPerson> matches) {
        try (LdapConnection.PeoplePages pages = directory.matching(text, Math.min(pageSize, MAX_MATCHES))) {
            for (List<DirectoryPerson> page = pages.next(); page != null; page = pages.next()) {
                for (DirectoryPerson person : page) {
                    if (person.username() == null) {
                        continue;
                    }
                    if (matches.size() == MAX_MATCHES) {
                        return false;
                    }
                    matches.add(person);
                }
            }
            return true;
        } catch (DirectoryFailure e) {
            if (e.kind() == DirectoryFailure.Kind.SIZE_LIMIT) {
                return false;
            }
            throw unavailable();
        }
    }

    private static ApiError unavailable() {
        return ApiError.unavailable("directory_unavailable",
                "The directory that holds the people cannot be reached; try again in a moment.");
    }
}
