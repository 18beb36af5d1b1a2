package org.socketlab.lab.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the server and client jars are: {@code --jars DIR}, else the system properties {@code echo.server.jar} and
 * {@code echo.client.jar}, else the repository lab.jar was built in (lab/target/lab.jar, so
 * ../../echo-server/target/echo-server.jar), else the current directory's repository.
 *
 * @param server echo-server.jar
 * @param client echo-client.jar
 */
record Jars(Path server, Path client) {

    /**
     * Finds both jars.
     *
     * @throws IllegalStateException saying where they were looked for and how to build them
     */
    static Jars locate(Optional<Path> dir) {
        Path repository = dir.orElseGet(Jars::repository);
        Path server = find("echo.server.jar", dir, repository, "echo-server");
        Path client = find("echo.client.jar", dir, repository, "echo-client");
        // Lab 3's activities run concurrent-server.jar's models; Lab.concurrentServerJar() looks for it there.
        Path concurrent = dir.map(d -> d.resolve("concurrent-server.jar"))
                .orElse(repository.resolve("concurrent-server/target/concurrent-server.jar"));
        if (System.getProperty("concurrent.server.jar") == null && Files.isRegularFile(concurrent)) {
            System.setProperty("concurrent.server.jar", concurrent.toString());
        }
        return new Jars(server, client);
    }

    /**
     * concurrent-server.jar, lab 2's server, found as the others.
     *
     * @throws IllegalStateException saying where it was looked for and how to build it
     */
    static Path concurrentServer(Optional<Path> dir) {
        return find("concurrent.server.jar", dir, dir.orElseGet(Jars::repository), "concurrent-server");
    }

    private static Path find(String property, Optional<Path> dir, Path repository, String module) {
        return find(property, dir, repository, module, module);
    }

    private static Path find(String property, Optional<Path> dir, Path repository, String module, String jar) {
        Path path = dir.map(d -> d.resolve(jar + ".jar"))
                .orElseGet(() -> Path.of(System.getProperty(
                        property,
                        repository
                                .resolve(module)
                                .resolve("target")
                                .resolve(jar + ".jar")
                                .toString())));
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " does not exist: build the jars first (./mvnw -q package "
                    + "-DskipTests) or say where they are with --jars DIR");
        }
        return path;
    }

    /** The repository lab.jar sits in (REPO/lab/target/lab.jar), or the current directory. */
    private static Path repository() {
        try {
            Path self = Path.of(Jars.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path target = self.getParent();
            if (Files.isRegularFile(self)
                    && target != null
                    && target.getParent() != null
                    && target.getParent().getParent() != null) {
                return target.getParent().getParent();
            }
        } catch (URISyntaxException | SecurityException e) {
            // Fall through to the working directory.
        }
        return Path.of("").toAbsolutePath();
    }
}
