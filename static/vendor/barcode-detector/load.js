// BarcodeDetector where the browser has none (iPhone Safari, Firefox, desktop Chrome on Linux and
// Windows): the vendored polyfill beside this file (README.md: versions, hashes, licences;
// docs/vendor.md: how to include and refresh it). Where a native BarcodeDetector exists this does
// nothing and nothing more is downloaded.
//
// Include it as a module script whose data- attributes hold the {% static %} URLs of the polyfill
// and of the wasm, so both keep their hashed names under ManifestStaticFilesStorage (it does not
// rewrite URLs computed inside JavaScript):
//
//   <script type="module" src="{% static 'vendor/barcode-detector/load.js' %}"
//           data-barcode-polyfill="{% static 'vendor/barcode-detector/barcode-detector.js' %}"
//           data-barcode-wasm="{% static 'vendor/barcode-detector/zxing_reader.wasm' %}"></script>
//
// Without the attributes both files are looked up beside this module (unhashed names: fine with
// the development storage, not in production).
//
// window.BarcodeDetector is installed at once, while the module runs, which is before
// DOMContentLoaded: page code that checks `"BarcodeDetector" in window` then (static/js/scan.js)
// sees it. It is a small class that loads the polyfill on first use and hands every call to it.
// One difference from a native detector: an invalid option is reported by the promise of detect(),
// not thrown by the constructor.

if (!("BarcodeDetector" in globalThis)) {
  const tag = document.querySelector("script[data-barcode-polyfill][data-barcode-wasm]");
  const beside = (name) => new URL(name, import.meta.url).href;
  const polyfillUrl = tag?.dataset.barcodePolyfill || beside("barcode-detector.js");
  const wasmUrl = tag?.dataset.barcodeWasm || beside("zxing_reader.wasm");

  let loading = null;
  // The polyfill is the package's self-contained IIFE build: a classic script that declares one
  // global, BarcodeDetectionAPI. Loaded once; a failed load (offline) is tried again next time.
  const loadPolyfill = () => {
    if (loading) return loading;
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = polyfillUrl;
      script.onload = () => {
        const api = globalThis.BarcodeDetectionAPI;
        if (!api || typeof api.BarcodeDetector !== "function") {
          reject(new DOMException(`${polyfillUrl} did not define BarcodeDetectionAPI`, "NotSupportedError"));
          return;
        }
        // The polyfill would fetch the wasm from a CDN; ours is in our static files.
        api.prepareZXingModule({
          overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) },
        });
        resolve(api);
      };
      script.onerror = () => {
        script.remove();
        reject(new DOMException(`Could not load ${polyfillUrl}`, "NotSupportedError"));
      };
      document.head.append(script);
    });
    loading.catch(() => { loading = null; });
    return loading;
  };

  class BarcodeDetector {
    #detector;

    constructor(options = {}) {
      const copy = { ...options };
      if (options.formats) copy.formats = [...options.formats];
      // Constructing the real detector also starts fetching and compiling the wasm.
      this.#detector = loadPolyfill().then((api) => new api.BarcodeDetector(copy));
      this.#detector.catch(() => {}); // reported by detect()
    }

    static async getSupportedFormats() {
      return (await loadPolyfill()).BarcodeDetector.getSupportedFormats();
    }

    async detect(image) {
      return (await this.#detector).detect(image);
    }
  }

  globalThis.BarcodeDetector = BarcodeDetector;
}
