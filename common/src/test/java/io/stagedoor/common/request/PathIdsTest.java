package io.stagedoor.common.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathIdsTest {

    @Test
    void aPositiveIntegerIsTheId() {
        assertThat(PathIds.positiveId("concertId", "7")).isEqualTo(7L);
        assertThat(PathIds.positiveId("concertId", String.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "seven", "7.0", "", "9223372036854775808"})
    void anythingElseIsAnInvalidRequestNamingTheVariable(String raw) {
        assertThatThrownBy(() -> PathIds.positiveId("concertId", raw))
                .isInstanceOfSatisfying(StagedoorProblem.class, problem -> {
                    assertThat(problem.kind()).isEqualTo(ProblemKind.BAD_REQUEST);
                    assertThat(problem.code()).isEqualTo("INVALID_REQUEST");
                    assertThat(problem.detail()).isEqualTo("concertId must be a positive integer");
                });
    }
}
