package org.fusionj.core;


/** Chemical element symbols and atomic numbers (the periodic table up to Z = 118). */
public final class Elements {

    private static final String[] SYMBOLS = {
        "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne",
        "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca",
        "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn",
        "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr",
        "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn",
        "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd",
        "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb",
        "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg",
        "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th",
        "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm",
        "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds",
        "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
    };

    private Elements() {
    }

    /**
     * Atomic number of an element symbol; case-insensitive, surrounding blanks ignored ("dy", " O ").
     *
     * @throws InvalidInputException for anything that is not an element symbol
     */
    public static int atomicNumber(String symbol) {
        String s = symbol == null ? "" : symbol.trim();
        for (int i = 0; i < SYMBOLS.length; i++) {
            if (SYMBOLS[i].equalsIgnoreCase(s)) {
                return i + 1;
            }
        }
        throw new InvalidInputException("unknown element symbol '" + s + "' (expected a symbol such as Sc, Dy, O)");
    }

    /** The canonical spelling of a symbol ("dy" gives "Dy"). */
    public static String canonicalSymbol(String symbol) {
        return symbol(atomicNumber(symbol));
    }

    /** The symbol of atomic number {@code z} (1 to 118). */
    public static String symbol(int z) {
        if (z < 1 || z > SYMBOLS.length) {
            throw new InvalidInputException("atomic number " + z + " is outside 1.." + SYMBOLS.length);
        }
        return SYMBOLS[z - 1];
    }

    /** Parses a comma- or blank-separated list such as "Sc,Dy,O" into canonical symbols. */
    public static String[] parseList(String list) {
        String trimmed = list == null ? "" : list.trim();
        if (trimmed.isEmpty()) {
            throw new InvalidInputException("no element symbols given (expected e.g. Sc,Dy,O)");
        }
        String[] parts = trimmed.split("[,;\\s]+");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = canonicalSymbol(parts[i]);
        }
        return parts;
    }
}
