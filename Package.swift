// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nndl-tui",
    products: [
        .library(name: "NNDL", targets: ["NNDL"]),
        .library(name: "NNDLExperiments", targets: ["NNDLExperiments"]),
        .executable(name: "nndl-tui", targets: ["nndl-tui"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CNCurses",
            // No pkgConfig: ncursesw's .pc adds -D flags SwiftPM warns about; the headers and library
            // are on the default paths, and shim.h defines what those flags would.
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .systemLibrary(
            name: "CChafa",
            pkgConfig: "chafa",
            providers: [.apt(["libchafa-dev", "libglib2.0-dev"])]
        ),
        // The first notebook's first layer on AVX-512 kernels of our own (Math/WideKernels.swift).
        .target(name: "CKernels"),
        .target(
            name: "NNDL",
            dependencies: ["COpenBLAS", "CKernels", "CZlib"]
        ),
        // Experiments on the engine: configs, checkpoints, sweeps, the CIFAR-10 download and benchmarks.
        .target(
            name: "NNDLExperiments",
            dependencies: ["NNDL"]
        ),
        .target(
            name: "NNDLUI",
            dependencies: ["NNDL", "NNDLExperiments"]
        ),
        .executableTarget(
            name: "nndl-tui",
            dependencies: [
                "NNDL", "NNDLExperiments", "NNDLUI", "CNCurses", "CChafa",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "NNDLTests",
            dependencies: ["NNDL", "NNDLExperiments"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "NNDLUITests",
            dependencies: ["NNDLUI", "NNDL", "NNDLExperiments"]
        ),
        // Runs the built `nndl-tui` as a user would: headless commands, and the dashboard inside tmux.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["nndl-tui"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
