package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.io.FileFormatException;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.MissingLibrary;
import org.fusionj.workflow.NotEnoughMemoryException;
import org.fusionj.workflow.Version;

/**
 * The {@code fusionj} command line: {@code fuse}, {@code demo}, {@code bench}. Reads and writes files only and
 * never opens a window. Exit status: 0 success; 2 bad input or usage, an output refused before work (unwritable, an
 * input, taken by another run, no room) or a result that came out NaN; 3 not enough memory (the run or an input
 * file refused before work, or out of memory; nothing written); 1 any other failure (e.g. the disk filled up while saving; nothing written);
 * 130 cancelled. Each failure is one line on stderr saying why.
 */
public final class FusionJCli {

    static final String USAGE = """
            FusionJ %s: correlative multi-modal microscopy
            usage: fusionj COMMAND [options]
              fuse    fuse a HAADF image with EDX/EELS elemental maps (fusionj fuse --help)
              maps    elemental maps from an EDX/EELS spectrum image (fusionj maps --help)
              demo    fuse the bundled DyScO3 data and save the results (fusionj demo --help)
              xanes   XANES edge-energy maps of a spectro-tomography series (fusionj xanes --help)
              simulate-xanes   write a synthetic XANES series (fusionj simulate-xanes --help)
              register   registration of a spectro-tomography series, a 2-D XANES stack or a pair (fusionj register --help)
              apply-transforms   a saved transforms file onto other data (fusionj apply-transforms --help)
              simulate-series   write a synthetic drifting spectro-tomography series (fusionj simulate-series --help)
              fuse-tomo   fused multi-modal electron tomography from tilt series (fusionj fuse-tomo --help)
              simulate-tomo   write a simulated tomography data set with its truth (fusionj simulate-tomo --help)
              learn   learn a dictionary from STEM image(s) (fusionj learn --help)
              enhance enhance a TXM image or stack with a dictionary (fusionj enhance --help)
              cluster   write a Spark job and its submit script for a cluster (fusionj cluster --help)
              install-fiji   install FusionJ and the libraries it lacks into a Fiji.app (fusionj install-fiji --help)
              bench   benchmarks: fusionj bench fusion|xanes|registration|dictionary|tomo [options] (fusionj bench --help)
            """;

    /** Exit status when the run needs more memory than the Java heap has (refused before work, or out of memory). */
    static final int EXIT_MEMORY = 3;

    private FusionJCli() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int status = run(Arrays.asList(args), System.out, System.err);
        System.exit(status);
    }

    /** Runs one command; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            out.printf(USAGE, Version.get());
            return args.isEmpty() ? 2 : 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            if (rest.contains("--help")) {
                out.print(usage(command));
                return 0;
            }
            return switch (command) {
                case "fuse" -> FuseCommand.run(rest, out, err);
                case "maps" -> MapsCommand.run(rest, out, err);
                case "demo" -> DemoCommand.run(rest, out, err);
                case "xanes" -> XanesCommand.run(rest, out, err);
                case "simulate-xanes" -> SimulateXanesCommand.run(rest, out);
                case "bench" -> BenchCommand.run(rest, out);
                case "register" -> RegisterCommand.run(rest, out, err);
                case "apply-transforms" -> ApplyTransformsCommand.run(rest, out, err);
                case "simulate-series" -> SimulateSeriesCommand.run(rest, out, err);
                case "fuse-tomo" -> FuseTomoCommand.run(rest, out, err);
                case "simulate-tomo" -> SimulateTomoCommand.run(rest, out, err);
                case "learn" -> LearnCommand.run(rest, out, err);
                case "enhance" -> EnhanceCommand.run(rest, out, err);
                case "fuzz" -> FuzzCommand.run(rest, out);
                case "install-fiji" -> InstallFijiCommand.run(rest, out);
                case "cluster" -> ClusterCommand.run(rest, out, err);
                default -> {
                    err.println("fusionj: unknown command '" + command + "' (fuse, maps, demo, xanes, simulate-xanes,"
                            + " register, apply-transforms, simulate-series, fuse-tomo, simulate-tomo, learn, enhance,"
                            + " install-fiji, bench, cluster)");
                    yield 2;
                }
            };
        } catch (NotEnoughMemoryException | org.fusionj.io.NotEnoughMemoryException e) {
            // the run's estimate, or a file too large for the heap: both are fixed by more memory
            err.println("fusionj " + command + ": error: " + e.getMessage());
            return EXIT_MEMORY;
        } catch (InvalidInputException | FileFormatException | NoSuchFileException | FileAlreadyExistsException e) {
            err.println("fusionj " + command + ": error: " + describe(e));
            return 2;
        } catch (CancelledException e) {
            err.println("fusionj " + command + ": cancelled");
            return 130;
        } catch (IOException | RuntimeException e) {
            err.println("fusionj " + command + ": failed: " + describe(e));
            return 1;
        } catch (NoClassDefFoundError e) {
            err.println("fusionj " + command + ": failed: " + MissingLibrary.message(e));
            return 1;
        } catch (OutOfMemoryError e) {
            // The run's arrays are unreachable once the stack has unwound, so there is room for the message; the
            // claimed output was discarded on the way (try-with-resources), so nothing was written.
            err.println("fusionj " + command + ": error: " + MemoryEstimate.outOfMemoryMessage());
            return EXIT_MEMORY;
        }
    }

    private static String usage(String command) {
        return switch (command) {
            case "fuse" -> FuseCommand.USAGE;
            case "maps" -> MapsCommand.USAGE;
            case "demo" -> DemoCommand.USAGE + System.lineSeparator();
            case "xanes" -> XanesCommand.USAGE;
            case "simulate-xanes" -> SimulateXanesCommand.USAGE;
            case "bench" -> BenchCommand.USAGE + System.lineSeparator();
            case "register" -> RegisterCommand.USAGE;
            case "apply-transforms" -> ApplyTransformsCommand.USAGE;
            case "simulate-series" -> SimulateSeriesCommand.USAGE;
            case "fuse-tomo" -> FuseTomoCommand.USAGE;
            case "simulate-tomo" -> SimulateTomoCommand.USAGE;
            case "learn" -> LearnCommand.USAGE;
            case "enhance" -> EnhanceCommand.USAGE;
            case "fuzz" -> FuzzCommand.USAGE;
            case "install-fiji" -> InstallFijiCommand.USAGE;
            case "cluster" -> ClusterCommand.USAGE;
            default -> String.format(USAGE, Version.get());
        };
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException nf) {
            return "no such file: " + nf.getFile();
        }
        if (e instanceof FileAlreadyExistsException fe) {
            return "file exists: " + fe.getFile();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
