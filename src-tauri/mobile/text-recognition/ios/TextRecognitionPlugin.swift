// iOS: Vision's on-device text recognition (VNRecognizeTextRequest, Japanese since iOS 16).
// Called from Rust (src-tauri/src/text_recognition.rs) with the prepared grey image; answers
// the recognised lines with their boxes (top-left origin, pixels) and confidences.
import Foundation
import Tauri
import UIKit
import Vision

class RecognizeArgs: Decodable {
    let pngBase64: String
    let budgetMs: Int?
}

class TextRecognitionPlugin: Plugin {
    @objc public func recognize(_ invoke: Invoke) throws {
        let args = try invoke.parseArgs(RecognizeArgs.self)
        guard let data = Data(base64Encoded: args.pngBase64),
              let image = UIImage(data: data)?.cgImage
        else {
            invoke.reject("the image could not be decoded")
            return
        }
        let width = Double(image.width)
        let height = Double(image.height)
        let request = VNRecognizeTextRequest()
        request.recognitionLevel = .accurate
        request.recognitionLanguages = ["ja-JP"]
        // No dictionary "corrections": numbers and names must come out as printed.
        request.usesLanguageCorrection = false
        let handler = VNImageRequestHandler(cgImage: image, options: [:])
        DispatchQueue.global(qos: .userInitiated).async {
            let done = DispatchSemaphore(value: 0)
            var failure: Error?
            DispatchQueue.global(qos: .userInitiated).async {
                do { try handler.perform([request]) } catch { failure = error }
                done.signal()
            }
            // Bounded in time: past the budget the request is cancelled.
            let budget = DispatchTime.now() + .milliseconds(args.budgetMs ?? 20_000)
            if done.wait(timeout: budget) == .timedOut {
                request.cancel()
                invoke.reject("text recognition timed out")
                return
            }
            if let failure = failure {
                invoke.reject(failure.localizedDescription)
                return
            }
            var words: [[String: Any]] = []
            for observation in request.results ?? [] {
                guard let best = observation.topCandidates(1).first else { continue }
                // Vision's boxes are normalised with the origin at the bottom left.
                let box = observation.boundingBox
                words.append([
                    "text": best.string,
                    "left": box.minX * width,
                    "top": (1 - box.maxY) * height,
                    "width": box.width * width,
                    "height": box.height * height,
                    "confidence": Double(best.confidence),
                ])
            }
            invoke.resolve(["words": words])
        }
    }
}

@_cdecl("init_plugin_text_recognition")
func initPlugin() -> Plugin {
    return TextRecognitionPlugin()
}
