// swift-tools-version:5.3
import PackageDescription

let package = Package(
    name: "tauri-plugin-card-nfc",
    platforms: [.iOS(.v14)],
    products: [
        .library(name: "tauri-plugin-card-nfc", type: .static, targets: ["CardNfcPlugin"]),
    ],
    dependencies: [
        .package(name: "Tauri", path: "../.tauri/tauri-api"),
    ],
    targets: [
        .target(
            name: "CardNfcPlugin",
            dependencies: [.byName(name: "Tauri")],
            path: "Sources/CardNfcPlugin"
        ),
    ]
)
