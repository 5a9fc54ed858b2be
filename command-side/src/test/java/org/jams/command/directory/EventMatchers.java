package org.jams.command.directory;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.hamcrest.Description;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/** Hamcrest matchers on the fields of event and result records, for values that are random (serials, PEMs). */
final class EventMatchers {

    private EventMatchers() {
    }

    /** A payload of exactly this type whose fields all match. */
    @SafeVarargs
    static <T> Matcher<Object> a(Class<T> type, Matcher<? super T>... fields) {
        Matcher<T> all = org.hamcrest.Matchers.allOf(fields);
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item, Description mismatch) {
                if (!type.isInstance(item)) {
                    mismatch.appendText("was ").appendValue(item);
                    return false;
                }
                T typed = type.cast(item);
                if (!all.matches(typed)) {
                    all.describeMismatch(typed, mismatch);
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a " + type.getSimpleName() + " with ").appendDescriptionOf(all);
            }
        };
    }

    static <T, U> Matcher<T> field(String name, Function<T, U> getter, Matcher<? super U> value) {
        return new FeatureMatcher<T, U>(value, name, name) {
            @Override
            protected U featureValueOf(T actual) {
                return getter.apply(actual);
            }
        };
    }

    /** A relation between fields, e.g. "the serial is the certificate's serial". */
    static <T> Matcher<T> where(String description, Predicate<T> condition) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(T item, Description mismatch) {
                boolean holds;
                try {
                    holds = condition.test(item);
                } catch (RuntimeException | AssertionError e) {
                    mismatch.appendText("failed with " + e);
                    return false;
                }
                if (!holds) {
                    mismatch.appendText("did not hold for ").appendValue(item);
                }
                return holds;
            }

            @Override
            public void describeTo(Description text) {
                text.appendText(description);
            }
        };
    }

    /** Matches anything of the type and keeps it, so a later expectation can compare against it. */
    static <T> Matcher<Object> captured(Class<T> type, AtomicReference<T> into) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item, Description mismatch) {
                if (!type.isInstance(item)) {
                    mismatch.appendText("was ").appendValue(item);
                    return false;
                }
                into.set(type.cast(item));
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("any " + type.getSimpleName());
            }
        };
    }
}
