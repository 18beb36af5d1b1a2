package org.socketlab.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a later lab gets when it depends on this library: the models, the echo protocol and the socket options, but no
 * command line and no logging backend. The test runs on the module's own resolved classpath, a consumer's view of it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LibraryDependenciesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "picocli.CommandLine", // picocli
                "ch.qos.logback.classic.Logger", // Logback
                "org.socketlab.server.cli.ServerOptions" // the server programs' command line
            })
    void theLibraryBringsNoProgram(String className) {
        assertThat(loadable(className))
                .as("%s on the classpath of a project that depends on concurrent-servers", className)
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "org.socketlab.server.BlockingServer",
                "org.socketlab.echo.EchoHandler",
                "org.socketlab.options.SockOpt",
                "org.slf4j.Logger"
            })
    void theLibraryBringsTheModelsAndWhatTheyRunOn(String className) {
        assertThat(List.of(className)).allMatch(LibraryDependenciesTest::loadable);
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, LibraryDependenciesTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
