package org.fusionj.core;

/**
 * Input a kernel cannot work with (sizes that disagree, NaN pixels, a constant image, out-of-range parameters).
 * The message is written for the microscopist: it names the image or parameter, what was found and what was
 * expected. Front-ends show it as it is; the CLI prints it and exits with status 2.
 */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
