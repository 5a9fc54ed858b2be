package org.jams.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;

/** What PostgreSQL's refusals mean for the caller, by SQL state, whatever Spring wrapped them in. */
class DatabaseErrorsTest {

    @Test
    void aTransactionEndedForConcurrentWorkIsBusyAndMayBeTriedAgain() {
        for (String state : new String[] {"40P01", "40001", "55P03"}) {
            ApiError api = DatabaseErrors.translate(new PessimisticLockingFailureException("wrapped",
                    new SQLException("ERROR: deadlock detected", state)));
            assertThat(api.status()).as(state).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(api.code()).isEqualTo("database_busy");
            assertThat(api.retryAfterSeconds()).isEqualTo(1);
            assertThat(api.getMessage()).contains("nothing was changed").doesNotContain("deadlock");
        }
    }

    @Test
    void anUnreachableDatabaseABadValueAndAnythingElseKeepTheirAnswers() {
        assertThat(DatabaseErrors.translate(new PSQLException("x", PSQLState.CONNECTION_FAILURE)).code())
                .isEqualTo("database_unavailable");
        assertThat(DatabaseErrors.translate(new PSQLException("x", PSQLState.NUMERIC_VALUE_OUT_OF_RANGE)).status())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        ApiError other = DatabaseErrors.translate(new PSQLException("x", PSQLState.UNIQUE_VIOLATION));
        assertThat(other.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(other.retryAfterSeconds()).isZero();
    }
}
