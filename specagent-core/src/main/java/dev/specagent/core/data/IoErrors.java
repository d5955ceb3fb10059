package dev.specagent.core.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Says in words why a file could not be read or written: {@link java.nio.file} exceptions often carry
 * only the path as their message ({@code NoSuchFileException: /proc/x.html}), which names the file but
 * not the reason.
 */
public final class IoErrors {

    private IoErrors() {
    }

    /** Why {@code e} happened, without its class name: "no such file or folder", "permission denied", .... */
    public static String reason(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text (a binary file?)"; // the JDK's own message is only "Input length = 1"
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException exists) {
            return exists.getFile() + " is in the way (a file where a folder is needed)";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }
}
