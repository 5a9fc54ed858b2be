package org.jams.gateway.auth;

import org.jams.query.directory.AccountPasswordReader.Kind;
import org.jams.query.directory.AccountPasswordReader;
import org.jams.query.directory.UserReader;
import org.springframework.stereotype.Component;

/**
 * One name, one account: a password login looks a name up among admins, then auditors, then users, so an account
 * whose name another kind of account already has could never sign in. Blocking.
 */
@Component
public class AccountNames {

    private final AccountPasswordReader accounts;
    private final UserReader users;

    public AccountNames(AccountPasswordReader accounts, UserReader users) {
        this.accounts = accounts;
        this.users = users;
    }

    /** The same lookup a password login makes, so the two cannot disagree on who owns a name. */
    public boolean isAdminOrAuditor(String canonicalUsername) {
        return accounts.find(canonicalUsername).filter(account -> account.kind() != Kind.USER).isPresent();
    }

    /** Also a revoked user's name: it stays theirs in the history. */
    public boolean isTaken(String canonicalUsername) {
        return users.find(canonicalUsername).isPresent() || isAdminOrAuditor(canonicalUsername);
    }
}
