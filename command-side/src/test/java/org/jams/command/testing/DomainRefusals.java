package org.jams.command.testing;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.jams.api.error.DomainException;

/** Matches the {@link DomainException} a refused command throws, by its kind and stable code. */
public final class DomainRefusals {

    private DomainRefusals() {
    }

    public static Matcher<DomainException> refusedWith(DomainException.Kind kind, String code) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(DomainException refusal, Description mismatch) {
                boolean matches = refusal.kind() == kind && code.equals(refusal.code())
                        && refusal.getMessage() != null && !refusal.getMessage().isBlank();
                if (!matches) {
                    mismatch.appendText("was a " + refusal.kind() + " refusal with code ").appendValue(refusal.code())
                            .appendText(" and message ").appendValue(refusal.getMessage());
                }
                return matches;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a " + kind + " refusal with code ").appendValue(code)
                        .appendText(" and a message");
            }
        };
    }
}
