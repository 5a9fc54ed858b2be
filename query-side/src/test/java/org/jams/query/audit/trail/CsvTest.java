package org.jams.query.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The CSV writer against RFC 4180, and a round trip through an independent strict reader. */
class CsvTest {

    @Test
    void plainFieldsAreWrittenAsTheyAreAndRecordsEndWithCrLf() {
        assertThat(Csv.record(List.of("1", "2026-03-03T14:05:00Z", "UserRevokedEvent")))
                .isEqualTo("1,2026-03-03T14:05:00Z,UserRevokedEvent\r\n");
    }

    @Test
    void fieldsWithCommasQuotesLineBreaksOrEdgeSpacesAreQuotedWithQuotesDoubled() {
        assertThat(Csv.record(Arrays.asList("a,b", "say \"hi\"", "two\nlines", "cr\rlf", " lead", "trail ", "in side")))
                .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rlf\",\" lead\",\"trail \",in side\r\n");
        assertThat(Csv.record(List.of("{\"username\":\"alice\",\"serials\":[\"a\",\"b\"]}")))
                .isEqualTo("\"{\"\"username\"\":\"\"alice\"\",\"\"serials\"\":[\"\"a\"\",\"\"b\"\"]}\"\r\n");
    }

    @Test
    void nullAndEmptyAreEmptyFields() {
        assertThat(Csv.record(Arrays.asList(null, "", "x", null))).isEqualTo(",,x,\r\n");
    }

    @Test
    void randomFieldsSurviveARoundTripThroughAStrictReader() {
        Random random = new Random(4180);
        String alphabet = "ab ,\"\r\n;\t=+-@é🙂'";
        List<List<String>> written = new ArrayList<>();
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < 500; r++) {
            List<String> record = new ArrayList<>();
            int fields = 1 + random.nextInt(6);
            for (int f = 0; f < fields; f++) {
                StringBuilder value = new StringBuilder();
                int length = random.nextInt(12);
                for (int c = 0; c < length; c++) {
                    value.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                            random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
                }
                record.add(value.toString());
            }
            written.add(record);
            csv.append(Csv.record(record));
        }

        assertThat(CsvReader.parse(csv.toString())).isEqualTo(written);
    }
}
