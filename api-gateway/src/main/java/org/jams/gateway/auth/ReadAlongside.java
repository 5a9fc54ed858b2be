package org.jams.gateway.auth;

import java.util.Optional;
import java.util.function.Function;
import org.jams.query.database.OneRoundTrip;
import org.jams.query.database.PendingRead;

/**
 * A read about the person signing in that runs in the sign-in's own round trip, for a request that needs it next
 * (an enrollment needs the person's settings). It is answered only when the password was checked here: a directory's
 * sign-in may change what it read (the person's groups), and the request then reads again.
 */
public final class ReadAlongside<T> {

    private final Function<String, PendingRead<T>> readOfName;
    private PendingRead<T> read;
    private T value;
    private boolean answered;

    /** @param readOfName the read, given the canonical name of the account signing in */
    public ReadAlongside(Function<String, PendingRead<T>> readOfName) {
        this.readOfName = readOfName;
    }

    /** What the read found, if the sign-in answered it. */
    public Optional<T> value() {
        return answered ? Optional.ofNullable(value) : Optional.empty();
    }

    PendingRead<T> readFor(String canonicalName) {
        read = readOfName.apply(canonicalName);
        return read;
    }

    void answer(OneRoundTrip.Results results) {
        value = results.of(read);
        answered = true;
    }
}
