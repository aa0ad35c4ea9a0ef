package dev.waybill.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Database passwords for commands. Never an option value: that would show in the process list and the shell
 * history. A file (a mounted secret) wins over the environment variable.
 */
public final class Passwords {

    private Passwords() {}

    /**
     * @param option the file option's name, for the error message
     * @param file the file the option named, or null
     * @param environmentVariable read when no file is given
     */
    public static Optional<String> read(String option, Path file, String environmentVariable) {
        if (file != null) {
            try {
                return Optional.of(Files.readString(file).strip());
            } catch (IOException e) {
                throw new CliException(option + " " + file + " cannot be read: " + e.getMessage());
            }
        }
        return Optional.ofNullable(System.getenv(environmentVariable)).filter(password -> !password.isEmpty());
    }
}
