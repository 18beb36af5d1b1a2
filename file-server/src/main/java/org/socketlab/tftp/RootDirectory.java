package org.socketlab.tftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The only directory the server reads and writes: every name a client sends is checked here before any file is
 * opened. A name is refused with {@link ErrorCode#ACCESS_VIOLATION} and the reason when it is empty, longer than
 * {@value #MAX_NAME_BYTES} bytes, holds a NUL or another control character, is absolute, has a {@code ..}
 * component, or resolves (through symbolic links) outside the root; a read also when it names a directory, a
 * device, a FIFO or a socket.
 *
 * <p>Reasons never name a path outside the root: they go to the client in the error packet.
 *
 * <p>The checks resolve the name once, then the caller opens the resolved path: a process that can swap a
 * directory inside the root for a symbolic link between the two is not defended against.
 */
public final class RootDirectory {
    /** NAME_MAX of Linux: no single file name is longer. */
    public static final int MAX_NAME_BYTES = 255;

    private final Path root;

    /**
     * @param root an existing directory; its real path (symbolic links resolved) is the boundary
     * @throws IOException if it does not exist or is not a directory
     */
    public RootDirectory(Path root) throws IOException {
        this.root = root.toRealPath();
        if (!Files.isDirectory(this.root)) {
            throw new IOException(root + " is not a directory");
        }
    }

    /** The root's real path. */
    public Path path() {
        return root;
    }

    /**
     * The regular file a read request names.
     *
     * @throws TftpException error 1 if it does not exist, error 2 with the reason for every name refused
     */
    public Path forReading(String name) throws TftpException {
        Path real;
        try {
            real = root.resolve(checked(name)).toRealPath();
        } catch (NoSuchFileException e) {
            throw new TftpException(ErrorCode.FILE_NOT_FOUND, "no file '" + name + "'");
        } catch (AccessDeniedException e) {
            throw denied("'" + name + "' is not accessible to the server");
        } catch (IOException e) {
            throw denied("'" + name + "' cannot be resolved (" + IoErrors.reason(e) + ")");
        }
        if (!real.startsWith(root)) {
            throw denied("'" + name + "' resolves outside the root (a symbolic link)");
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw denied("'" + name + "' cannot be read (" + IoErrors.reason(e) + ")");
        }
        if (attributes.isDirectory()) {
            throw denied("'" + name + "' is a directory");
        }
        if (!attributes.isRegularFile()) {
            // Opening a FIFO would block the server until a writer comes; a device could be read forever.
            throw denied("'" + name + "' is not a regular file (a device, FIFO or socket)");
        }
        return real;
    }

    /**
     * Where a write request's file goes: a name that does not exist yet, in an existing directory of the root.
     *
     * @throws TftpException error 6 if the name exists (whatever it is), error 1 if its directory does not exist,
     *     error 2 with the reason for every name refused
     */
    public Path forWriting(String name) throws TftpException {
        Path requested = root.resolve(checked(name));
        Path directory;
        try {
            directory = requested.getParent().toRealPath();
        } catch (NoSuchFileException e) {
            throw new TftpException(ErrorCode.FILE_NOT_FOUND, "no directory to write '" + name + "' into");
        } catch (IOException e) {
            throw denied("the directory of '" + name + "' cannot be resolved (" + IoErrors.reason(e) + ")");
        }
        if (!directory.startsWith(root)) {
            throw denied("the directory of '" + name + "' resolves outside the root (a symbolic link)");
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw denied("the directory of '" + name + "' is not a directory");
        }
        Path target = directory.resolve(requested.getFileName());
        // NOFOLLOW_LINKS: a symbolic link by that name exists, even if it points nowhere; it is never written through.
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new TftpException(ErrorCode.FILE_EXISTS, "'" + name + "' already exists");
        }
        return target;
    }

    /** The checks on the name as text, before the file system is asked anything. */
    private static String checked(String name) throws TftpException {
        if (name.isEmpty()) {
            throw denied("an empty name");
        }
        if (name.indexOf('\0') >= 0) {
            throw denied("a NUL byte in the name");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw denied("a control character in the name");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw denied("a name of " + bytes + " bytes, longer than " + MAX_NAME_BYTES);
        }
        if (name.startsWith("/")) {
            throw denied("an absolute name ('" + name + "'); names are relative to the root");
        }
        for (String component : name.split("/")) {
            if (component.equals("..")) {
                throw denied("'..' in the name ('" + name + "')");
            }
        }
        return name;
    }

    private static TftpException denied(String reason) {
        return new TftpException(ErrorCode.ACCESS_VIOLATION, reason);
    }
}
