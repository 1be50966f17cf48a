package org.fusionj.core.dictionary;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fusionj.core.ImagePlane;
import org.fusionj.io.NdArray;
import org.fusionj.io.NpyReader;
import org.fusionj.testing.TestData;

/** The shared dictionary reference data ({@code ../shared/reference/dictionary}); missing data fails the test. */
public final class DictionaryReference {

    private DictionaryReference() {
    }

    public static Path folder() {
        Path p = TestData.projectDir().resolve("../shared/reference/dictionary").normalize();
        if (!Files.isDirectory(p)) {
            fail("dictionary reference data not found at " + p + " (the shared/ folder must sit beside the project)");
        }
        return p;
    }

    public static NdArray array(String name) throws IOException {
        return NpyReader.read(folder().resolve(name));
    }

    /** One of the 512 x 512 reference images. */
    public static ImagePlane image(String name) throws IOException {
        NdArray a = array(name);
        return new ImagePlane(name, a.cols(), a.rows(), a.toFloats());
    }

    /** The global scale s of the reference dictionary (from plain_p8.json). */
    public static double scale() throws IOException {
        String json = Files.readString(folder().resolve("plain_p8.json"));
        Matcher m = Pattern.compile("\"s\"\\s*:\\s*([-+0-9.eE]+)").matcher(json);
        if (!m.find()) {
            fail("no \"s\" in plain_p8.json");
        }
        return Double.parseDouble(m.group(1));
    }

    /** The reference plain dictionary: 256 atoms of 8 x 8 learnt by scikit-learn. */
    public static Dictionary plainDictionary() throws IOException {
        NdArray d = array("plain_p8_D.npy");
        return Dictionary.plain(8, d.rows(), d.data().clone(), scale(),
                new DictionaryInfo(DictionaryMode.PLAIN, Double.NaN, Double.NaN, 0, 1, 237, 256, 32, Double.NaN, ""));
    }
}
