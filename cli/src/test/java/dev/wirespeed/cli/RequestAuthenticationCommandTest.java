package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/request-authentication} from the command line: its route tests pass at the example's clock
 * ({@code --now}) and fail without it (the expired token is then valid); a {@code --jwks} file that is not a key set is
 * an error naming the file.
 */
class RequestAuthenticationCommandTest
{
    private static final String EXAMPLE = "../examples/request-authentication";

    @Test
    void shouldPassTheExampleTestsAtItsClockOnly() throws Exception
    {
        final CliRun r = CliRun.run("test", "-c", EXAMPLE, "--now", "1767225600", EXAMPLE + "/tests");
        assertThat(r.exitCode).as(r.out + r.err).isZero();
        assertThat(r.out).contains("21 tests, 21 passed, 0 failed");
        final CliRun early = CliRun.run("test", "-c", EXAMPLE, EXAMPLE + "/tests");
        assertThat(early.exitCode).isEqualTo(1);
        assertThat(early.out).contains("FAIL  gateway: an expired token").contains("2 failed");
    }

    @Test
    void shouldRefuseAJwksFileThatIsNoKeySet() throws Exception
    {
        final CliRun r = CliRun.run("check", "-c", EXAMPLE, "--jwks", "https://keys.example/jwks=" + EXAMPLE
                + "/README.md");
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err).contains(EXAMPLE + "/README.md: error: jwks: Jwks is an invalid JSON");
    }
}
