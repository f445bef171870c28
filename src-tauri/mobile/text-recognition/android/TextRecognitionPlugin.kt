// Android: ML Kit's on-device Japanese text recognition (com.google.mlkit:text-recognition-japanese,
// bundled model: no download, no network). Called from Rust (src-tauri/src/text_recognition.rs)
// with the prepared grey image; answers the words with their boxes and confidences.
package app.hoken.wallet.ocr

import android.app.Activity
import android.graphics.BitmapFactory
import android.util.Base64
import app.tauri.annotation.Command
import app.tauri.annotation.InvokeArg
import app.tauri.annotation.TauriPlugin
import app.tauri.plugin.Invoke
import app.tauri.plugin.JSArray
import app.tauri.plugin.JSObject
import app.tauri.plugin.Plugin
import com.google.android.gms.tasks.Tasks
import com.google.mlkit.vision.common.InputImage
import com.google.mlkit.vision.text.TextRecognition
import com.google.mlkit.vision.text.japanese.JapaneseTextRecognizerOptions
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

@InvokeArg
class RecognizeArgs {
    lateinit var pngBase64: String
    var budgetMs: Long = 20_000
}

@TauriPlugin
class TextRecognitionPlugin(private val activity: Activity) : Plugin(activity) {
    private val recognizer =
        TextRecognition.getClient(JapaneseTextRecognizerOptions.Builder().build())
    // Recognition waits for its result: never on the main thread.
    private val worker = Executors.newSingleThreadExecutor()

    @Command
    fun recognize(invoke: Invoke) {
        val args = invoke.parseArgs(RecognizeArgs::class.java)
        worker.execute {
            try {
                val bytes = Base64.decode(args.pngBase64, Base64.DEFAULT)
                val bitmap = BitmapFactory.decodeByteArray(bytes, 0, bytes.size)
                    ?: return@execute invoke.reject("the image could not be decoded")
                val task = recognizer.process(InputImage.fromBitmap(bitmap, 0))
                // Bounded in time: past the budget the answer is "not read".
                val text = Tasks.await(task, args.budgetMs, TimeUnit.MILLISECONDS)
                val words = JSArray()
                for (block in text.textBlocks) for (line in block.lines) for (element in line.elements) {
                    val box = element.boundingBox ?: continue
                    val word = JSObject()
                    word.put("text", element.text)
                    word.put("left", box.left)
                    word.put("top", box.top)
                    word.put("width", box.width())
                    word.put("height", box.height())
                    // Element confidence (0–1); older models report none: treat as unsure.
                    word.put("confidence", element.confidence.toDouble())
                    words.put(word)
                }
                val result = JSObject()
                result.put("words", words)
                invoke.resolve(result)
            } catch (e: Exception) {
                invoke.reject(e.message ?: "text recognition failed")
            }
        }
    }
}
