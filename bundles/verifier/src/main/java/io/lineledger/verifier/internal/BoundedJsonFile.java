package io.lineledger.verifier.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads a JSON file someone else wrote, before any of it is interpreted: at most {@code maxBytes} (a huge file
 * must not exhaust the heap and end as an error that looks like a verdict), strict UTF-8, well-formed JSON and
 * no key twice in one object (a person or another tool might read the other value).
 */
public final class BoundedJsonFile {

    /** 16 MiB: a proof file is a few kilobytes; a batch proof of a large batch stays well below this. */
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private BoundedJsonFile() {
    }

    /** The file cannot be taken as JSON; the message is one sentence naming the file and what is wrong. */
    public static final class UnreadableException extends Exception {

        private static final long serialVersionUID = 1L;

        UnreadableException(String message) {
            super(message);
        }
    }

    /** The file's text, once it is known to be small enough, UTF-8 and JSON without duplicate keys. */
    public static String read(Path file, long maxBytes) throws UnreadableException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        byte[] bytes;
        try {
            if (Files.isRegularFile(file) && Files.size(file) > maxBytes) {
                throw tooLarge(file, Files.size(file), maxBytes);
            }
            // read one byte more than allowed: a file that grows, a pipe or a device is bounded too
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
        } catch (NoSuchFileException e) {
            throw new UnreadableException("no such file: " + file);
        } catch (IOException e) {
            throw new UnreadableException("cannot read " + file + ": " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(file, -1, maxBytes);
        }
        return decode(file, bytes);
    }

    /**
     * The text of {@code bytes} received from elsewhere (an upload), named {@code name} in messages, once it is known
     * to be at most {@code maxBytes}, UTF-8 and JSON without duplicate keys.
     */
    public static String read(String name, byte[] bytes, long maxBytes) throws UnreadableException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        Path label = Path.of(name.isBlank() ? "upload" : name.replaceAll("[^A-Za-z0-9._-]", "_"));
        if (bytes.length > maxBytes) {
            throw tooLarge(label, bytes.length, maxBytes);
        }
        return decode(label, bytes);
    }

    private static String decode(Path file, byte[] bytes) throws UnreadableException {
        if (!isUtf8(bytes)) {
            throw new UnreadableException(file + " is not UTF-8 text");
        }
        // valid UTF-8 decodes to the same text leniently; a (mostly ASCII) file then takes one byte per character
        String text = new String(bytes, StandardCharsets.UTF_8);
        checkJson(file, text);
        return text;
    }

    /** Strict UTF-8, checked through a small buffer: a large file is not decoded into a second, larger copy. */
    private static boolean isUtf8(byte[] bytes) {
        int firstNonAscii = 0;
        while (firstNonAscii < bytes.length && bytes[firstNonAscii] >= 0) {
            firstNonAscii++;
        }
        if (firstNonAscii == bytes.length) {
            return true; // ASCII is UTF-8: a proof file mostly is, and a large one is checked in one quick scan
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // every byte before the first non-ASCII one is a whole character: decode from there on
        ByteBuffer in = ByteBuffer.wrap(bytes, firstNonAscii, bytes.length - firstNonAscii);
        CharBuffer out = CharBuffer.allocate(64 * 1024);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return false;
            }
            out.clear();
            if (result.isUnderflow()) {
                break;
            }
        }
        while (true) {
            CoderResult result = decoder.flush(out);
            if (result.isError()) {
                return false;
            }
            out.clear();
            if (result.isUnderflow()) {
                return true;
            }
        }
    }

    private static UnreadableException tooLarge(Path file, long size, long maxBytes) {
        return new UnreadableException(file + " is too large: " + (size < 0 ? "more than " + maxBytes : size)
                + " bytes, over the limit of " + maxBytes
                + " bytes (raise it with --max-bytes if the file is genuine)");
    }

    /** Streams through every token: syntax errors and duplicate keys are found without building a tree. */
    private static void checkJson(Path file, String text) throws UnreadableException {
        try (JsonParser parser = STRICT.createParser(text)) {
            while (parser.nextToken() != null) {
                // STRICT_DUPLICATE_DETECTION throws at the second occurrence of a key
            }
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field") && e.getProcessor() != null) {
                JsonStreamContext at = e.getProcessor().getParsingContext();
                throw new UnreadableException(file + " has the key '" + at.getCurrentName() + "' twice in one object"
                        + " (at " + path(at) + "): a reader could take either value, so nothing in it is checked");
            }
            throw new UnreadableException(file + " is not valid JSON: " + message + location(e));
        } catch (StreamConstraintsException e) {
            throw new UnreadableException(file + " is not acceptable JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadableException(file + " is not valid JSON: " + e.getMessage());
        }
    }

    private static String location(JsonParseException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** {@code record.fields} or {@code merkle.proof[2]}: the style of the proof file's own parse errors. */
    static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                parts.push(c.getCurrentName() == null ? "?" : c.getCurrentName());
            } else if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            }
        }
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (out.length() > 0 && !part.startsWith("[")) {
                out.append('.');
            }
            out.append(part);
        }
        return out.length() == 0 ? "the top level" : out.toString();
    }
}
