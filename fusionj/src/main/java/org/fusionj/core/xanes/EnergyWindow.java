package org.fusionj.core.xanes;

import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/**
 * An energy window given in eV relative to the edge energy E0, closed at both ends: {@code [E0 + fromEv,
 * E0 + toEv]}. For example the pre-edge window {@code (-50, -20)} at the Mn K edge (E0 = 6539 eV) covers 6489 to
 * 6519 eV.
 *
 * @param fromEv lower end relative to E0, finite
 * @param toEv   upper end relative to E0, finite and above {@code fromEv}
 */
public record EnergyWindow(double fromEv, double toEv) {

    public EnergyWindow {
        if (!Double.isFinite(fromEv) || !Double.isFinite(toEv) || !(toEv > fromEv)) {
            throw new InvalidInputException("an energy window needs two finite values in eV, the first below the "
                    + "second (relative to E0, e.g. -50,-20), got " + fromEv + ", " + toEv);
        }
    }

    public static EnergyWindow of(double fromEv, double toEv) {
        return new EnergyWindow(fromEv, toEv);
    }

    /**
     * Parses "-50,-20", "-50 -20", "-50:-20" or "[-50, -20]".
     *
     * @param name the parameter name, for the message (e.g. "pre_edge")
     */
    public static EnergyWindow parse(String name, String text) {
        String t = text == null ? "" : text.trim().replace("[", "").replace("]", "").trim();
        String[] parts = t.split("\\s*[,;:\\s]\\s*");
        if (parts.length == 2) {
            try {
                return new EnergyWindow(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
            } catch (NumberFormatException e) {
                // reported below
            } catch (InvalidInputException e) {
                throw new InvalidInputException(name + ": " + e.getMessage());
            }
        }
        throw new InvalidInputException(name + " needs two numbers in eV relative to E0, lower first (e.g. "
                + "-50,-20), got '" + text + "'");
    }

    /** Absolute lower end, {@code e0 + fromEv}. */
    public double from(double e0Ev) {
        return e0Ev + fromEv;
    }

    /** Absolute upper end, {@code e0 + toEv}. */
    public double to(double e0Ev) {
        return e0Ev + toEv;
    }

    /** Whether {@code energyEv} lies in the window placed at {@code e0Ev}. */
    public boolean contains(double e0Ev, double energyEv) {
        return energyEv >= e0Ev + fromEv && energyEv <= e0Ev + toEv;
    }

    /** "-50,-20": the form {@link #parse} reads and macro options record. */
    public String key() {
        return EnergySeries.fmt(fromEv) + "," + EnergySeries.fmt(toEv);
    }

    /** Describes the window at {@code e0}, e.g. "6489 to 6519 eV (E0 - 50 to E0 - 20)". */
    public String describe(double e0Ev) {
        return String.format(Locale.ROOT, "%s to %s eV (E0 %s to E0 %s)", EnergySeries.fmt(from(e0Ev)),
                EnergySeries.fmt(to(e0Ev)), signed(fromEv), signed(toEv));
    }

    private static String signed(double v) {
        return (v < 0 ? "- " : "+ ") + EnergySeries.fmt(Math.abs(v));
    }
}
