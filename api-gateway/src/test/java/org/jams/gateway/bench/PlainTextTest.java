package org.jams.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The measurement code's splits, as the regular expressions they replace gave them. */
class PlainTextTest {

    @Test
    void wordsAreSplitAtRunsOfWhitespace() {
        assertThat(PlainText.words("cpu  4705 150 1120 16250 520 0 26 0 0 0\n"))
                .containsExactly("cpu", "4705", "150", "1120", "16250", "520", "0", "26", "0", "0", "0");
        assertThat(PlainText.words("  \t ")).isEmpty();
        assertThat(PlainText.words("S 1 2")).containsExactly("S", "1", "2");
    }

    @Test
    void runsOfDigitsFoldIntoOneN() {
        assertThat(PlainText.digitsFolded("GC Thread#12")).isEqualTo("GC Thread#N");
        assertThat(PlainText.digitsFolded("jams-blocking-3")).isEqualTo("jams-blocking-N");
        assertThat(PlainText.digitsFolded("C2 CompilerThre")).isEqualTo("CN CompilerThre");
        assertThat(PlainText.digitsFolded("main")).isEqualTo("main");
    }

    @Test
    void processIdsAreDigitsOnly() {
        assertThat(PlainText.isDigits("4711")).isTrue();
        assertThat(PlainText.isDigits("self")).isFalse();
        assertThat(PlainText.isDigits("")).isFalse();
        assertThat(PlainText.isDigits("12a")).isFalse();
    }
}
