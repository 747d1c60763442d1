package io.stagedoor.common.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageQueryTest {

    @Test
    void noParametersMeanTheListsDefaultLimitFromTheFirstEntry() {
        assertThat(PageQuery.parse(null, null, 50, 100)).isEqualTo(new PageQuery(50, null));
    }

    @Test
    void givenParametersAreRead() {
        assertThat(PageQuery.parse("100", "42", 50, 100)).isEqualTo(new PageQuery(100, 42L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "101", "ten", "1.5", "", "99999999999"})
    void aLimitOutsideOneToTheMaximumIsAnInvalidRequestNamingTheRange(String limit) {
        assertThatThrownBy(() -> PageQuery.parse(limit, null, 50, 100))
                .isInstanceOfSatisfying(StagedoorProblem.class, problem -> {
                    assertThat(problem.kind()).isEqualTo(ProblemKind.BAD_REQUEST);
                    assertThat(problem.code()).isEqualTo("INVALID_REQUEST");
                    assertThat(problem.detail()).isEqualTo("limit must be an integer between 1 and 100");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "abc", "", "99999999999999999999"})
    void aCursorThatNoPageCouldHaveAnsweredIsAnInvalidRequest(String cursor) {
        assertThatThrownBy(() -> PageQuery.parse(null, cursor, 50, 100))
                .isInstanceOfSatisfying(StagedoorProblem.class, problem -> assertThat(problem.detail())
                        .isEqualTo("cursor must be a cursor this list answered as nextCursor"));
    }
}
