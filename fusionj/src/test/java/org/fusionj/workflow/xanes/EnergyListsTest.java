package org.fusionj.workflow.xanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Energies files: a header line and comments are fine; any other line without a number is refused by number. */
class EnergyListsTest {

    @TempDir
    Path tmp;

    @Test
    void headersCommentsAndColumnsAreRead() throws IOException {
        Path f = Files.writeString(tmp.resolve("e.csv"), "energy_eV,I0\n# calibrated\n6500,1\n6510.5,2\n\n6520,3\n");
        assertArrayEquals(new double[] {6500, 6510.5, 6520}, EnergyLists.fromFile(f));
        assertArrayEquals(new double[] {6500, 6510, 6520}, EnergyLists.parse("6500, 6510; 6520", "--energies"));
    }

    @Test
    void aLineWithoutANumberIsRefusedWithItsLineNumber() throws IOException {
        Path f = Files.writeString(tmp.resolve("energies.txt"), "6500\n6510\nsix thousand five hundred twenty\n6530\n");
        String m = assertThrows(InvalidInputException.class, () -> EnergyLists.fromFile(f)).getMessage();
        assertTrue(m.startsWith("energies.txt line 3: "), m);
        Path second = Files.writeString(tmp.resolve("two.txt"), "energy\nunits: eV\n6500\n6510\n");
        String m2 = assertThrows(InvalidInputException.class, () -> EnergyLists.fromFile(second)).getMessage();
        assertTrue(m2.contains("line 2"), m2);
    }

    @Test
    void binaryFilesAreRefusedAsNotText() throws IOException {
        Path f = Files.write(tmp.resolve("image.tif"), new byte[] {'M', 'M', 0, 42, (byte) 0xff, (byte) 0xfe, 1});
        String m = assertThrows(InvalidInputException.class, () -> EnergyLists.fromFile(f)).getMessage();
        assertTrue(m.contains("not a text file"), m);
    }
}
