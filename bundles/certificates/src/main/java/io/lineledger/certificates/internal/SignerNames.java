package io.lineledger.certificates.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The full names of the people who sign (21 CFR Part 11 §11.50: a signed record shows the printed name of its signer).
 * A login realm gives user names only, so an integrator lists each signer in a UTF-8 file, one line per person:
 * <pre>
 *   # comment
 *   maria = Maria Rossi
 * </pre>
 * The file is read at every use (the release form and each signature, both rare), so a line added or corrected
 * counts at once, without a restart. A file that is missing, unreadable or has a malformed line names no one: nobody
 * signs until it is fixed, and the reason names the file and the line.
 */
final class SignerNames {

    /** Largest file read: a plant's list of signers is far smaller. */
    static final long MAX_BYTES = 1024 * 1024;
    /** Longest full name taken (characters). */
    static final int MAX_NAME = 200;

    private final Path file;

    SignerNames(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * The file an integrator configured: a relative path is read from Karaf's {@code etc} directory.
     *
     * @param configured the configured path
     * @param etc        Karaf's {@code etc} directory; null: relative paths start at the working directory
     * @throws IllegalArgumentException naming the key and value when the path is blank or not a path
     */
    static SignerNames configured(String key, String configured, String etc) {
        String path = configured == null ? "" : configured.strip();
        if (path.isEmpty()) {
            throw new IllegalArgumentException("'" + key + "' must name the file of the signers' full names, got '"
                    + configured + "'");
        }
        try {
            Path given = Path.of(path);
            return new SignerNames(given.isAbsolute() || etc == null || etc.isBlank() ? given
                    : Path.of(etc).resolve(given));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + key + "' must be a file path, got '" + configured + "': "
                    + e.getReason(), e);
        }
    }

    Path file() {
        return file;
    }

    /**
     * Who signs as {@code user}: the full name from the file as it is now, or what is missing and who adds it. Never
     * throws for a file problem: that is a {@link Signer} without a name, {@link Signer#fileFault()} set.
     */
    Signer signer(String user) {
        Map<String, String> names;
        try {
            names = read();
        } catch (FileProblem e) {
            return new Signer(user, null, e.getMessage() + ": nobody can sign until an integrator fixes it", true);
        }
        String name = names.get(user);
        if (name == null) {
            return new Signer(user, null, "user '" + user + "' has no full name in " + file + ", and a signature"
                    + " must show the signer's full name: an integrator adds the line '" + user
                    + " = <full name>' to that file (it counts at once, no restart)", false);
        }
        return new Signer(user, name, null, false);
    }

    /**
     * Every user name with its full name, as the file says now.
     *
     * @throws FileProblem naming the file (and the line) when it is missing, unreadable or malformed
     */
    Map<String, String> read() {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new FileProblem(file + " is larger than " + MAX_BYTES + " bytes: not a list of signers");
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new FileProblem("the file of the signers' full names " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new FileProblem(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new FileProblem("the file of the signers' full names " + file + " cannot be read: " + e);
        }
        return parse(text);
    }

    private Map<String, String> parse(String text) {
        Map<String, String> names = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (number == 1 && line.startsWith("\ufeff")) {
                line = line.substring(1).strip(); // a byte order mark some editors write
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw malformed(number, "expected 'user = Full Name', got '" + shorten(line) + "'");
            }
            String user = line.substring(0, equals).strip();
            String name = line.substring(equals + 1).strip();
            if (user.isEmpty()) {
                throw malformed(number, "no user name before '=' in '" + shorten(line) + "'");
            }
            if (user.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw malformed(number, "the user name '" + shorten(user) + "' contains a space or control"
                        + " character");
            }
            if (name.isEmpty()) {
                throw malformed(number, "the full name of '" + user + "' is empty");
            }
            if (name.length() > MAX_NAME) {
                throw malformed(number, "the full name of '" + user + "' is longer than " + MAX_NAME + " characters");
            }
            if (name.chars().anyMatch(Character::isISOControl)) {
                throw malformed(number, "the full name of '" + user + "' contains a control character");
            }
            Integer first = lineOf.putIfAbsent(user, number);
            if (first != null) {
                throw malformed(number, "user '" + user + "' is named again (first on line " + first + ")");
            }
            names.put(user, name);
        }
        return Map.copyOf(names);
    }

    private FileProblem malformed(int line, String what) {
        return new FileProblem(file + " line " + line + ": " + what);
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "\u2026";
    }

    /**
     * Who signs as a user.
     *
     * @param fullName  null when the file gives none
     * @param problem   then why, saying what is missing and who adds it; null when named
     * @param fileFault the file itself is missing, unreadable or malformed (not just this user unnamed)
     */
    record Signer(String user, String fullName, String problem, boolean fileFault) {

        Signer {
            Objects.requireNonNull(user, "user");
            if ((fullName == null) == (problem == null)) {
                throw new IllegalArgumentException("a signer has a full name or a problem, not both or neither");
            }
        }

        boolean named() {
            return fullName != null;
        }

        /** {@code Maria Rossi (maria)}, as every signed record shows its signer. */
        Optional<String> shown() {
            return named() ? Optional.of(fullName + " (" + user + ")") : Optional.empty();
        }
    }

    /** The file cannot give names: its message names the file, and the line when one is malformed. */
    static final class FileProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FileProblem(String message) {
            super(message);
        }
    }
}
