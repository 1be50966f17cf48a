package org.fusionj.workflow;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusionj.core.InvalidInputException;

/**
 * Small text inputs (energy lists, reference spectra) read with the reader rules: refused by name when unreadable,
 * far too large for what they should hold, or not text, instead of Java's "Input length = 1".
 */
public final class TextFiles {

    /** The largest such file read: a list of energies or a spectrum is a few KB; anything larger is the wrong file. */
    public static final long MAX_BYTES = 10L << 20;

    private TextFiles() {
    }

    /**
     * A small UTF-8 text file, refused by name when it is unreadable, larger than {@value #MAX_BYTES} bytes, or not
     * text.
     *
     * @param what what the file should hold, for the messages
     */
    public static String read(Path file, String what) throws IOException {
        String name = file.getFileName().toString();
        if (Files.exists(file) && !Files.isReadable(file)) {
            throw new InvalidInputException(name + ": permission denied: this user may not read "
                    + file.toAbsolutePath() + "; change its permissions (chmod) or copy it to a folder you own");
        }
        if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
            throw new InvalidInputException(name + ": " + Files.size(file) + " bytes is far too large for " + what
                    + ": is it the right file?");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(name + ": not a text file (UTF-8); expected " + what);
        }
    }
}
