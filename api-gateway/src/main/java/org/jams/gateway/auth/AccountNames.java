package org.jams.gateway.auth;

import org.jams.query.setup.SetupReader;
import org.jams.query.users.UserReader;
import org.springframework.stereotype.Component;

/**
 * One name, one account: a password login looks a name up among admins, then auditors, then users, so an account
 * whose name another kind of account already has could never sign in. Blocking.
 */
@Component
public class AccountNames {

    private final SetupReader setup;
    private final UserReader users;

    public AccountNames(SetupReader setup, UserReader users) {
        this.setup = setup;
        this.users = users;
    }

    public boolean isAdminOrAuditor(String canonicalUsername) {
        return setup.adminPasswordHash(canonicalUsername).isPresent()
                || setup.auditorPasswordHash(canonicalUsername).isPresent();
    }

    public boolean isTaken(String canonicalUsername) {
        return users.find(canonicalUsername).isPresent() || isAdminOrAuditor(canonicalUsername);
    }
}
