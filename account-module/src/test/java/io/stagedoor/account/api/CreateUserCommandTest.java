package io.stagedoor.account.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateUserCommandTest {

    @Test
    void surroundingBlanksAreStripped() {
        assertThat(new CreateUserCommand("  Kim \t").name()).isEqualTo("Kim");
    }

    @Test
    void missingNameIsRefused() {
        assertThatThrownBy(() -> new CreateUserCommand(null)).hasMessage("name is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n", "\u3000"})
    void blankNameIsRefused(String name) {
        assertThatThrownBy(() -> new CreateUserCommand(name)).hasMessage("name must not be blank");
    }

    @Test
    void hundredCharactersFitAndOneMoreDoesNot() {
        assertThat(new CreateUserCommand("a".repeat(100)).name()).hasSize(100);
        assertThatThrownBy(() -> new CreateUserCommand("a".repeat(101)))
                .hasMessage("name must be at most 100 characters");
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        String hundredEmoji = "\uD83C\uDFB5".repeat(100);
        assertThat(new CreateUserCommand(hundredEmoji).name()).isEqualTo(hundredEmoji);
        assertThat(new CreateUserCommand("김".repeat(100)).name()).hasSize(100);
        assertThatThrownBy(() -> new CreateUserCommand(hundredEmoji + "\uD83C\uDFB5"))
                .hasMessageContaining("at most 100");
    }

    @Test
    void controlCharactersAreRefused() {
        assertThatThrownBy(() -> new CreateUserCommand("Kim\u0000Lee")).hasMessageContaining("control characters");
    }
}
