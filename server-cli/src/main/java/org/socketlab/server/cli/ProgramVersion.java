package org.socketlab.server.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version the jar's manifest carries (Implementation-Version), and the JDK it runs on. */
public final class ProgramVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = ProgramVersion.class.getPackage().getImplementationVersion();
        return new String[] {
            "${COMMAND-FULL-NAME} " + (version == null ? "(development build)" : version) + " on Java "
                    + Runtime.version()
        };
    }
}
