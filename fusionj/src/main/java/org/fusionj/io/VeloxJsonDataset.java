package org.fusionj.io;

import java.nio.charset.StandardCharsets;

/**
 * The form Velox keeps its JSON text in (an image's {@code Metadata}, a spectrum stream's
 * {@code AcquisitionSettings}): a dataset of UTF-8 bytes of shape (length, frames), one column per frame, padded
 * with NULs. The one encoder and decoder: {@link EmdReader} and {@link SpectrumImageFiles} decode it, the Velox-like
 * files written by the tests and the damaged-file generator ({@code io/fuzz/DamagedFiles}) encode it.
 */
public final class VeloxJsonDataset {

    /** NULs written after the text, as Velox pads its JSON (the reader stops at the first). */
    static final int PADDING = 3;

    private VeloxJsonDataset() {
    }

    /** {@code json} as Velox stores it for one frame: UTF-8 bytes plus NUL padding, uint8 of shape (length, 1). */
    public static NdArray encode(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        double[] bytes = new double[utf8.length + PADDING];
        for (int i = 0; i < utf8.length; i++) {
            bytes[i] = utf8[i] & 0xFF;
        }
        return new NdArray(new int[] {bytes.length, 1}, bytes, "|u1");
    }

    /** The text of the first frame's column, up to its first NUL (any numeric type; a 1-D dataset is one column). */
    public static String decode(NdArray bytes) {
        int stride = bytes.rank() == 2 ? bytes.shape()[1] : 1;
        int length = bytes.rank() == 0 ? 0 : bytes.shape()[0];
        byte[] text = new byte[length];
        int used = 0;
        while (used < length && bytes.data()[used * stride] != 0) {
            text[used] = (byte) bytes.data()[used * stride];
            used++;
        }
        return new String(text, 0, used, StandardCharsets.UTF_8);
    }
}
