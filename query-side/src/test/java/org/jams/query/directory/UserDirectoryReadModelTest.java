package org.jams.query.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.query.testing.SampleEvents.minutes;
import static org.jams.query.testing.SampleEvents.registered;
import static org.jams.query.testing.SampleEvents.userRevoked;

import java.time.Instant;
import java.util.List;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.setup.SetupEvents.AdminAccountCreatedEvent;
import org.jams.api.setup.SetupEvents.AuditorAccountCreatedEvent;
import org.jams.query.directory.AccountPasswordReader.Kind;
import org.jams.query.directory.AccountPasswordReader.StoredPassword;
import org.jams.query.directory.UserReader.UserPage;
import org.jams.query.directory.UserReader.UserView;
import org.jams.query.setup.SetupProjection;
import org.jams.query.testing.MigratedDatabase;
import org.jams.query.testing.ProjectionFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The users read model: registrations and revocations, read back by the directory, search and sign-in. */
class UserDirectoryReadModelTest {

    private MigratedDatabase database;
    private ProjectionFeed feed;
    private UserReader users;
    private AccountPasswordReader passwords;

    @BeforeEach
    void database() {
        database = MigratedDatabase.create();
        feed = new ProjectionFeed(new UserDirectoryProjection(database.jdbc));
        users = new UserReader(database.jdbc);
        passwords = new AccountPasswordReader(database.jdbc);
    }

    @AfterEach
    void drop() {
        database.close();
    }

    private UserRegisteredEvent register(String username, String displayName, Instant at) {
        UserRegisteredEvent event = registered(username, displayName);
        feed.user(username, event, at);
        return event;
    }

    @Test
    void aRegisteredUserIsActiveFromTheTimeOfTheEventAndFoundByNameAndJamiId() {
        UserRegisteredEvent alice = register("alice", "Alice Liddell", minutes(7));

        UserView expected = new UserView("alice", "Alice Liddell", "local", alice.jamiId(),
                alice.accountCertificatePem(), alice.accountCertificateSerial(), alice.certificateNotAfter(),
                "ACTIVE", minutes(7), null);
        assertThat(users.find("alice")).contains(expected);
        assertThat(users.findByJamiId(alice.jamiId())).contains(expected);
        assertThat(passwords.find("alice")).contains(new StoredPassword(Kind.USER, alice.passwordHash(),
                "Alice Liddell", "local"));
    }

    @Test
    void anUnknownUserIsFoundNowhere() {
        register("alice", "Alice", minutes(1));
        assertThat(users.find("bob")).isEmpty();
        assertThat(users.findByJamiId(registered("bob", "Bob").jamiId())).isEmpty();
        assertThat(passwords.find("bob")).isEmpty();
    }

    @Test
    void aRegistrationDeliveredTwiceKeepsTheFirst() {
        register("alice", "Alice", minutes(1));
        feed.user("alice", registered("alice", "Someone Else"), minutes(2));

        assertThat(users.find("alice")).get().satisfies(user -> {
            assertThat(user.displayName()).isEqualTo("Alice");
            assertThat(user.registeredAt()).isEqualTo(minutes(1));
        });
        assertThat(users.page(null, 0, 10).total()).isEqualTo(1);
    }

    @Test
    void pagesListMatchingUsersByUsernameWithTheTotalOfAllMatches() {
        register("erin", "Erin Smith", minutes(1));
        register("alice", "Alice Jones", minutes(2));
        register("dave", "Dave SMITHERS", minutes(3));
        register("carol", "Carol Smith", minutes(4));
        register("bob", "Bob Brown", minutes(5));

        assertThat(users.page(null, 0, 2)).satisfies(page -> {
            assertThat(names(page)).containsExactly("alice", "bob");
            assertThat(page.total()).isEqualTo(5);
        });
        assertThat(names(users.page("", 2, 2))).containsExactly("erin");
        assertThat(users.page("", 3, 2)).satisfies(past -> {
            assertThat(names(past)).isEmpty();
            assertThat(past.total()).as("a page past the last match still counts them").isEqualTo(5);
        });
        assertThat(users.page("nobody", 0, 2).total()).isZero();
        assertThat(users.page("smith", 5, 2)).satisfies(past -> {
            assertThat(names(past)).isEmpty();
            assertThat(past.total()).isEqualTo(3);
        });
        // The display name matches whatever its case; so does the username.
        UserPage smiths = users.page("smith", 0, 2);
        assertThat(names(smiths)).containsExactly("carol", "dave");
        assertThat(smiths.total()).isEqualTo(3);
        assertThat(names(users.page("smith", 1, 2))).containsExactly("erin");
        assertThat(names(users.page("AR", 0, 10))).containsExactly("carol");
    }

    @Test
    void oneOrTwoCharactersMatchInsideTheUsernameOrTheDisplayNameButNeverAcrossThem() {
        register("bob", "Robert Brown", minutes(1));
        register("carol", "Carol Smith", minutes(2));
        register("dave", "Dave Roberts", minutes(3));
        register("erin", "Erin Bo", minutes(4));
        register("frank", "Frank Ober", minutes(5));

        assertThat(names(users.page("b", 0, 10))).containsExactly("bob", "dave", "erin", "frank");
        assertThat(names(users.page("RO", 0, 10))).containsExactly("bob", "carol", "dave");
        assertThat(users.page("ro", 0, 2)).satisfies(full -> {
            assertThat(names(full)).containsExactly("bob", "carol");
            assertThat(full.total()).as("a full page counts every match").isEqualTo(3);
        });
        assertThat(users.page("ro", 1, 2)).satisfies(last -> {
            assertThat(names(last)).containsExactly("dave");
            assertThat(last.total()).isEqualTo(3);
        });
        assertThat(users.page("ro", 2, 2)).satisfies(past -> {
            assertThat(names(past)).isEmpty();
            assertThat(past.total()).isEqualTo(3);
        });
        // "bob" then "Robert Brown": a text spanning the two fields matches nothing.
        assertThat(names(users.page("br", 0, 10))).containsExactly("bob");
        assertThat(users.page("b\n", 0, 10).total()).isZero();
        assertThat(users.page("b\nr", 0, 10).total()).isZero();
        assertThat(users.page("zq", 0, 10).total()).isZero();
        assertThat(names(users.page("%", 0, 10))).isEmpty();
    }

