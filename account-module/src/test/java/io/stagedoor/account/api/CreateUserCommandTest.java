package io.stagedoor.account.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateUserCommandTest {

    private static final Password PASSWORD = Password.of("twelve chars");

    private static CreateUserCommand command(String name) {
        return new CreateUserCommand(name, PASSWORD);
    }

    @Test
    void surroundingBlanksAreStripped() {
        assertThat(command("  Kim \t").name()).isEqualTo("Kim");
    }

    @Test
    void missingNameIsRefused() {
        assertThatThrownBy(() -> command(null)).hasMessage("name is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n", "\u3000"})
    void blankNameIsRefused(String name) {
        assertThatThrownBy(() -> command(name)).hasMessage("name must not be blank");
    }

    @Test
    void hundredCharactersFitAndOneMoreDoesNot() {
        assertThat(command("a".repeat(100)).name()).hasSize(100);
        assertThatThrownBy(() -> command("a".repeat(101)))
                .hasMessage("name must be at most 100 characters");
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        String hundredEmoji = "\uD83C\uDFB5".repeat(100);
        assertThat(command(hundredEmoji).name()).isEqualTo(hundredEmoji);
        assertThat(command("김".repeat(100)).name()).hasSize(100);
        assertThatThrownBy(() -> command(hundredEmoji + "\uD83C\uDFB5"))
                .hasMessageContaining("at most 100");
    }

    @Test
    void controlCharactersAreRefused() {
        assertThatThrownBy(() -> command("Kim\u0000Lee")).hasMessageContaining("control characters");
    }

    @Test
    void aPasswordIsRequired() {
        assertThatThrownBy(() -> new CreateUserCommand("Kim", null)).isInstanceOf(NullPointerException.class);
    }
}
