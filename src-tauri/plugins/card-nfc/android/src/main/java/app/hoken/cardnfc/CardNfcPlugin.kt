package app.hoken.cardnfc

import android.app.Activity
import android.nfc.NfcAdapter
import android.nfc.Tag
import android.nfc.TagLostException
import android.nfc.tech.IsoDep
import android.os.Handler
import android.os.Looper
import app.tauri.annotation.Command
import app.tauri.annotation.InvokeArg
import app.tauri.annotation.TauriPlugin
import app.tauri.plugin.Invoke
import app.tauri.plugin.JSObject
import app.tauri.plugin.Plugin
import java.io.IOException

@InvokeArg
class ConnectArgs {
    var timeoutMs: Long = 30_000
}

@InvokeArg
class TransceiveArgs {
    lateinit var apdu: String
}

/**
 * APDUs to an ISO-DEP card (the My Number Card) for Hoken Wallet. Which APDUs is decided in
 * Rust (hoken-core's card module): this class only waits for the card, exchanges bytes and
 * lets go. It never reads anything by itself.
 */
@TauriPlugin
class CardNfcPlugin(private val activity: Activity) : Plugin(activity), NfcAdapter.ReaderCallback {
    private val adapter: NfcAdapter? = NfcAdapter.getDefaultAdapter(activity)
    private val main = Handler(Looper.getMainLooper())
    private var card: IsoDep? = null
    private var waiting: Invoke? = null
    private val timeout = Runnable {
        waiting?.reject("No card was held to the phone", "no_card")
        waiting = null
        adapter?.disableReaderMode(activity)
    }

    @Command
    fun available(invoke: Invoke) {
        val result = JSObject()
        result.put("available", adapter?.isEnabled == true)
        invoke.resolve(result)
    }

    @Command
    fun connect(invoke: Invoke) {
        val args = invoke.parseArgs(ConnectArgs::class.java)
        val nfc = adapter
        if (nfc == null || !nfc.isEnabled) {
            invoke.reject("NFC is off or missing", "no_nfc")
            return
        }
        closeCard()
        waiting?.reject("Superseded by a new read", "no_card")
        waiting = invoke
        main.removeCallbacks(timeout)
        main.postDelayed(timeout, args.timeoutMs)
        // The My Number Card is NFC-B; A as well for other cards (then refused in Rust).
        val flags = NfcAdapter.FLAG_READER_NFC_A or NfcAdapter.FLAG_READER_NFC_B or
            NfcAdapter.FLAG_READER_SKIP_NDEF_CHECK or NfcAdapter.FLAG_READER_NO_PLATFORM_SOUNDS
        nfc.enableReaderMode(activity, this, flags, null)
    }

    override fun onTagDiscovered(tag: Tag) {
        val iso = IsoDep.get(tag)
        main.post {
            val pending = waiting ?: return@post
            if (iso == null) {
                pending.reject("Not an ISO 14443-4 card", "failed")
            } else {
                try {
                    iso.connect()
                    iso.timeout = 5_000
                    card = iso
                    pending.resolve()
                } catch (e: IOException) {
                    pending.reject(e.message ?: "connect failed", "removed")
                }
            }
            waiting = null
            main.removeCallbacks(timeout)
        }
    }

    @Command
    fun transceive(invoke: Invoke) {
        val args = invoke.parseArgs(TransceiveArgs::class.java)
        val iso = card
        if (iso == null || !iso.isConnected) {
            invoke.reject("No card", "removed")
            return
        }
        try {
            val response = iso.transceive(unhex(args.apdu))
            val result = JSObject()
            result.put("response", hex(response))
            invoke.resolve(result)
        } catch (e: TagLostException) {
            invoke.reject("The card moved away", "removed")
        } catch (e: IOException) {
            invoke.reject(e.message ?: "transceive failed", "removed")
        } catch (e: IllegalArgumentException) {
            invoke.reject(e.message ?: "bad APDU", "failed")
        }
    }

    @Command
    fun close(invoke: Invoke) {
        closeCard()
        main.removeCallbacks(timeout)
        adapter?.disableReaderMode(activity)
        invoke.resolve()
    }

    private fun closeCard() {
        try {
            card?.close()
        } catch (_: IOException) {
        }
        card = null
    }

    private fun hex(bytes: ByteArray): String = bytes.joinToString("") { "%02X".format(it) }

    private fun unhex(s: String): ByteArray {
        require(s.length % 2 == 0) { "odd hex" }
        return ByteArray(s.length / 2) { i -> s.substring(2 * i, 2 * i + 2).toInt(16).toByte() }
    }
}