    @Test
    void aShortTextIsCountedUpToTheLimitAndSaysSo() {
        database.jdbc.batchUpdate("INSERT INTO users (username, display_name, password_hash, source, jami_id,"
                + " account_certificate_pem, account_serial, certificate_not_before, certificate_not_after, ca_key_id,"
                + " status, registered_at) SELECT 'user' || i, 'Person ' || i, 'h', 'local', lpad(to_hex(i), 40, '0'),"
                + " 'pem', 'ff', now(), now(), 'ca', 'ACTIVE', now()"
                + " FROM generate_series(1, " + (UserReader.SHORT_TEXT_COUNT_LIMIT + 5) + ") i");

        UserPage many = users.page("u", 0, 10);
        assertThat(many.totalExact()).isFalse();
        assertThat(many.total()).isEqualTo(UserReader.SHORT_TEXT_COUNT_LIMIT);
        assertThat(names(many)).hasSize(10);
        UserPage last = users.page("u", 100, 10); // a page past the limit scans to its end, and counts exactly
        assertThat(names(last)).hasSize(UserReader.SHORT_TEXT_COUNT_LIMIT + 5 - 1000);
        assertThat(last.total()).isEqualTo(UserReader.SHORT_TEXT_COUNT_LIMIT + 5);
        assertThat(last.totalExact()).isTrue();
        UserPage deep = users.page("u", 99, 10);
        assertThat(names(deep)).hasSize(10);
        assertThat(deep.totalExact()).isFalse();
        UserPage fewer = users.page("99", 0, 10); // user99, user199, ..., user999 and user990 to user998
        assertThat(fewer.totalExact()).isTrue();
        assertThat(fewer.total()).isEqualTo(19);
        assertThat(users.page("", 0, 10)).satisfies(everyone -> {
            assertThat(everyone.totalExact()).isTrue();
            assertThat(everyone.total()).isEqualTo(UserReader.SHORT_TEXT_COUNT_LIMIT + 5);
        });
        assertThat(users.page("user", 0, 10).totalExact()).as("3 or more characters: exact").isTrue();
        assertThat(users.page("user", 0, 10).total()).isEqualTo(UserReader.SHORT_TEXT_COUNT_LIMIT + 5);
    }

    @Test
    void wildcardsInAFilterMatchOnlyThemselves() {
        register("a_b", "Plain", minutes(1));
        register("axb", "Plain", minutes(2));
        register("percent", "100% sure", minutes(3));
        register("hundred", "1000 sure", minutes(4));

        assertThat(names(users.page("a_b", 0, 10))).containsExactly("a_b");
        assertThat(names(users.page("0%", 0, 10))).containsExactly("percent");
        assertThat(names(users.searchActive("a_", 0, 10))).containsExactly("a_b");
    }

    @Test
    void aRevokedUserIsShownAsRevokedButNeitherSearchableByDevicesNorAbleToSignIn() {
        UserRegisteredEvent alice = register("alice", "Alice", minutes(1));
        register("alicia", "Alicia", minutes(2));
        feed.user("alice", userRevoked(alice, "left", minutes(9)), minutes(9));

        assertThat(users.find("alice")).get().satisfies(user -> {
            assertThat(user.status()).isEqualTo("REVOKED");
            assertThat(user.revokedAt()).isEqualTo(minutes(9));
            assertThat(user.registeredAt()).isEqualTo(minutes(1));
        });
        assertThat(users.findByJamiId(alice.jamiId())).get().extracting(UserView::status).isEqualTo("REVOKED");
        assertThat(names(users.page("ali", 0, 10))).containsExactly("alice", "alicia");
        UserPage active = users.searchActive("ali", 0, 10);
        assertThat(names(active)).containsExactly("alicia");
        assertThat(active.total()).isEqualTo(1);
        assertThat(passwords.find("alice")).isEmpty();
        assertThat(passwords.find("alicia")).isPresent();
    }

    @Test
    void signingInFindsAnAdminBeforeAnAuditorBeforeAUserOfTheSameName() {
        ProjectionFeed setup = new ProjectionFeed(new SetupProjection(database.jdbc));
        register("sam", "Sam User", minutes(1));
        assertThat(passwords.find("sam")).get().extracting(StoredPassword::kind).isEqualTo(Kind.USER);

        setup.setup(new AuditorAccountCreatedEvent("setup", "sam", "auditor-hash", minutes(2)), minutes(2));
        assertThat(passwords.find("sam")).contains(new StoredPassword(Kind.AUDITOR, "auditor-hash", null, null));

        setup.setup(new AdminAccountCreatedEvent("setup", "sam", "admin-hash", minutes(3)), minutes(3));
        assertThat(passwords.find("sam")).contains(new StoredPassword(Kind.ADMIN, "admin-hash", null, null));
    }

    private static List<String> names(UserPage page) {
        return page.users().stream().map(UserView::username).toList();
    }
}
