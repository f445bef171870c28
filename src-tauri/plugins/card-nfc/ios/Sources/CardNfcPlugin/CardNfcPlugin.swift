import CoreNFC
import Foundation
import Tauri

class ConnectArgs: Decodable {
    var timeoutMs: Int?
}

class TransceiveArgs: Decodable {
    let apdu: String
}

/// APDUs to the My Number Card for Hoken Wallet. Which APDUs is decided in Rust (hoken-core's
/// card module); this class only waits for the card, exchanges bytes and lets go.
///
/// iOS only reports an ISO 7816 tag whose application answers a SELECT of an AID listed in
/// Info.plist (com.apple.developer.nfc.readersession.iso7816.select-identifiers): the JPKI
/// application, D392F000260100000001 (docs/mobile.md).
class CardNfcPlugin: Plugin, NFCTagReaderSessionDelegate {
    private var session: NFCTagReaderSession?
    private var card: NFCISO7816Tag?
    private var waiting: Invoke?

    @objc public func available(_ invoke: Invoke) {
        invoke.resolve(["available": NFCTagReaderSession.readingAvailable])
    }

    @objc public func connect(_ invoke: Invoke) {
        guard NFCTagReaderSession.readingAvailable else {
            invoke.reject("NFC is not available", code: "no_nfc")
            return
        }
        waiting?.reject("Superseded by a new read", code: "no_card")
        waiting = invoke
        card = nil
        // The system sheet has its own time limit (60 s) and a Cancel button.
        session = NFCTagReaderSession(pollingOption: [.iso14443], delegate: self, queue: nil)
        session?.alertMessage = "マイナンバーカードをiPhoneの上部に当ててください"
        session?.begin()
    }

    func tagReaderSessionDidBecomeActive(_ session: NFCTagReaderSession) {}

    func tagReaderSession(_ session: NFCTagReaderSession, didInvalidateWithError error: Error) {
        waiting?.reject(error.localizedDescription, code: "no_card")
        waiting = nil
        card = nil
        self.session = nil
    }

    func tagReaderSession(_ session: NFCTagReaderSession, didDetect tags: [NFCTag]) {
        guard let first = tags.first, case let .iso7816(tag) = first else {
            session.invalidate(errorMessage: "マイナンバーカードではありません")
            return
        }
        session.connect(to: first) { error in
            if let error = error {
                self.waiting?.reject(error.localizedDescription, code: "removed")
            } else {
                self.card = tag
                self.waiting?.resolve()
            }
            self.waiting = nil
        }
    }

    @objc public func transceive(_ invoke: Invoke) throws {
        let args = try invoke.parseArgs(TransceiveArgs.self)
        guard let card = card else {
            invoke.reject("No card", code: "removed")
            return
        }
        guard let bytes = unhex(args.apdu), let apdu = NFCISO7816APDU(data: bytes) else {
            invoke.reject("A malformed APDU", code: "failed")
            return
        }
        card.sendCommand(apdu: apdu) { data, sw1, sw2, error in
            if let error = error {
                invoke.reject(error.localizedDescription, code: "removed")
                return
            }
            var response = data
            response.append(contentsOf: [sw1, sw2])
            invoke.resolve(["response": response.map { String(format: "%02X", $0) }.joined()])
        }
    }

    @objc public func close(_ invoke: Invoke) {
        session?.alertMessage = "読み取りました"
        session?.invalidate()
        session = nil
        card = nil
        invoke.resolve()
    }

    private func unhex(_ s: String) -> Data? {
        guard s.count % 2 == 0 else { return nil }
        var data = Data(capacity: s.count / 2)
        var index = s.startIndex
        while index < s.endIndex {
            let next = s.index(index, offsetBy: 2)
            guard let byte = UInt8(s[index..<next], radix: 16) else { return nil }
            data.append(byte)
            index = next
        }
        return data
    }
}

@_cdecl("init_plugin_card_nfc")
func initPlugin() -> Plugin {
    return CardNfcPlugin()
}
