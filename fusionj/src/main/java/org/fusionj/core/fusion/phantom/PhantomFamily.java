package org.fusionj.core.fusion.phantom;

import java.util.List;

/**
 * The phantom family fusion is validated on: specimens FusionJ's defaults were not tuned on, spanning what users
 * bring. Lattices (square, rectangular, hexagonal) and nanoparticles (round, faceted, rods; alloys, core-shell,
 * Janus), 2 to 5 elements from light to heavy, three column profiles, non-square fields of view, lattice periods of
 * 10 to 24 pixels (samplings as instruments take them), and map doses from 1 to 40 counts per pixel at full
 * concentration (Poisson maps), HAADF doses from 300 to 3000 counts per forward-model unit.
 *
 * <p>Every member is seeded: the family is the same on every machine and for every thread count.
 */
public final class PhantomFamily {

    /**
     * One member.
     *
     * @param name        short name used in tables
     * @param description what it shows
     * @param spec        the phantom
     */
    public record Member(String name, String description, PhantomSpec spec) {

        public FusionPhantom generate(int threads) {
            return FusionPhantom.generate(spec, threads);
        }
    }

    private PhantomFamily() {
    }

    /** The members at their full size (192 to 256 pixels on a side). */
    public static List<Member> members() {
        PhantomSpec base = PhantomSpec.defaults(256, 192);
        return List.of(
                new Member("perovskite-low", "Dy/Sc/O perovskite, square lattice, 4 counts, 256 x 192",
                        base.toBuilder().seed(101).build()),
                new Member("perovskite-vlow", "Dy/Sc/O perovskite, 1 count, 192 x 240",
                        base.toBuilder().size(192, 240).seed(102).mapDose(1).build()),
                new Member("perovskite-high", "Sr/Ti/O perovskite, 16 counts + 1 background, 240 x 200",
                        base.toBuilder().size(240, 200).symbols("Sr", "Ti", "O").seed(103).mapDose(16)
                                .mapBackground(1).build()),
                new Member("wurtzite", "Ga/N hexagonal, Moffat columns, 8 counts, period 14, 224 x 160",
                        base.toBuilder().size(224, 160).symbols("Ga", "N").seed(104).structure(Structure.HEXAGONAL)
                                .columnShape(ColumnShape.MOFFAT).latticePeriod(14).columnSigma(1.5).mapDose(8)
                                .build()),
                new Member("dichalcogenide", "W/Se/S hexagonal, 3 counts, period 20, 256 x 176",
                        base.toBuilder().size(256, 176).symbols("W", "Se", "S").seed(105)
                                .structure(Structure.HEXAGONAL).latticePeriod(20).columnSigma(1.6).mapDose(3)
                                .build()),
                new Member("manganite", "La/Sr/Mn/O rectangular, 4 counts + 0.5 background, 240 x 180",
                        base.toBuilder().size(240, 180).symbols("La", "Sr", "Mn", "O").seed(106)
                                .structure(Structure.RECTANGULAR).latticePeriod(13).columnSigma(1.6).mapDose(4)
                                .mapBackground(0.5).build()),
                new Member("five-cation", "Ba/Zr/Ti/Ca/O square, disk columns, 6 counts, period 24, 256 x 208",
                        base.toBuilder().size(256, 208).symbols("Ba", "Zr", "Ti", "Ca", "O").seed(107)
                                .columnShape(ColumnShape.DISK).latticePeriod(24).columnSigma(2).mapDose(6).build()),
                new Member("fine-sampling", "Sr/Ti square, period 10, sigma 1.2, 2 counts, 200 x 256",
                        base.toBuilder().size(200, 256).symbols("Sr", "Ti").seed(108).latticePeriod(10)
                                .columnSigma(1.2).mapDose(2).haadfDose(800).build()),
                new Member("core-shell", "Co/Mn/O nanoparticles (core-shell, Janus, alloys), 20 counts, 256 x 200",
                        base.toBuilder().size(256, 200).symbols("Co", "Mn", "O").seed(109)
                                .structure(Structure.PARTICLES).grainSize(72).mapDose(20).haadfDose(600)
                                .haadfBackground(0.05).build()),
                new Member("bimetallic", "Au/Pd nanoparticles, 6 counts, 232 x 184",
                        base.toBuilder().size(232, 184).symbols("Au", "Pd").seed(110).structure(Structure.PARTICLES)
                                .grainSize(56).mapDose(6).haadfDose(300).haadfBackground(0.1).build()),
                new Member("catalyst", "Pt/Ni/Co/O nanoparticles, 40 counts + 2 background, 200 x 248",
                        base.toBuilder().size(200, 248).symbols("Pt", "Ni", "Co", "O").seed(111)
                                .structure(Structure.PARTICLES).grainSize(64).mapDose(40).mapBackground(2)
                                .haadfDose(3000).haadfBackground(0.02).build()));
    }
}
