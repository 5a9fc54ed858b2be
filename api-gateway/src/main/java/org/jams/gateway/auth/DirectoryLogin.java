package org.jams.gateway.auth;

import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/** People whose passwords an LDAP server or an Active Directory checks. */
public interface DirectoryLogin {

    /**
     * The exchange attribute where {@link #authenticate} leaves the person's photo from the directory (base64), for
     * the enrollment answer.
     */
    String PHOTO_ATTRIBUTE = DirectoryLogin.class.getName() + ".photo";

    /** Whether people sign in with a directory's passwords now. Blocking. */
    boolean enabled();

    /**
     * The person, as a USER caller named by the directory's username, when the directory accepts the login and
     * password; empty when it does not, or when the directory disabled the account. Throws a 503 ApiError when the
     * directory cannot answer. A person seen for the first time is registered (their Jami account is created).
     * Blocking.
     */
    Optional<Caller> authenticate(String login, String password, ServerWebExchange exchange);
}
