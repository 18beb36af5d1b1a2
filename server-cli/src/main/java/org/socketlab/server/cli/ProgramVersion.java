package org.socketlab.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version} and {@code -V} of every server program, one line, e.g. {@code echo-server 1.0.0 (Java 17.0.15)}:
 * the project's version, filtered into this module's {@code socketlab-version.properties} by the build, and the
 * JDK the program runs on.
 */
public final class ProgramVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {line("${COMMAND-FULL-NAME}")};
    }

    /** The version line of {@code program}. */
    public static String line(String program) {
        return program + " " + version() + " (Java " + System.getProperty("java.version") + ")";
    }

    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = ProgramVersion.class.getResourceAsStream("/socketlab-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // The version is a courtesy: without its file it reads as a development build.
        }
        return properties.getProperty("version", "(development build)");
    }
}
