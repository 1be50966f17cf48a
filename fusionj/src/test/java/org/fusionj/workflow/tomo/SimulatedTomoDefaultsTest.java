package org.fusionj.workflow.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.zip.CRC32;

import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code simulate-tomo}'s defaults leave the phantom as it was before its radii, HAADF model and backgrounds became
 * options: the default simulation's arrays (truth, HAADF and chemical series) are bit-identical to the spec's own
 * defaults, and their checksum is the one recorded on main 775a2a2 (before the options).
 */
class SimulatedTomoDefaultsTest {

    /** CRC32 of the default 24^3 simulation's float bits (truth, HAADF, chemical series), recorded on 775a2a2. */
    private static final long CHECKSUM_24 = 3026110684L;

    private static long checksum(TomoPhantom ph) {
        CRC32 crc = new CRC32();
        ph.truth().forEach(a -> update(crc, a));
        update(crc, ph.problem().haadf().pixels());
        for (ElementTiltSeries e : ph.problem().elements()) {
            update(crc, e.series().pixels());
        }
        return crc.getValue();
    }

    private static void update(CRC32 crc, float[] a) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * a.length);
        b.asFloatBuffer().put(a);
        crc.update(b.array());
    }

    @Test
    @Timeout(120)
    void theDefaultSimulationIsTheSpecsDefaultBitForBit() {
        TomoPhantom viaSchema = TomoPhantom.generate(SimulatedTomo.spec(TomoKeys.SIMULATE_SCHEMA.read(
                Map.of("size", "24")::get)), 2);
        TomoPhantom direct = TomoPhantom.generate(TomoPhantomSpec.defaults(24), 2);
        assertEquals(direct.particleCount(), viaSchema.particleCount());
        for (int e = 0; e < direct.elementCount(); e++) {
            assertArrayEquals(direct.truth().get(e), viaSchema.truth().get(e));
            assertArrayEquals(direct.problem().elements().get(e).series().pixels(),
                    viaSchema.problem().elements().get(e).series().pixels());
        }
        assertArrayEquals(direct.problem().haadf().pixels(), viaSchema.problem().haadf().pixels());
        assertEquals(CHECKSUM_24, checksum(viaSchema), "checksum of the default 24^3 simulation");
    }
}
